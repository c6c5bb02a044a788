from . import dealer_portal_leads, dealer_portal_team
from . import dealer_stock_portal
from . import dealer_order_portal
from . import dealer_intel_portal
