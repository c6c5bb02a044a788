from . import agenda_checkin_pass
