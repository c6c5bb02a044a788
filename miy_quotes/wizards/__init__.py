from . import analysis_export, analysis_lost
