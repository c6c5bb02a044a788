from odoo import api, fields, models


class MiyAgendaSubject(models.Model):
    """A shared calendar: meeting rooms, the vehicle pool, an equipment pool, personal, holidays...

    Its groups decide who sees the bookings of its resources and who may book them (record rules
    of ``security/miy_agenda_security.xml``); no group means every internal user.
    """

    _name = "miy.agenda.subject"
    _description = "Calendar Subject"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("room", "Meeting Rooms"),
            ("vehicle", "Vehicle Pool"),
            ("equipment", "Equipment Pool"),
            ("personal", "Personal"),
            ("holiday", "Holidays"),
            ("other", "Other"),
        ],
        required=True,
        default="room",
    )
    color = fields.Integer()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    read_group_ids = fields.Many2many(
        "res.groups",
        "miy_agenda_subject_read_group_rel",
        "subject_id",
        "group_id",
        string="Visible to",
        help="Groups whose members see the bookings of this calendar. Empty: every internal user.",
    )
    book_group_ids = fields.Many2many(
        "res.groups",
        "miy_agenda_subject_book_group_rel",
        "subject_id",
        "group_id",
        string="Bookable by",
        help="Groups whose members may book the resources of this calendar (they must also see it). "
        "Empty: every user who sees it.",
    )
    resource_ids = fields.One2many("miy.agenda.resource", "subject_id", string="Resources")
    resource_count = fields.Integer(compute="_compute_resource_count", string="Resource Count")

    @api.depends("resource_ids")
    def _compute_resource_count(self):
        counts = dict(
            self.env["miy.agenda.resource"]._read_group([("subject_id", "in", self.ids)], ["subject_id"], ["__count"])
        )
        for subject in self:
            subject.resource_count = counts.get(subject, 0)

    def _miy_user_may_book(self, user=None):
        """Whether ``user`` (default: the current user) may book the resources of every subject of self."""
        user = user or self.env.user
        groups = user.groups_id
        for subject in self:
            if subject.read_group_ids and not (subject.read_group_ids & groups):
                return False
            if subject.book_group_ids and not (subject.book_group_ids & groups):
                return False
        return True

    def action_open_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_agenda.miy_agenda_booking_action")
        action["domain"] = [("subject_id", "=", self.id)]
        action["context"] = {"search_default_subject_id": self.id}
        return action
