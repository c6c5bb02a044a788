{
    "name": "MİY Dealer Channel",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "summary": "Dealer portal, routed leads, dealer orders and stock, competitor intelligence and market share",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "portal", "sale_stock", "crm", "survey", "utm"],
    "data": [
        "security/miy_dealer_security.xml",
        "security/ir.model.access.csv",
        "security/miy_dealer_rules.xml",
        "data/miy_dealer_data.xml",
        "views/miy_dealer_views.xml",
        "views/menus.xml",
        "security/dealer_stock_security.xml",
        "views/dealer_stock_views.xml",
        "views/dealer_stock_portal_templates.xml",
    ],
    "demo": [
        "demo/miy_dealer_demo.xml",
        "demo/dealer_stock_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "miy_dealer_channel/static/src/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
