from datetime import timedelta

from odoo import api, fields, models

REOPEN_ACTIVITY_TYPE = "mail.mail_activity_data_todo"


class MiyServiceRequest(models.Model):
    """A customer's e-mail on a resolved request: within the company's reopening period it
    reopens the request (and gives its assignee a to-do); later it opens a new request that
    refers to the old one (see ``mail.thread.message_route`` in ``mail_thread.py``).
    Cancelled requests are never reopened: the reply only lands in their chatter."""

    _inherit = "miy.service.request"

    previous_request_id = fields.Many2one(
        "miy.service.request",
        string="Follow-up Of",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The resolved request the customer wrote about again after its reopening period.",
    )

    # ------------------------------------------------------------------ mail gateway helpers
    # (called by message_new and message_update in miy_service_request.py)
    def _miy_link_previous_request(self, previous):
        """A request opened by a late reply: it takes the old request's customer when the sender
        was not recognised, and the old request gets a note naming it."""
        self.ensure_one()
        if not self.partner_id and previous.partner_id:
            self.write({"partner_id": previous.partner_id.id, "contact_id": previous.contact_id.id})
        previous.message_post(
            body=self.env._(
                "The customer wrote again after the reopening period: new request %(name)s.",
                name=self.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _miy_reopen_on_customer_reply(self):
        """The customer's e-mail reopens the requests resolved within the reopening period."""
        now = fields.Datetime.now()
        to_reopen = self.filtered(lambda r: r._miy_reply_reopens(now))
        if to_reopen:
            to_reopen._miy_reopen_on_reply()

    @api.model
    def _miy_route_late_replies(self, routes, msg_dict):
        """Routes of the mail gateway: a customer's reply to a request resolved longer ago than
        the reopening period opens a new request (``message_new``) instead of updating it."""
        if not self._miy_is_customer_mail(msg_dict):
            return routes
        now = fields.Datetime.now()
        new_routes = []
        for route in routes:
            model, thread_id, custom_values, user_id, alias = route
            if model == self._name and thread_id:
                previous = self.sudo().browse(thread_id).exists()
                if previous and previous.state == "resolved" and not previous._miy_reply_reopens(now):
                    values = dict(
                        custom_values or {},
                        previous_request_id=previous.id,
                        type_id=previous.type_id.id,
                        company_id=previous.company_id.id,
                    )
                    route = (model, False, values, user_id, alias)
            new_routes.append(route)
        return new_routes

    @api.model
    def _miy_is_customer_mail(self, msg_dict):
        """Mail from anyone but our own (internal) users: an employee answering from their
        mailbox neither reopens a request nor opens a new one."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or []).sudo().exists()
        return not author._miy_is_our_people()

    def _miy_reply_reopens(self, now):
        """Resolved, and the customer's reply comes within the company's reopening period."""
        self.ensure_one()
        if self.state != "resolved" or not self.resolution_date:
            return False
        days = self.company_id.sudo().miy_service_reopen_days
        return days > 0 and now <= self.resolution_date + timedelta(days=days)

    def _miy_reopen_on_reply(self):
        """Back to *In Progress* (the resolution is cleared) and a to-do for the assignee (else
        the team leader), due today."""
        self.write({"state": "in_progress"})
        for service_request in self:
            assignee = service_request.user_id or service_request.team_id.user_id
            service_request.message_post(
                body=self.env._("Reopened: the customer replied within the reopening period."),
                subtype_xmlid="mail.mt_note",
            )
            if assignee and assignee.active and not assignee.share:
                service_request.activity_schedule(
                    REOPEN_ACTIVITY_TYPE,
                    summary=self.env._("Customer replied: request %(name)s reopened", name=service_request.name),
                    user_id=assignee.id,
                )
