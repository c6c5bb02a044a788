{
    "name": "MİY Interactions",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "summary": "Interaction notes, follow-ups, manager oversight, personalised e-mail/SMS and service requests with SLA",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "mail", "sms", "mass_mailing", "calendar"],
    "data": [
        "security/miy_interactions_security.xml",
        "security/ir.model.access.csv",
        "data/miy_interaction_data.xml",
        "data/miy_interaction_incoming_data.xml",
        "wizards/miy_interaction_share_views.xml",
        "wizards/miy_measure_export_views.xml",
        "views/miy_interaction_reason_views.xml",
        "views/miy_interaction_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/miy_interaction_report_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/miy_interaction_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "miy_interactions/static/src/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
