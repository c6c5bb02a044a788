from . import test_dealer
from . import test_dealer_lead
from . import test_menus
from . import test_dealer_stock
from . import test_dealer_stock_security
from . import test_dealer_stock_tour
