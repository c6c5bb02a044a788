"""Odoo's own demo data beside MİY's demo firm.

A database with demo data carries Odoo's US demo (Azure Interior, Deco Addict..., stock's "My
Company (Chicago)", l10n_tr's "TR Company") next to MİY's Bursa manufacturer. The demo firm
(``scripts/demo/firm_finish.py``) and the Turkish screen tests put it aside the same way: its
partners and other companies are archived, not deleted, so Odoo's demo orders and invoices stay
consistent.
"""


def foreign_demo_partners(env, others):
    """The partners of Odoo's own demo: partners with an xmlid of a non-MİY module and their
    contacts, and the partners of the ``others`` companies; never a user's or a company's own
    partner outside ``others``, never a partner of MİY's demo story."""
    users = env["res.users"].with_context(active_test=False).search([])
    companies = env["res.company"].with_context(active_test=False).search([]) - others
    keep = set(users.partner_id.ids) | set(companies.partner_id.ids)
    keep.discard(False)
    data = env["ir.model.data"].search([("model", "=", "res.partner"), ("module", "not like", "miy_%")])
    story = env["ir.model.data"].search([("model", "=", "res.partner"), ("module", "like", "miy_%")])
    keep |= set(story.mapped("res_id"))
    foreign = env["res.partner"].browse(set(data.mapped("res_id")) - keep).exists()
    foreign |= env["res.partner"].search([("id", "child_of", foreign.ids)])
    foreign |= others.partner_id
    return foreign.filtered(lambda partner: partner.id not in keep)
