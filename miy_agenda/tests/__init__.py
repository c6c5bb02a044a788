from . import test_menus
from . import test_agenda_access
from . import test_agenda_booking
from . import test_agenda_concurrency
from . import test_agenda_holidays
from . import test_agenda_free_room
from . import test_agenda_tour
from . import test_agenda_privacy
