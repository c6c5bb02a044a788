# Run by `scripts/miy test` through `odoo-bin shell` before Odoo's own tests (step 4), on the
# throwaway database. It undoes only demo *configuration* of MİY that Odoo's tests cannot know
# about, never MİY's code or data model: what remains is a database as a firm would have it
# with MİY installed and Odoo's defaults kept.
#
# - MİY's demo data routes the main company's SMS through a fake provider (so the demo never
#   sends real SMS); Odoo's SMS tests mock Odoo's IAP gateway, the default provider.
companies = env["res.company"].search([("miy_sms_provider_id", "!=", False)])  # noqa: F821
companies.write({"miy_sms_provider_id": False})
env.cr.commit()  # noqa: F821
print("MIY-CORE-PREPARED", len(companies))
