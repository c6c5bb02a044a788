from . import test_menus
from . import test_version
from . import test_preparation
from . import test_references
from . import test_version_tour
