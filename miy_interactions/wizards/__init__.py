from . import miy_interaction_share
from . import miy_measure_export
from . import mailing_compose_message
from . import mailing_sms_composer
from . import mailing_send_confirm
