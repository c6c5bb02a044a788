# Run inside `odoo shell` on a new demo database by `scripts/miy run`, twice: right after `base`
# (before any accounting, so the currency can still change) and again after Odoo's modules are
# installed (stock's demo renames the main company "My Company (San Francisco)"), before the MİY
# addons write their demo data. It makes the main company the Bursa machinery manufacturer of the
# demo story, in Turkish lira, with Odoo's Turkish chart of accounts and taxes (l10n_tr), and
# Turkish the language of its people. Idempotent.
import base64
import os
from pathlib import Path

company = env.ref("base.main_company")
turkey = env.ref("base.tr")
try_ = env.ref("base.TRY")
try_.active = True
vals = {
    "name": "Uludağ Makina San. ve Tic. A.Ş.",
    "street": "Nilüfer Organize Sanayi Bölgesi, Ahmet Vefik Paşa Cad. No: 14",
    "city": "Nilüfer",
    "zip": "16140",
    "state_id": env.ref("base.state_tr_16").id,
    "country_id": turkey.id,
    "vat": "TR1290456786",
    "company_registry": "Bursa Ticaret Sicili 54321",
    "phone": "+90 224 411 20 20",
    "email": "info@uludagmakina.example",
    "website": "https://uludagmakina.example",
}
if company.currency_id != try_:
    vals["currency_id"] = try_.id
logo = Path(os.environ.get("MIY_ROOT", ".")) / "scripts" / "demo" / "uludag_logo.png"
if logo.is_file():
    vals["logo"] = base64.b64encode(logo.read_bytes())
company.with_context(no_vat_validation=True).write(vals)
if "chart_template" in company._fields and company.chart_template != "tr":
    # Odoo's account installs a chart for a new module's country on some company, not always
    # ours (l10n_tr's demo brings its own "TR Company"): load the Turkish one on the Bursa firm.
    env["account.chart.template"].try_loading("tr", company, install_demo=False)
env["res.lang"]._activate_lang("tr_TR")
env["ir.default"].set("res.partner", "lang", "tr_TR")
users = env["res.users"].with_context(active_test=False).search([])
users.write({"lang": "tr_TR", "tz": "Europe/Istanbul"})  # the users' partners' fields
env.cr.commit()
print(
    "MIY-DEMO company:",
    company.name,
    company.currency_id.name,
    company["chart_template"] if "chart_template" in company._fields else "(no chart yet)",
)
