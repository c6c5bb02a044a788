from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize


class MiyDealer(models.Model):
    """The dealer's team in the portal: a dealer administrator invites colleagues."""

    _inherit = "miy.dealer"

    def _miy_check_portal_admin(self):
        """Refuse unless the current user administers this very dealer in the portal."""
        self.ensure_one()
        user = self.env.user
        if not user.has_group("miy_dealer_channel.group_miy_dealer_portal_admin") or user._miy_dealer() != self:
            raise AccessError(self.env._("Only your firm's dealer administrator can invite colleagues."))

    def _miy_portal_team(self):
        """The dealer's portal users, for the team page of the portal (read with the caller's
        rights: the record rule on res.partner lets a portal user read its own organization)."""
        self.ensure_one()
        return self.portal_user_ids.sorted("name")

    def _miy_portal_invite(self, name, email):
        """Invite a colleague: a person under the dealer organization and a portal user with the
        Dealer Staff group (never the administrator group), invited with Odoo's portal invitation
        (signup link). Returns the new user."""
        self._miy_check_portal_admin()
        name = (name or "").strip()
        normalized = email_normalize(email or "")
        if not name:
            raise UserError(self.env._("Enter your colleague's name."))
        if not normalized:
            raise UserError(self.env._("Enter a valid e-mail address, e.g. ali@bayi.com.tr."))
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=ilike", normalized)], limit=1):
            raise UserError(
                self.env._("%(email)s already has a login: ask us to add it to your firm.", email=normalized)
            )
        partner = self._miy_portal_invite_partner(name, normalized)
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .with_context(active_ids=[])
            .create({"partner_ids": [Command.set(partner.ids)]})
        )
        wizard.user_ids.with_company(self.company_id).action_grant_access()
        user = partner.user_ids[:1]
        user.write({"groups_id": [Command.link(self.env.ref("miy_dealer_channel.group_miy_dealer_portal").id)]})
        # the firm's trace of the invitation on the dealer profile (portal users cannot post there)
        self.sudo().message_post(
            body=self.env._(
                "%(admin)s invited %(name)s (%(email)s) to the dealer portal.",
                admin=self.env.user.name,
                name=name,
                email=normalized,
            ),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return user

    def _miy_portal_invite_partner(self, name, email):
        """The person for the invited colleague, always under this dealer's organization."""
        return (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": name,
                    "email": email,
                    "parent_id": self.partner_id.id,
                    "type": "contact",
                    "lang": self.env.user.lang,
                }
            )
        )

    # ------------------------------------------------------------------ back office
    def action_miy_log_visit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Visit or Call"),
            "res_model": "miy.dealer.log.visit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_dealer_id": self.id},
        }

    @api.model
    def _miy_interactions_installed(self):
        return "miy.interaction" in self.env

    def _miy_log_visit(self, channel, subject, date=None, details=None):
        """A visit or call to the dealer: an interaction of miy_interactions when it is installed
        (written through its ORM, with the caller's rights), otherwise a note in the chatter."""
        self.ensure_one()
        date = date or fields.Datetime.now()
        if self._miy_interactions_installed():
            return self.env["miy.interaction"].create(
                {
                    "subject": subject,
                    "date": date,
                    "channel": channel,
                    "partner_ids": [Command.set(self.partner_id.ids)],
                    "details": details or False,
                    "company_id": self.company_id.id,
                }
            )
        kind = self.env._("Visit") if channel == "visit" else self.env._("Call")
        body = Markup("<p>%s</p>") % self.env._("%(kind)s: %(subject)s", kind=kind, subject=subject)
        if details:
            body += Markup(details)  # an Html field of the wizard: already sanitized by the ORM
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
