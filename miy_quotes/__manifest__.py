{
    "name": "MİY Quotes",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "summary": "Quote preparation, win/loss analysis, payment plans against payments, after-sale and customer value",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "sale_management", "account", "sale_loyalty"],
    "data": ["views/res_partner_card_views.xml", "views/menus.xml"],
    "demo": [],
    "installable": True,
    "application": False,
}
