from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

# Where a visit may live: an interaction of miy_interactions (when installed) or the chatter note
# this addon posts on the dealer profile otherwise. No hard dependency: a model name and an id.
VISIT_MODELS = ("miy.interaction", "mail.message")


class SurveySurvey(models.Model):
    """A field survey is an ordinary Odoo survey flagged for staff to run at customers or dealers."""

    _inherit = "survey.survey"

    miy_field_survey = fields.Boolean(
        string="Field Survey",
        index=True,
        copy=True,
        help="Run by our staff at a customer or a dealer (on a phone): each answer is linked to the "
        "surveyed partner and, when started from a visit, to the visit. MİY users start it from the "
        "partner card and see its answers.",
    )
    miy_field_audience = fields.Selection(
        [("customer", "Customers"), ("dealer", "Dealers"), ("both", "Customers and Dealers")],
        string="Surveyed Partners",
        default="both",
        help="Who the field survey is for: a dealer is an organization with the dealer role.",
    )
    miy_field_answer_count = fields.Integer(string="Field Answers", compute="_compute_miy_field_answer_count")

    def _compute_miy_field_answer_count(self):
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [("survey_id", "in", self.ids), ("miy_field_partner_id", "!=", False), ("test_entry", "=", False)],
                ["survey_id"],
                ["__count"],
            )
        )
        for survey in self:
            survey.miy_field_answer_count = counts.get(survey, 0)

    @api.constrains("miy_field_survey", "access_mode", "users_login_required")
    def _check_miy_field_survey_access(self):
        for survey in self:
            if survey.miy_field_survey and (survey.access_mode != "token" or not survey.users_login_required):
                raise ValidationError(
                    self.env._(
                        "The field survey %(survey)s is answered by our staff only: set its access mode to "
                        "'Invited people only' and tick 'Require Login' (Options tab).",
                        survey=survey.title,
                    )
                )

    @api.onchange("miy_field_survey")
    def _onchange_miy_field_survey(self):
        if self.miy_field_survey:
            self.access_mode = "token"
            self.users_login_required = True

    def action_miy_field_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_dealer_channel.survey_user_input_action_miy_field")
        action["domain"] = [("survey_id", "=", self.id)]
        action["context"] = {"search_default_completed": 1}
        return action

    # ------------------------------------------------------------------ business methods
    def _miy_field_check_startable(self, partner):
        """Raise unless the current user may start this field survey at ``partner``'s organization."""
        self.ensure_one()
        env = self.env
        if not env.user.has_group("miy_contacts.group_miy_user"):
            raise AccessError(env._("Only MİY users may start field surveys."))
        # with the user's rights: MİY users read field surveys only (record rule), and the partner
        # must be one they may read
        self.check_access("read")
        partner.check_access("read")
        if not self.miy_field_survey:
            raise UserError(env._("%(survey)s is not a field survey.", survey=self.title))
        if not self.active:
            raise UserError(env._("The field survey %(survey)s is archived.", survey=self.title))
        commercial = partner.commercial_partner_id
        kind = commercial._miy_field_partner_kind()
        if self.miy_field_audience not in ("both", kind):
            raise UserError(
                env._(
                    "The field survey %(survey)s is for dealers only: %(partner)s is not a dealer.",
                    survey=self.title,
                    partner=commercial.display_name,
                )
                if self.miy_field_audience == "dealer"
                else env._(
                    "The field survey %(survey)s is for customers only: %(partner)s is a dealer.",
                    survey=self.title,
                    partner=commercial.display_name,
                )
            )
        if commercial.company_id and commercial.company_id != env.company:
            raise UserError(
                env._(
                    "%(partner)s belongs to %(company)s: switch to that company to survey it.",
                    partner=commercial.display_name,
                    company=commercial.company_id.name,
                )
            )
        return commercial, kind

    def _miy_field_check_visit(self, visit, commercial):
        """Raise unless ``visit`` is one visit the user may read, made at ``commercial``: an
        interaction naming it (or one of its contacts), or the chatter note of a visit logged on its
        dealer profile or on its card."""
        env = self.env
        if visit._name not in VISIT_MODELS or len(visit) != 1:
            raise UserError(
                env._("Only a visit (an interaction, or the note of a logged visit) can be linked to a field survey.")
            )
        visit.check_access("read")
        if visit._name == "mail.message":
            if visit.model == "miy.dealer":
                partner = env["miy.dealer"].browse(visit.res_id).exists().partner_id
            elif visit.model == "res.partner":
                partner = env["res.partner"].browse(visit.res_id).exists()
            else:
                partner = env["res.partner"]
        else:
            partner = visit.partner_ids
        if commercial not in partner.commercial_partner_id:
            raise UserError(env._("This visit was not made at %(partner)s.", partner=commercial.display_name))

    def _miy_field_start(self, partner, visit=None):
        """Create the answer of this field survey for ``partner`` (its organization), answered by
        the current user, optionally linked to ``visit`` (a ``miy.interaction`` or the chatter note
        of a visit). Returns the answer; its start URL opens Odoo's survey page."""
        self.ensure_one()
        commercial, kind = self._miy_field_check_startable(partner)
        values = {
            "miy_field_partner_id": commercial.id,
            "miy_field_partner_kind": kind,
            "miy_field_company_id": self.env.company.id,
            "miy_field_surveyor_id": self.env.user.id,
        }
        if visit:
            self._miy_field_check_visit(visit, commercial)
            values.update(miy_field_visit_model=visit._name, miy_field_visit_id=visit.id)
        # MİY users read field answers but do not create survey answers (Odoo's survey rights):
        # everything above was checked with the user's rights, the values are computed here
        answer = self.sudo()._create_answer(user=self.env.user, **values)
        return answer.sudo(False)


class SurveyUserInput(models.Model):
    """An answer of a field survey: who was surveyed (the organization), by whom, at which visit.

    ``partner_id`` stays Odoo's respondent (the staff member filling it in on a phone: Odoo's
    survey pages require it to be the logged-in user)."""

    _inherit = "survey.user_input"

    miy_field_partner_id = fields.Many2one(
        "res.partner",
        string="Surveyed Partner",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The customer or dealer organization the field survey was run at.",
    )
    miy_field_partner_kind = fields.Selection(
        [("customer", "Customer"), ("dealer", "Dealer")], string="Partner Kind", readonly=True
    )
    miy_field_company_id = fields.Many2one("res.company", string="Field Survey Company", readonly=True, index=True)
    miy_field_surveyor_id = fields.Many2one("res.users", string="Surveyed By", readonly=True, index=True)
    miy_field_visit_model = fields.Char(string="Visit Model", readonly=True)
    miy_field_visit_id = fields.Many2oneReference(
        string="Visit Record", model_field="miy_field_visit_model", readonly=True
    )
    miy_field_visit_name = fields.Char(string="Visit", compute="_compute_miy_field_visit_name")
    miy_field_state_id = fields.Many2one(
        "res.country.state", string="Province", related="miy_field_partner_id.state_id", readonly=True
    )

    def _compute_miy_field_visit_name(self):
        by_model = {}
        for answer in self:
            if answer.miy_field_visit_model in VISIT_MODELS and answer.miy_field_visit_id:
                by_model.setdefault(answer.miy_field_visit_model, set()).add(answer.miy_field_visit_id)
        names = {}
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].browse(ids).exists()
            try:
                records.check_access("read")
            except AccessError:
                continue
            for record in records:
                if model == "mail.message":
                    names[model, record.id] = self.env._(
                        "Note of %(date)s on %(record)s",
                        date=format_date(self.env, record.date),
                        record=record.record_name or "",
                    )
                else:
                    names[model, record.id] = record.display_name
        for answer in self:
            answer.miy_field_visit_name = names.get(
                (answer.miy_field_visit_model, answer.miy_field_visit_id),
                self.env._("Visit") if answer.miy_field_visit_id else False,
            )

    def _miy_field_start_action(self):
        """Open Odoo's survey page for this answer (the same browser tab: on a phone)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.get_start_url(), "target": "self"}

    def action_miy_field_resume(self):
        """The surveyor goes on with an unfinished field survey."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("This field survey is already completed."))
        if self.miy_field_surveyor_id != self.env.user:
            raise UserError(
                self.env._(
                    "Only %(user)s, who started it, can go on with this field survey.",
                    user=self.miy_field_surveyor_id.name,
                )
            )
        return self._miy_field_start_action()

    def action_miy_field_open_visit(self):
        self.ensure_one()
        model, res_id = self.miy_field_visit_model, self.miy_field_visit_id
        if model not in VISIT_MODELS or not res_id or model not in self.env:
            raise UserError(self.env._("This field survey is not linked to a visit."))
        record = self.env[model].browse(res_id).exists()
        if not record:
            raise UserError(self.env._("The visit of this field survey was deleted."))
        record.check_access("read")
        if model == "mail.message":  # the chatter note: open the document it was posted on
            model, res_id = record.model, record.res_id
        return {"type": "ir.actions.act_window", "res_model": model, "res_id": res_id, "view_mode": "form"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    miy_field_answer_ids = fields.One2many(
        "survey.user_input",
        "miy_field_partner_id",
        string="Field Survey Answers",
        domain=[("test_entry", "=", False)],
        groups="miy_contacts.group_miy_user",
    )
    miy_field_answer_count = fields.Integer(
        string="Field Surveys", compute="_compute_miy_field_answer_count", groups="miy_contacts.group_miy_user"
    )

    def _compute_miy_field_answer_count(self):
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [("miy_field_partner_id", "in", self.commercial_partner_id.ids), ("test_entry", "=", False)],
                ["miy_field_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.miy_field_answer_count = counts.get(partner.commercial_partner_id, 0)

    def _miy_field_log_visit(self, subject):
        """Log a visit at this partner's organization now, with the caller's rights: on its dealer
        profile when it is a dealer of the company (as *Log a Visit/Call* does), else an interaction
        of miy_interactions when installed, else a note in the organization's chatter. Returns the
        interaction or the note."""
        self.ensure_one()
        partner = self.commercial_partner_id
        dealer = partner.miy_dealer_ids.filtered(lambda d: d.company_id == self.env.company)[:1]
        if dealer:
            return dealer._miy_log_visit("visit", subject)
        if self.env["miy.dealer"]._miy_interactions_installed():
            return self.env["miy.interaction"].create(
                {
                    "subject": subject,
                    "channel": "visit",
                    "partner_ids": [Command.set(partner.ids)],
                    "company_id": self.env.company.id,
                }
            )
        return partner.message_post(
            body=self.env._("Visit: %(subject)s", subject=subject),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _miy_field_partner_kind(self):
        """``dealer`` for an organization with the dealer role, else ``customer``."""
        self.ensure_one()
        return "dealer" if "dealer" in self.commercial_partner_id.miy_role_ids.mapped("code") else "customer"

    def action_miy_field_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_dealer_channel.survey_user_input_action_miy_field")
        action["domain"] = [("miy_field_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_miy_field_survey_start(self):
        """Choose a field survey to run at this partner's organization now."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Field Survey"),
            "res_model": "miy.field.survey.start",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
