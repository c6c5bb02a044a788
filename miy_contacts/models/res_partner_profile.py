from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PERSONAL_GROUP = "miy_contacts.group_miy_personal_data"
# Models holding nothing but a person's personal data: only PERSONAL_GROUP has access to them.
PERSONAL_MODELS = ("miy.partner.education", "miy.partner.language", "miy.partner.measurement")


def check_persons_only(env, partners):
    """Personal profiles are for persons: raise when one of ``partners`` is an organization."""
    companies = partners.sudo().filtered("is_company")
    if companies:
        raise ValidationError(
            env._(
                "%(partner)s is an organization: personal profile data is kept for persons only.",
                partner=companies[0].name,
            )
        )


class ResPartner(models.Model):
    """Personal profile of a person (feature 6): personal data under KVKK.

    Every field carries ``groups=PERSONAL_GROUP``: other users do not see them in views, and
    reading, writing or searching them (RPC included) raises AccessError. None of them is
    tracked (the chatter is visible to every user) or copied when a partner is duplicated.
    """

    _inherit = "res.partner"

    miy_gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
        string="Gender",
        groups=PERSONAL_GROUP,
        copy=False,
    )
    miy_birthdate = fields.Date(string="Birthday", groups=PERSONAL_GROUP, copy=False)
    miy_age = fields.Integer(
        string="Age",
        compute="_compute_miy_age",
        search="_search_miy_age",
        groups=PERSONAL_GROUP,
        help="Computed from the birthday on the day it is read or searched: never stale.",
    )
    miy_hobby_ids = fields.Many2many(
        "miy.hobby",
        "miy_hobby_res_partner_rel",
        "partner_id",
        "hobby_id",
        string="Hobbies",
        groups=PERSONAL_GROUP,
        copy=False,
    )
    miy_association_ids = fields.Many2many(
        "miy.association",
        "miy_association_res_partner_rel",
        "partner_id",
        "association_id",
        string="Associations and Clubs",
        groups=PERSONAL_GROUP,
        copy=False,
    )
    miy_education_ids = fields.One2many(
        "miy.partner.education", "partner_id", string="Schools", groups=PERSONAL_GROUP, copy=False
    )
    miy_language_ids = fields.One2many(
        "miy.partner.language", "partner_id", string="Spoken Languages", groups=PERSONAL_GROUP, copy=False
    )
    miy_measurement_ids = fields.One2many(
        "miy.partner.measurement", "partner_id", string="Measurements", groups=PERSONAL_GROUP, copy=False
    )
    miy_favorite_team = fields.Char(string="Favourite Sports Team", groups=PERSONAL_GROUP, copy=False)
    miy_kvkk_legal_basis = fields.Selection(
        [
            ("consent", "Explicit consent"),
            ("contract", "Performance of a contract"),
            ("legal_obligation", "Legal obligation"),
            ("legitimate_interest", "Legitimate interest"),
        ],
        string="KVKK Legal Basis",
        groups=PERSONAL_GROUP,
        copy=False,
        help="Why we may hold this person's personal data (KVKK art. 5).",
    )
    miy_kvkk_consent_date = fields.Date(
        string="Consent Date",
        groups=PERSONAL_GROUP,
        copy=False,
        help="When the person gave their explicit consent (or the basis was recorded).",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("miy_birthdate")
    def _compute_miy_age(self):
        today = self._miy_today()
        for partner in self:
            birthdate = partner.miy_birthdate
            partner.miy_age = relativedelta(today, birthdate).years if birthdate and birthdate <= today else 0

    def _miy_today(self):
        return fields.Date.context_today(self)

    def _search_miy_age(self, operator, value):
        """Age conditions become birthday conditions, so the search uses the stored birthday."""
        if operator not in ("=", "!=", ">", ">=", "<", "<="):
            raise UserError(self.env._("The age can only be compared (=, !=, <, <=, >, >=) with a number."))
        try:
            age = int(value)
        except (TypeError, ValueError):
            raise UserError(
                self.env._("The age must be compared with a whole number, not %(value)r.", value=value)
            ) from None
        today = self._miy_today()

        def born_by(years):  # latest birthday of someone at least ``years`` old today
            return today - relativedelta(years=years)

        at_least = {">=": age, ">": age + 1}
        at_most = {"<=": age, "<": age - 1}
        if operator in at_least:
            return [("miy_birthdate", "<=", born_by(at_least[operator]))]
        if operator in at_most:
            return [("miy_birthdate", ">", born_by(at_most[operator] + 1))]
        exact = ["&", ("miy_birthdate", "<=", born_by(age)), ("miy_birthdate", ">", born_by(age + 1))]
        if operator == "=":
            return exact
        return ["|", ("miy_birthdate", "=", False), "!", *exact]

    # ------------------------------------------------------------------ constraints
    @api.constrains("miy_birthdate", "miy_kvkk_consent_date", "miy_kvkk_legal_basis")
    def _check_miy_personal_dates(self):
        today = fields.Date.context_today(self)
        for partner in self.sudo():
            if partner.miy_birthdate and partner.miy_birthdate > today:
                raise ValidationError(
                    self.env._("The birthday of %(person)s cannot be in the future.", person=partner.name)
                )
            if partner.miy_kvkk_consent_date and partner.miy_kvkk_consent_date > today:
                raise ValidationError(
                    self.env._("The KVKK consent date of %(person)s cannot be in the future.", person=partner.name)
                )
            if partner.miy_kvkk_legal_basis == "consent" and not partner.miy_kvkk_consent_date:
                raise ValidationError(
                    self.env._(
                        "%(person)s's personal data is held on explicit consent: record the consent date.",
                        person=partner.name,
                    )
                )

    @api.constrains(
        "is_company", "miy_gender", "miy_birthdate", "miy_hobby_ids", "miy_association_ids", "miy_favorite_team"
    )
    def _check_miy_profile_persons_only(self):
        partners = self.sudo().filtered(
            lambda p: p.is_company
            and (p.miy_gender or p.miy_birthdate or p.miy_hobby_ids or p.miy_association_ids or p.miy_favorite_team)
        )
        check_persons_only(self.env, partners)
        partners = self.sudo().filtered("is_company")
        check_persons_only(
            self.env,
            partners.miy_education_ids.partner_id
            | partners.miy_language_ids.partner_id
            | partners.miy_measurement_ids.partner_id,
        )
