from . import miy_agenda_free_room
