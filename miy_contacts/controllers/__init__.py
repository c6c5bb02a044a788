from . import home
from . import readonly
