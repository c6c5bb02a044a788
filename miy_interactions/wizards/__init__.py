from . import miy_interaction_share
from . import miy_measure_export
