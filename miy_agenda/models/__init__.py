from . import miy_agenda_subject
from . import miy_agenda_equipment
from . import miy_agenda_resource
from . import miy_agenda_booking
from . import calendar_event
from . import resource_calendar_leaves
