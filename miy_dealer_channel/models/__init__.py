from . import crm_lead, miy_dealer, res_partner, res_users
from . import dealer_intel_brand, dealer_intel_report, dealer_intel_potential, dealer_intel_market_share
from . import dealer_intel_partner
