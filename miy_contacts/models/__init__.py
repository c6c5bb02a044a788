# Tables before the SQL views that read them: types, relations, then the views.
# isort: off
from . import miy_relation_type
from . import miy_relation_type_selection
from . import miy_partner_relation
from . import miy_partner_relation_all
from . import res_partner_relation
from . import miy_document_type
from . import ir_attachment
from . import res_partner_document
# isort: on
