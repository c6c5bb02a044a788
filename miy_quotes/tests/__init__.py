from . import test_menus
from . import test_plan
from . import test_plan_access
from . import test_plan_tour
