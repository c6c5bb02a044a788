from . import dealer_routing_report
from . import field_survey_report
