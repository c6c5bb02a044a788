from . import crm_lead
from . import crm_team_member
from . import miy_interaction
from . import miy_interaction_read
from . import miy_interaction_reason
from . import res_partner
from . import res_users
from . import crm_team
