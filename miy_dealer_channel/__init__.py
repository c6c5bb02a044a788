from . import controllers, models, wizards
from . import report
