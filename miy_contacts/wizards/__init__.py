from . import miy_caller_lookup
