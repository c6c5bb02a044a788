from . import test_menus
from . import test_ubl_parser
from . import test_import
from . import test_moves
from . import test_partner
from . import test_responses
from . import test_access
from . import test_moves_batched
