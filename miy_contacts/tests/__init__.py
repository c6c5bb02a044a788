from . import test_menus
from . import test_roles
from . import test_affiliations
from . import test_phones
from . import test_install_hook
from . import test_partner_360
from . import test_ui
