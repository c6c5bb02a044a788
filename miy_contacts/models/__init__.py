from . import miy_partner_role
from . import miy_affiliation
from . import miy_partner_phone
from . import res_partner
from . import miy_lifecycle_event
from . import res_partner_referral
from . import crm_lead_referral
from . import res_partner_exchange
