from . import crm_lead, miy_dealer, res_partner, res_users
from . import dealer_portal_dealer, dealer_portal_lead
from . import dealer_stock
from . import dealer_stock_analysis
from . import dealer_routing
from . import dealer_order
from . import dealer_intel_brand, dealer_intel_report, dealer_intel_potential, dealer_intel_market_share
from . import dealer_intel_partner
from . import dealer_campaign, dealer_campaign_step, dealer_campaign_report
from . import field_survey
