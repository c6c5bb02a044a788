from . import dealer_intel_portal
