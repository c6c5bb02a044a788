from . import test_dealer
from . import test_dealer_lead
from . import test_menus
from . import test_dealer_routing
from . import test_dealer_routing_tour
from . import test_dealer_routing_screens
