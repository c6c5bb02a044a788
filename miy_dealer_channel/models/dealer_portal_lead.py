from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

DEALER_PORTAL_ACTIVITY_TYPES = (
    "mail.mail_activity_data_call",
    "mail.mail_activity_data_meeting",
    "mail.mail_activity_data_todo",
    "mail.mail_activity_data_email",
)


class CrmLead(models.Model):
    """What a dealer's staff do with a lead in the portal, and the deals a dealer registers.

    Same pattern as ``action_miy_dealer_accept``: every method checks the dealer first
    (``_miy_check_own_dealer``), validates its arguments, and only then writes the fields it names
    with ``sudo()`` (dealers' staff have read-only access to ``crm.lead``).
    """

    _inherit = "crm.lead"

    # ------------------------------------------------------------------ checks
    def _miy_dealer_check_open(self):
        """The dealer may work on the lead: it is theirs, accepted, and neither won nor lost."""
        self._miy_check_own_dealer()
        for lead in self:
            if lead.miy_dealer_state != "accepted":
                raise UserError(self.env._("Accept the lead %(lead)s before you work on it.", lead=lead.name))
            if not lead.active or lead.stage_id.is_won:
                raise UserError(self.env._("The lead %(lead)s is closed: it was already won or lost.", lead=lead.name))

    def _miy_dealer_portal_stages(self):
        """The stages a dealer may move this lead to: its team's (or shared) stages, except won ones
        (a dealer wins a lead by recording the sale, see ``action_miy_dealer_mark_won``)."""
        self.ensure_one()
        return self.env["crm.stage"].search(
            [("is_won", "=", False), "|", ("team_id", "=", False), ("team_id", "=", self.team_id.id)]
        )

    @api.model
    def _miy_dealer_portal_activity_types(self):
        types = self.env["mail.activity.type"]
        for xmlid in DEALER_PORTAL_ACTIVITY_TYPES:
            types |= self.env.ref(xmlid, raise_if_not_found=False) or types
        return types.filtered("active")

    # ------------------------------------------------------------------ dealer's actions
    def action_miy_dealer_set_stage(self, stage_id):
        self._miy_dealer_check_open()
        stage = self.env["crm.stage"].browse(int(stage_id or 0)).exists()
        for lead in self:
            if not stage or stage not in lead._miy_dealer_portal_stages():
                raise UserError(self.env._("Choose one of the stages offered for this lead."))
        self.sudo().write({"stage_id": stage.id})
        return True

    def action_miy_dealer_log_note(self, body):
        body = (body or "").strip()
        if not body:
            raise UserError(self.env._("Write the note first: it is empty."))
        self._miy_check_own_dealer()
        author = self.env.user.partner_id
        for lead in self.sudo():
            # a str body is escaped by message_post: the dealer's text is never taken as HTML
            lead.message_post(body=body, author_id=author.id, message_type="comment", subtype_xmlid="mail.mt_note")
        return True

    def action_miy_dealer_schedule_activity(self, activity_type_id, summary, date_deadline):
        self._miy_dealer_check_open()
        activity_type = self.env["mail.activity.type"].browse(int(activity_type_id or 0)).exists()
        if activity_type not in self._miy_dealer_portal_activity_types():
            raise UserError(self.env._("Choose the kind of activity: a call, a meeting, an e-mail or a to-do."))
        try:
            deadline = fields.Date.to_date(date_deadline) if date_deadline else False
        except ValueError:
            deadline = False
        if not deadline:
            raise UserError(self.env._("Give the activity a due date."))
        values = {
            "activity_type_id": activity_type.id,
            "summary": (summary or "").strip()[:200] or False,
            "date_deadline": deadline,
            "user_id": self.env.user.id,
        }
        for lead in self.sudo():
            lead.activity_schedule(**values)
        return True

    def _miy_dealer_own_activities(self):
        """The open activities of this lead that belong to the dealer's staff (not the firm's own),
        as a sudo recordset: only for display and for ``action_miy_dealer_done_activity``."""
        self.ensure_one()
        self._miy_check_own_dealer()
        dealer_partner = self.miy_dealer_id.partner_id
        activities = self.sudo().activity_ids
        return activities.filtered(lambda a: a.user_id.share and a.user_id.commercial_partner_id == dealer_partner)

    def _miy_dealer_portal_notes(self):
        """The notes the dealer's own staff logged on this lead, newest first, as plain values for
        the portal page (portal users do not read internal notes): never the firm's own notes."""
        self.ensure_one()
        self._miy_check_own_dealer()
        dealer_partner = self.miy_dealer_id.partner_id
        messages = self.sudo().message_ids.filtered(
            lambda m: m.message_type == "comment" and m.author_id.commercial_partner_id == dealer_partner
        )
        return [{"date": m.date, "author": m.author_id.name, "body": m.body} for m in messages]

    def action_miy_dealer_done_activity(self, activity_id, feedback=None):
        self.ensure_one()
        self._miy_dealer_check_open()
        activity = self._miy_dealer_own_activities().filtered(lambda a: a.id == int(activity_id or 0))
        if not activity:
            raise AccessError(self.env._("This activity is not one of your firm's activities on the lead."))
        activity.action_feedback(feedback=(feedback or "").strip() or False)
        return True

    def action_miy_dealer_mark_won(self, amount):
        try:
            amount = float_round(float(str(amount).replace(",", ".")), precision_digits=2)
        except (TypeError, ValueError):
            raise UserError(self.env._("Enter the sale amount as a number, e.g. 125000.50.")) from None
        if amount <= 0:
            raise UserError(self.env._("The sale amount must be greater than zero."))
        self._miy_dealer_check_open()
        leads = self.sudo()
        leads.write({"expected_revenue": amount})
        leads.action_set_won()
        return True

    def action_miy_dealer_mark_lost(self, reason, lost_reason_id=None):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the lead was lost: the reason is required."))
        self._miy_dealer_check_open()
        lost_reason = self.env["crm.lost.reason"].browse(int(lost_reason_id or 0)).exists()
        author = self.env.user.partner_id
        leads = self.sudo()
        for lead in leads:
            lead.message_post(
                body=self.env._("Lost (dealer): %(reason)s", reason=reason),
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        leads.action_set_lost(lost_reason_id=lost_reason.id)
        return True

    # ------------------------------------------------------------------ deal registration
    @api.model
    def _miy_dealer_register_deal(self, values):
        """A dealer's staff register a deal of their own; returns the new lead (sudo).

        Only these keys of ``values`` are read: customer, contact, email, phone, state_id,
        product_category_id, expected_revenue, note. The dealer is the user's own, never the form's.
        """
        dealer = self.env.user._miy_dealer()
        if not dealer:
            raise AccessError(self.env._("Only a dealer's staff can register deals."))
        customer = (values.get("customer") or "").strip()
        contact = (values.get("contact") or "").strip()
        if not customer:
            raise UserError(self.env._("Enter the customer's name."))
        if not contact and not (values.get("email") or values.get("phone")):
            raise UserError(self.env._("Enter a contact person, an e-mail or a phone number."))
        state = self.env["res.country.state"].browse(int(values.get("state_id") or 0)).exists()
        category = self.env["product.category"].browse(int(values.get("product_category_id") or 0)).exists()
        if category and dealer.product_category_ids and category not in dealer.product_category_ids:
            raise UserError(self.env._("Choose one of the product groups your firm carries."))
        try:
            revenue = float(str(values.get("expected_revenue") or 0).replace(",", "."))
        except ValueError:
            raise UserError(self.env._("Enter the expected revenue as a number, e.g. 250000.")) from None
        if revenue < 0:
            raise UserError(self.env._("The expected revenue cannot be negative."))
        note = (values.get("note") or "").strip()
        lead_values = {
            "name": self.env._("%(customer)s (registered by %(dealer)s)", customer=customer, dealer=dealer.name),
            "type": "opportunity",
            "partner_name": customer,
            "contact_name": contact or False,
            "email_from": (values.get("email") or "").strip() or False,
            "phone": (values.get("phone") or "").strip() or False,
            "state_id": state.id,
            "country_id": state.country_id.id,
            "miy_product_category_id": category.id,
            "expected_revenue": revenue,
            "description": note or False,
            "user_id": dealer.user_id.id,
            "company_id": dealer.company_id.id,
            "miy_registered_by_dealer_id": dealer.id,
            "miy_dealer_state": "pending",
        }
        lead = self.sudo().create(lead_values)
        if dealer.user_id:
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=dealer.user_id.id,
                summary=self.env._("Approve or reject the deal registered by %(dealer)s", dealer=dealer.name),
            )
        return lead

    def _miy_check_registration_reviewer(self):
        if self.env.user.share or not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("Only the firm's salespeople review deals registered by dealers."))
        if any(lead.miy_dealer_state != "pending" or not lead.miy_registered_by_dealer_id for lead in self):
            raise UserError(self.env._("Only a deal registered by a dealer and awaiting approval can be reviewed."))

    def _miy_registration_done(self, feedback):
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        activities = self.activity_ids.filtered(lambda a: a.activity_type_id == todo and a.user_id == self.env.user)
        if activities:
            activities.action_feedback(feedback=feedback)

    def action_miy_approve_registration(self):
        self._miy_check_registration_reviewer()
        now = fields.Datetime.now()
        for lead in self:
            lead.write(
                {
                    "miy_dealer_id": lead.miy_registered_by_dealer_id.id,
                    "miy_dealer_state": "accepted",
                    "miy_routed_date": now,
                    "miy_accepted_date": now,
                    "miy_accept_deadline": False,
                }
            )
            lead._miy_registration_done(self.env._("Approved"))
            lead._miy_notify_registering_dealer(self.env._("Your deal registration was approved."))
        return True

    def action_miy_reject_registration(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you reject the registration: the reason is required."))
        self._miy_check_registration_reviewer()
        for lead in self:
            lead.write({"miy_dealer_state": False})
            message = self.env._("Your deal registration was rejected: %(reason)s", reason=reason)
            lead._miy_registration_done(message)
            lead._miy_notify_registering_dealer(message)
        return True

    def _miy_notify_registering_dealer(self, message):
        """Tell the dealer's staff member who registered the deal (a note on the lead for the firm)."""
        self.ensure_one()
        registrant = self.create_uid.partner_id if self.create_uid.share else self.env["res.partner"]
        self.message_post(
            body=message,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=registrant.ids,
        )
