from . import agenda_checkin_badge
