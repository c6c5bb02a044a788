from . import miy_agenda_free_room
from . import agenda_route
