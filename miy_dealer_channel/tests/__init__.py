from . import test_dealer
from . import test_dealer_lead
from . import test_menus
from . import test_dealer_order
from . import test_dealer_order_portal
