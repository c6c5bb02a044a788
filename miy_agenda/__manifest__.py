{
    "name": "MİY Agenda",
    "version": "18.0.1.0.0",
    "category": "Productivity/Calendar",
    "summary": "Shared resource calendars, Turkish holidays, meetings with barcode invitations, badges and check-in",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "calendar"],
    "data": ["views/menus.xml"],
    "demo": [],
    "installable": True,
    "application": False,
}
