from . import test_dealer
from . import test_dealer_lead
from . import test_menus
from . import test_dealer_portal_leads
from . import test_dealer_portal_http
from . import test_dealer_portal_registration
from . import test_dealer_portal_team
