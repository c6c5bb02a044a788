# Run inside `odoo shell` on a new demo database by `scripts/miy run`, once the MİY addons are
# installed: one story for a new user. Odoo's own demo (the US firms Azure Interior, Deco Addict...,
# stock's "My Company (Chicago)", l10n_tr's "TR Company") is archived, not deleted, so Odoo's demo
# orders and invoices stay consistent; everyone speaks Turkish; MİY users start in MİY.
from odoo.addons.miy_contacts.lib.demo_firm import foreign_demo_partners

main = env.ref("base.main_company")
others = env["res.company"].search([("id", "!=", main.id)])
users = env["res.users"].with_context(active_test=False).search([])
for user in users:
    user.write({"company_id": main.id, "company_ids": [(6, 0, [main.id])]})
if others:
    others.write({"active": False})
env.ref("base.group_multi_company").write({"users": [(5, 0, 0)]})

foreign = foreign_demo_partners(env, others)
foreign.write({"active": False})

env["res.partner"].search([("lang", "!=", "tr_TR")]).write({"lang": "tr_TR"})
internal = users.filtered(lambda u: not u.share)
internal.write({"lang": "tr_TR", "tz": "Europe/Istanbul"})
# MİY opens on its organizations list: its users land there rather than in Discuss
crm_users = internal.filtered(lambda u: u.has_group("miy_contacts.group_miy_user"))
crm_users.write({"action_id": env.ref("miy_contacts.res_partner_action_organization").id})
# The chatter's "<document> created" lines of the demo data were written while the addons were being
# installed, before their Turkish terms were loaded: "Dealer oluşturuldu". Now that they are, the
# document's name is put in Turkish too.
env.cr.execute("SELECT DISTINCT model FROM mail_message WHERE body::text LIKE '% oluşturuldu</p>'")
fixed = 0
for (model_name,) in env.cr.fetchall():
    model = env["ir.model"]._get(model_name)
    english, turkish = model.with_context(lang="en_US").name, model.with_context(lang="tr_TR").name
    if model and english != turkish:
        env.cr.execute(
            "UPDATE mail_message SET body = %s WHERE model = %s AND body::text = %s",
            (f"<p>{turkish} oluşturuldu</p>", model_name, f"<p>{english} oluşturuldu</p>"),
        )
        fixed += env.cr.rowcount
env.cr.commit()
print("MIY-DEMO creation lines put in Turkish:", fixed)
print("MIY-DEMO archived partners:", len(foreign), "companies:", len(others), "MİY users:", len(crm_users))
