from . import version_compare
