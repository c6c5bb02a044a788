from . import test_menus
from . import test_aftersale_installed_base
from . import test_aftersale_birthday
from . import test_aftersale_proposals
from . import test_aftersale_tour
