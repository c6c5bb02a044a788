from . import dealer_portal_log_visit, dealer_portal_reject_registration
from . import dealer_route_wizard
from . import field_survey_start
from . import field_survey_segment
