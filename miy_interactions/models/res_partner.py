from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_interaction_ids = fields.Many2many(
        "miy.interaction",
        "miy_interaction_partner_rel",
        "partner_id",
        "interaction_id",
        string="Interactions",
        copy=False,
        groups="miy_contacts.group_miy_user",
    )
    miy_interaction_count = fields.Integer(string="Interactions Count", compute="_compute_miy_interaction_count")

    def _miy_is_our_people(self, include_archived=False):
        """Whether this partner is one of our people: the partner of an internal (not portal)
        user. Archived users (OdooBot's system user among them) count only on request."""
        users = self.sudo().with_context(active_test=not include_archived).user_ids
        return any(not user.share for user in users)

    # ------------------------------------------------------------------ computes
    def _miy_interaction_scope(self):
        """{partner id: ids of the partners whose interactions count for it}.

        A person counts their own; an organization counts its own and those of its current people.
        One query for the whole batch.
        """
        scope = {partner.id: {partner.id} for partner in self}
        organizations = self.filtered("is_company")
        if organizations:
            Affiliation = self.env["miy.affiliation"].sudo()
            affiliations = Affiliation.search_fetch(
                [("organization_id", "in", organizations.ids), *Affiliation._current_domain()],
                ["organization_id", "person_id"],
            )
            for affiliation in affiliations:
                scope[affiliation.organization_id.id].add(affiliation.person_id.id)
        return scope

    @api.depends_context("uid")
    def _compute_miy_interaction_count(self):
        partners = self.filtered("id")
        counts = defaultdict(int)
        # 0 for users who may not read interactions: the partner form must still open for them
        if partners and self.env["miy.interaction"].has_access("read"):
            scope = partners._miy_interaction_scope()
            all_ids = tuple({pid for ids in scope.values() for pid in ids})
            # interactions the current user may read (record rules apply), in one query;
            # execute_query flushes what the rules read (team memberships and leaders)
            visible = self.env["miy.interaction"]._search([("partner_ids", "in", all_ids)])
            rows = self.env.execute_query(
                SQL(
                    "SELECT partner_id, interaction_id FROM miy_interaction_partner_rel"
                    " WHERE partner_id IN %s AND interaction_id IN %s",
                    all_ids,
                    visible.subselect(),
                )
            )
            by_partner = defaultdict(set)
            for partner_id, interaction_id in rows:
                by_partner[partner_id].add(interaction_id)
            for partner_id, ids in scope.items():
                counts[partner_id] = len(set().union(*(by_partner[pid] for pid in ids)))
        for partner in self:
            partner.miy_interaction_count = counts.get(partner.id, 0)

    def _compute_miy_last_interaction_date(self):
        super()._compute_miy_last_interaction_date()
        partners = self.filtered("id")
        if not partners:
            return
        scope = partners._miy_interaction_scope()
        all_ids = list({pid for ids in scope.values() for pid in ids})
        groups = (
            self.env["miy.interaction"]
            .sudo()
            ._read_group([("partner_ids", "in", all_ids)], ["partner_ids"], ["date:max"])
        )
        last = {partner.id: date for partner, date in groups}
        for partner in partners:
            dates = [last[pid] for pid in scope[partner.id] if pid in last]
            if partner.miy_last_interaction_date:
                dates.append(partner.miy_last_interaction_date)
            partner.miy_last_interaction_date = max(dates) if dates else False

    # ------------------------------------------------------------------ actions
    def action_miy_open_interactions(self):
        self.ensure_one()
        partner_ids = list(self._miy_interaction_scope()[self.id])
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_interactions.miy_interaction_action")
        action["domain"] = [("partner_ids", "in", partner_ids)]
        action["context"] = {"default_partner_ids": [self.id]}
        return action

    def action_miy_log_interaction(self):
        self.ensure_one()
        return self.env["miy.interaction"]._miy_quick_create_action(partners=self)
