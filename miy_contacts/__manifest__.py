{
    "name": "MİY Contacts",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Organizations and persons with roles, affiliations, phones, relations, profiles, segments and referrals",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["contacts", "crm", "mail"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/miy_contacts_security.xml",
        "security/ir.model.access.csv",
        "data/miy_partner_role_data.xml",
        "wizards/miy_caller_lookup_views.xml",
        "views/miy_partner_role_views.xml",
        "views/miy_affiliation_views.xml",
        "views/miy_partner_phone_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "miy_contacts/static/src/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": True,
}
