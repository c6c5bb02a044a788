from . import test_followups
from . import test_incoming_mail
from . import test_interactions
from . import test_menus
from . import test_oversight
from . import test_ui
from . import test_mailing
