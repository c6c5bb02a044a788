{
    "name": "MİY Dealer Channel",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Dealer portal, routed leads, dealer orders and stock, competitor intelligence and market share",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "portal", "sale_stock", "crm", "survey"],
    "data": ["views/menus.xml"],
    "demo": [],
    "installable": True,
    "application": False,
}
