from . import dealer_stock_portal
