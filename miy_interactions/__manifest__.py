{
    "name": "MİY Interactions",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Interaction notes, follow-ups, manager oversight, personalised e-mail/SMS and service requests with SLA",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "mail", "sms", "mass_mailing", "calendar"],
    "data": ["views/menus.xml"],
    "demo": [],
    "installable": True,
    "application": False,
}
