from . import miy_interaction_share
