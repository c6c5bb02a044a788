from . import test_menus
from . import test_win_loss
from . import test_customer_value
