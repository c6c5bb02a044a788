import logging

import psycopg2
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

_logger = logging.getLogger(__name__)

# The footnote names at most this many other recipients, then says how many more there are.
FOOTNOTE_LIMIT = 50
PERSONAL_GROUP = "miy_contacts.group_miy_personal_data"
# Written in a message's text, replaced by each recipient's salutation when the message is sent.
SALUTATION_PLACEHOLDER = "{salutation}"
# cr.cache key: recipients of the MİY mailings resolved during one run of the mass mailing queue
RESOLVED_RECIPIENTS = "miy_mailing_resolved_recipients"


class MailingMailing(models.Model):
    """MİY mailings: Odoo's mass mailing (e-mail or SMS) to a saved segment or an ad-hoc partner
    filter, resolved when the mailing is sent, with a personal salutation, a reference number per
    recipient and an optional footnote naming the other recipients.

    Odoo's mass mailing already sends one message per recipient, honours the blacklists and
    opt-outs and keeps one ``mailing.trace`` per recipient: the traces are the frozen list of who
    received what, whatever the segment becomes later.
    """

    _inherit = "mailing.mailing"

    miy_audience = fields.Selection(
        [("segment", "Saved Segment"), ("domain", "Partner Filter")],
        string="MİY Audience",
        help="Partners this MİY mailing goes to, looked up when it is sent (never a stale list).",
    )
    miy_segment_id = fields.Many2one(
        "miy.segment", string="Segment", index="btree_not_null", ondelete="restrict", tracking=True
    )
    miy_salutation = fields.Boolean(
        string="Personal Salutation",
        default=True,
        help="Start each message with the recipient's salutation (Sayın Ayşe Hanım, Sayın Mehmet Bey...), or put it "
        "where the text says {salutation}. It is written into each message when it is sent, and shown nowhere else.",
    )
    miy_footnote_recipients = fields.Boolean(
        string="List Other Recipients",
        help="End each message with the names and companies of the other recipients (never their addresses).",
    )
    miy_uses_personal_data = fields.Boolean(
        string="Personal Data Audience",
        compute="_compute_miy_uses_personal_data",
        store=True,
        index=True,
        help="The recipients are chosen on personal data (age, gender, hobbies...): only users with the personal "
        "data right, the mailing's author and its responsible see the mailing and its recipients.",
    )

    miy_recipient_count = fields.Integer(
        string="Recipients Now",
        compute="_compute_miy_recipient_count",
        help="How many contacts the audience selects now, counted while the mailing is written (before "
        "it is saved); the list is looked up again when the mailing is sent.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("miy_audience", "miy_segment_id", "mailing_domain", "mailing_model_id", "mailing_type")
    def _compute_miy_recipient_count(self):
        """``total`` (Odoo's) has no dependencies: it stays 0 on a mailing being written. The same
        count, recomputed as the audience changes in the form."""
        for mailing in self:
            mailing.miy_recipient_count = mailing._miy_count_recipients() if mailing.miy_audience else 0

    def _miy_count_recipients(self):
        """The number of recipients of the audience now; 0 for a segment that no longer works."""
        self.ensure_one()
        try:
            domain = self._get_recipients_domain()
            with self.env.cr.savepoint(flush=False):
                return self.env[self.mailing_model_real].search_count(domain)
        except (UserError, AccessError, ValueError, TypeError, KeyError, psycopg2.Error):
            return 0

    def _compute_total(self):
        """A segment that no longer works counts 0 recipients here; sending says why."""
        miy = self.filtered("miy_audience")
        for mailing in miy:
            mailing.total = mailing._miy_count_recipients()
        return super(MailingMailing, self - miy)._compute_total()

    @api.depends("miy_audience", "miy_segment_id.uses_personal_data", "mailing_domain", "mailing_model_id")
    def _compute_miy_uses_personal_data(self):
        Segment = self.env["miy.segment"]
        for mailing in self:
            if mailing.miy_audience == "segment":
                mailing.miy_uses_personal_data = mailing.miy_segment_id.uses_personal_data
                continue
            model = mailing.mailing_model_real
            if not model or model not in self.env:
                mailing.miy_uses_personal_data = False
                continue
            mailing.miy_uses_personal_data = Segment._text_uses_personal_data(mailing.mailing_domain, self.env[model])

    @api.depends("reply_to_mode", "miy_audience")
    def _compute_reply_to(self):
        """Replies to a MİY mailing go to the interactions alias (they become interactions)."""
        result = super()._compute_reply_to()
        alias = self._miy_reply_alias() if any(self.mapped("miy_audience")) else False
        if alias:
            for mailing in self.filtered(lambda m: m.miy_audience and m.reply_to_mode == "new"):
                if not mailing.reply_to or mailing.reply_to == self.env.user.email_formatted:
                    mailing.reply_to = alias
        return result

    # ------------------------------------------------------------------ constraints
    @api.constrains("miy_audience", "miy_segment_id", "mailing_model_id")
    def _check_miy_audience(self):
        partner_model = self.env["ir.model"]._get("res.partner")
        for mailing in self.filtered("miy_audience"):
            if mailing.mailing_model_id != partner_model:
                raise ValidationError(
                    self.env._("A MİY mailing goes to contacts: its recipients model must be Contact.")
                )
            if mailing.miy_audience == "segment" and not mailing.miy_segment_id:
                raise ValidationError(
                    self.env._("Choose the segment the mailing “%(name)s” goes to.", name=mailing.subject)
                )

    @api.constrains("miy_audience", "miy_segment_id", "mailing_domain", "mailing_model_id")
    def _check_miy_personal_audience(self):
        """Only holders of the personal data right choose recipients on personal data: the list of
        recipients (the traces) would tell the others who is a woman, over 35, a golfer..."""
        if self.env.su or self.env.user.has_group(PERSONAL_GROUP):
            return
        for mailing in self:
            if mailing.miy_uses_personal_data:
                raise ValidationError(
                    self.env._(
                        "The recipients of the mailing “%(name)s” are chosen on personal data (age, gender, "
                        "hobbies...): only users with the MİY personal data right may choose them.",
                        name=mailing.subject,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        partner_model = self.env["ir.model"]._get("res.partner")
        for vals in vals_list:
            if vals.get("miy_audience"):
                vals["mailing_model_id"] = partner_model.id  # a MİY mailing always goes to contacts
                if not vals.get("reply_to") or vals["reply_to"] == self.env.user.email_formatted:
                    alias = self._miy_reply_alias()
                    if alias:
                        vals.update(reply_to_mode="new", reply_to=alias)
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    def action_launch(self):
        self._miy_check_recipients()
        return super().action_launch()

    def action_put_in_queue(self):
        self._miy_check_recipients()
        return super().action_put_in_queue()

    def action_schedule(self):
        self._miy_check_recipients()
        return super().action_schedule()

    def action_miy_confirm_send(self):
        """Send Now asks first, saying how many people will receive the mailing."""
        self.ensure_one()
        self._miy_check_recipients()
        wizard = self.env["miy.mailing.send.confirm"].create({"mailing_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the mailing?"),
            "res_model": "miy.mailing.send.confirm",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_miy_view_traces(self):
        """Who received this mailing, with reference and status: the frozen recipient list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_interactions.mailing_trace_action_miy")
        action["domain"] = [("mass_mailing_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ recipients
    def _get_recipients_domain(self):
        """The partners of a MİY mailing, read now: the segment's domain or the partner filter.

        Both are literal domains (data, never code); their placeholders ({today-30d}, {uid}...)
        are resolved for the mailing's responsible, even when the queue's job sends it.
        """
        self.ensure_one()
        user = self.user_id or self.create_uid or self.env.user
        if self.miy_audience == "segment":
            if not self.miy_segment_id:
                raise UserError(self.env._("Choose the segment the mailing “%(name)s” goes to.", name=self.subject))
            self._miy_check_personal_access()
            # superuser to read the segment: mailing users need not be MİY users; its domain is data
            return self.miy_segment_id.sudo()._get_partner_domain(user=user)
        if self.miy_audience == "domain":
            self._miy_check_personal_access()
            try:
                domain = self.env["miy.segment"]._literal_domain(self.mailing_domain or "[]", user=user)
                return list(expression.normalize_domain(domain))
            except (ValueError, TypeError) as error:
                raise self._miy_invalid_error(error) from error
        return super()._get_recipients_domain()

    def _miy_check_personal_access(self):
        """Recipients chosen on personal data are resolved only for the personal data right (or the
        queue's job, which sends what such a user prepared)."""
        if self.miy_uses_personal_data and not (self.env.su or self.env.user.has_group(PERSONAL_GROUP)):
            raise AccessError(
                self.env._(
                    "The recipients of the mailing “%(name)s” are chosen on personal data: only users with the MİY "
                    "personal data right may see them.",
                    name=self.subject,
                )
            )

    def _get_recipients(self):
        if not self.miy_audience:
            return super()._get_recipients()
        resolved = self.env.cr.cache.get(RESOLVED_RECIPIENTS)
        if resolved is not None and self.id in resolved:
            return list(resolved[self.id])  # read once per run of the queue (see _process_mass_mailing_queue)
        domain = self._get_recipients_domain()
        try:
            with self.env.cr.savepoint(flush=False):
                return self.env["res.partner"].search(domain, order="id").ids
        except (ValueError, TypeError, KeyError, psycopg2.Error) as error:
            if self.miy_audience == "segment":
                raise self.miy_segment_id._invalid_error(error) from error
            raise self._miy_invalid_error(error) from error

    def _miy_invalid_error(self, error):
        _logger.info("mailing %s (id %s) has an invalid partner filter: %s", self.subject, self.id, error)
        return UserError(
            self.env._(
                "The partner filter of the mailing “%(name)s” no longer works (%(error)s): fix it before sending.",
                name=self.subject,
                error=error,
            )
        )

    def _miy_check_recipients(self):
        """Before queueing: the audience resolves now and is not empty, or a clear error and nothing sent."""
        for mailing in self.filtered("miy_audience"):
            if not mailing._get_remaining_recipients():
                if mailing.miy_audience == "segment":
                    raise UserError(
                        self.env._(
                            "The segment %(segment)s has no members (left to reach) right now: nothing was sent.",
                            segment=mailing.miy_segment_id.display_name,
                        )
                    )
                raise UserError(
                    self.env._(
                        "No contact matches the filter of the mailing “%(name)s” right now: nothing was sent.",
                        name=mailing.subject,
                    )
                )

    @api.model
    def _process_mass_mailing_queue(self):
        """Each queued MİY audience is read once per run: here, before Odoo's queue sends it (Odoo
        asks for the recipients twice per mailing; they are answered from this run's list).
        A queued MİY mailing whose audience broke since it was queued goes back to draft with the
        reason in its chatter, instead of failing the queue for every other mailing."""
        queued = self.search(
            [
                ("state", "in", ("in_queue", "sending")),
                ("miy_audience", "!=", False),
                "|",
                ("schedule_date", "<", fields.Datetime.now()),
                ("schedule_date", "=", False),
            ]
        )
        resolved = self.env.cr.cache.setdefault(RESOLVED_RECIPIENTS, {})
        try:
            for mailing in queued:
                try:
                    resolved[mailing.id] = tuple(mailing._get_recipients())
                except (UserError, AccessError) as error:
                    mailing.write({"state": "draft"})
                    mailing._message_log(body=str(error.args[0]))
            return super()._process_mass_mailing_queue()
        finally:
            self.env.cr.cache.pop(RESOLVED_RECIPIENTS, None)

    def _get_mass_mailing_context(self):
        return dict(super()._get_mass_mailing_context(), miy_mailing_id=self.id)

    def _send_sms_get_composer_values(self, res_ids):
        values = super()._send_sms_get_composer_values(res_ids)
        if self.miy_audience:
            values["number_field_name"] = "mobile"  # SMS go to mobiles: no mobile is a failure, not a landline
        return values

    @api.model
    def _miy_reply_alias(self):
        """Replies to MİY mailings go to the interactions alias, when one is set up."""
        aliases = (
            self.env["mail.alias"]
            .sudo()
            .search(
                [
                    ("alias_model_id.model", "=", "miy.interaction"),
                    ("alias_name", "!=", False),
                    ("alias_domain_id", "!=", False),
                ]
            )
        )
        # the alias in the mailing company's own alias domain first
        alias = aliases.filtered(lambda a: a.alias_domain_id == self.env.company.alias_domain_id)[:1] or aliases[:1]
        return alias.alias_full_name or False

    @api.model
    def _miy_ensure_interaction_alias(self):
        """The interactions alias that new MİY mailings use as Reply-To (replies become
        interactions): created at installation when there is none, given the company's alias
        domain when it has none yet. Idempotent (run again by the demo data once it set up the
        demo firm's alias domain)."""
        Alias = self.env["mail.alias"]  # run by the data files (superuser), like Odoo's own alias data
        model_id = self.env["ir.model"]._get_id("miy.interaction")
        aliases = Alias.search([("alias_model_id", "=", model_id), ("alias_name", "!=", False)])
        domain = self.env.company.alias_domain_id
        if not aliases:
            Alias.create(
                {
                    "alias_name": "crm-notes",
                    "alias_model_id": model_id,
                    "alias_contact": "everyone",
                    "alias_domain_id": domain.id,
                }
            )
        elif domain and not aliases.filtered("alias_domain_id"):
            aliases[:1].alias_domain_id = domain

    def _miy_demo_send_now(self):
        """Demo data only: send SMS mailings during installation through the company's provider
        (the fake one in the demo), without the commits of the mass mailing cron."""
        for mailing in self.filtered(lambda m: m.mailing_type == "sms" and m.state == "draft"):
            mailing.action_send_sms()
            outgoing = self.env["sms.sms"].sudo().search([("mailing_id", "=", mailing.id), ("state", "=", "outgoing")])
            outgoing.send(auto_commit=False)
            mailing.write({"state": "done", "sent_date": fields.Datetime.now()})

    # ------------------------------------------------------------------ personalisation
    @api.model
    def _miy_reference(self, mailing_id, res_id):
        """The reference number of one message: unique per mailing and recipient, known before the
        message is rendered (it is printed in it) and stored on the trace."""
        return f"M{mailing_id:05d}-{res_id:07d}"

    def _miy_personalise(self, bodies, res_ids, all_res_ids, html=True):
        """Wrap each rendered body with the salutation, the reference and the optional footnote.

        :param dict bodies: {res_id: rendered body}
        :param list res_ids: the recipients of this batch
        :param list all_res_ids: every recipient of the sending (for the footnote)
        :return dict: {res_id: personalised body}
        """
        self.ensure_one()
        partners = self.env["res.partner"].browse(res_ids).with_prefetch(res_ids)
        placed = any(SALUTATION_PLACEHOLDER in (body or "") for body in bodies.values())
        salutations = partners._miy_salutations() if self.miy_salutation or placed else {}
        footnote = self._miy_footnote_entries(all_res_ids) if self.miy_footnote_recipients else None
        label = self.env._("Reference")
        result = {}
        for res_id in res_ids:
            body = bodies.get(res_id) or ""
            reference = self._miy_reference(self.id, res_id)
            others = self._miy_footnote_text(footnote, res_id) if footnote else ""
            salutation = salutations.get(res_id)
            if SALUTATION_PLACEHOLDER in body:
                # the author placed the salutation in the text: there, and not again on top
                if html:
                    body = Markup(body).replace(SALUTATION_PLACEHOLDER, escape(salutation or ""))
                else:
                    body = body.replace(SALUTATION_PLACEHOLDER, salutation or "")
                salutation = None
            elif not self.miy_salutation:
                salutation = None
            if html:
                parts = [Markup("<p>%s,</p>") % salutation] if salutation else []
                parts.append(Markup(body))
                parts.append(Markup('<p class="miy_reference">%s: %s</p>') % (label, reference))
                if others:
                    parts.append(Markup('<p class="miy_other_recipients"><small>%s</small></p>') % others)
                result[res_id] = Markup("").join(parts)
            else:
                parts = [f"{salutation},"] if salutation else []
                parts += [body, f"{label}: {reference}"]
                if others:
                    parts.append(others)
                result[res_id] = "\n".join(parts)
        return result

    def _miy_footnote_entries(self, all_res_ids):
        """The first recipients of the sending (one more than shown, so each can be left out of its
        own footnote) as (partner id, "Name (Company)"), and the number of recipients."""
        partners = self.env["res.partner"].sudo().browse(all_res_ids[: FOOTNOTE_LIMIT + 1])
        entries = []
        for partner in partners:
            company = partner.commercial_partner_id if partner.commercial_partner_id != partner else None
            name = partner.name or ""
            entries.append((partner.id, f"{name} ({company.name})" if company else name))
        return entries, len(all_res_ids)

    def _miy_footnote_text(self, footnote, res_id):
        entries, total = footnote
        names = [label for partner_id, label in entries if partner_id != res_id][:FOOTNOTE_LIMIT]
        if not names:
            return ""
        if total - 1 > len(names):
            return self.env._(
                "Also sent to: %(names)s and %(count)s others.", names=", ".join(names), count=total - 1 - len(names)
            )
        return self.env._("Also sent to: %(names)s", names=", ".join(names))
