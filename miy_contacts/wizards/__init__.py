from . import miy_caller_lookup
from . import miy_partner_export_wizard
from . import miy_partner_import_wizard
