from . import miy_einvoice_import_wizard
from . import miy_einvoice_partner_wizard
