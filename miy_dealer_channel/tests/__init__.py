from . import test_dealer
from . import test_dealer_lead
from . import test_menus
from . import test_dealer_intel_report
from . import test_dealer_intel_market_share
from . import test_dealer_intel_portal
from . import test_dealer_intel_menus
