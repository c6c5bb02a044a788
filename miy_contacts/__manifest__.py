{
    "name": "MİY Contacts",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Organizations and persons with roles, affiliations, phones, relations, profiles, segments and referrals",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["contacts", "crm", "mail"],
    "data": ["security/miy_contacts_security.xml", "security/ir.model.access.csv", "views/menus.xml"],
    "demo": [],
    "installable": True,
    "application": True,
}
