from . import miy_partner_role
from . import miy_person_data_mixin
from . import miy_affiliation
from . import miy_partner_phone
from . import res_partner
from . import res_partner_organizations

from . import miy_personal_type_mixin

# relations: tables before the SQL views that read them
from . import miy_relation_type
from . import miy_relation_type_selection
from . import miy_partner_relation
from . import miy_partner_relation_all
from . import res_partner_relation

# documents
from . import miy_document_type
from . import ir_attachment
from . import res_partner_document
from . import miy_lifecycle_event
from . import res_partner_referral
from . import crm_lead_referral
from . import res_partner_exchange

# personal profile, criteria, segments
from . import miy_hobby
from . import miy_association
from . import miy_partner_education
from . import miy_partner_language
from . import miy_partner_measurement
from . import res_partner_profile
from . import miy_criterion
from . import miy_criterion_value
from . import res_partner_criterion
from . import miy_segment
from . import mail_message
from . import mail_thread
