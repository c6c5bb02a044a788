from . import dealer_order_portal
