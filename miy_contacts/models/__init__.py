from . import miy_affiliation, miy_partner_phone, miy_partner_role, res_partner

# Relations: tables before the SQL views that read them (types, relations, then the views).
# isort: off
from . import miy_relation_type
from . import miy_relation_type_selection
from . import miy_partner_relation
from . import miy_partner_relation_all
from . import res_partner_relation

# isort: on
from . import ir_attachment, miy_document_type, res_partner_document
