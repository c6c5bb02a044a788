from . import test_dealer
from . import test_menus
