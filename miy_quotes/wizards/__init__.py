from . import version_compare
from . import analysis_export, analysis_lost
