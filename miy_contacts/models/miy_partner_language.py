from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [
    ("a1", "A1 - Beginner"),
    ("a2", "A2 - Elementary"),
    ("b1", "B1 - Intermediate"),
    ("b2", "B2 - Upper intermediate"),
    ("c1", "C1 - Advanced"),
    ("c2", "C2 - Proficient"),
    ("native", "Native"),
]


class MiyPartnerLanguage(models.Model):
    """A language a person speaks, with their level (CEFR): personal data (KVKK)."""

    _name = "miy.partner.language"
    _inherit = ["miy.person.data.mixin"]
    _description = "Spoken Language"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    lang_id = fields.Many2one(
        "res.lang",
        string="Language",
        ondelete="restrict",
        context={"active_test": False},
        help="Any language Odoo knows, installed or not.",
    )
    other_language = fields.Char(help="A language Odoo does not list (e.g. a dialect).")
    name = fields.Char(string="Language Name", compute="_compute_name", store=True)
    level = fields.Selection(LEVELS, required=True, default="b1")

    @api.depends("lang_id", "other_language")
    def _compute_name(self):
        for language in self:
            language.name = language.other_language or language.lang_id.name or False

    @api.constrains("partner_id", "lang_id", "other_language")
    def _check_language(self):
        for language in self:
            if not language.lang_id and not (language.other_language or "").strip():
                raise ValidationError(self.env._("Choose a language or type its name."))
        for partner in self.sudo().partner_id:
            seen = set()
            for language in partner.miy_language_ids:
                key = language.lang_id.id or (language.other_language or "").strip().casefold()
                if key in seen:
                    raise ValidationError(
                        self.env._(
                            "%(person)s already has the language %(language)s.",
                            person=partner.name,
                            language=language.name,
                        )
                    )
                seen.add(key)
