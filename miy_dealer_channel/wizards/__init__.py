from . import dealer_route_wizard
