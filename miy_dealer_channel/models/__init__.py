from . import crm_lead, miy_dealer, res_partner, res_users
from . import dealer_stock
from . import dealer_stock_analysis
