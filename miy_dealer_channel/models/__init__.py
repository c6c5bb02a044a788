from . import crm_lead, miy_dealer, res_partner, res_users
from . import dealer_order
