from . import miy_einvoice
from . import miy_einvoice_import
from . import miy_einvoice_move
from . import miy_einvoice_move_batch
from . import account_move
from . import account_tax
from . import res_partner_einvoice
