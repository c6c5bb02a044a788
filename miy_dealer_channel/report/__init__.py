from . import dealer_routing_report
