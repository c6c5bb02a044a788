{
    "name": "MİY e-Invoice Bridge",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations/EDI",
    "summary": "UBL-TR 1.2 e-invoices (e-Fatura, e-Arşiv) from any integrator or the GİB portal, linked to partners",
    "author": "MİY",
    "website": "https://example.org/miy",
    "license": "LGPL-3",
    "depends": ["miy_contacts", "account", "l10n_tr"],
    "data": ["views/menus.xml"],
    "demo": [],
    "installable": True,
    "application": False,
}
