from . import miy_partner_role
from . import miy_affiliation
from . import miy_partner_phone
from . import res_partner
