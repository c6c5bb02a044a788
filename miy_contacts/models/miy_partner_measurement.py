from odoo import api, fields, models

from .res_partner_profile import check_persons_only


class MiyPartnerMeasurement(models.Model):
    """A dated measurement of a person (clothing or shoe size...) to choose gifts: personal data (KVKK).

    Measurements change over time, so they are kept as a history: the latest one of a kind counts.
    """

    _name = "miy.partner.measurement"
    _description = "Measurement"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_company", "=", False)],
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [
            ("shirt", "Shirt size"),
            ("jacket", "Jacket size"),
            ("trousers", "Trousers size"),
            ("dress", "Dress size"),
            ("shoe", "Shoe size"),
            ("hat", "Hat size"),
            ("glove", "Glove size"),
            ("ring", "Ring size"),
            ("other", "Other"),
        ],
        required=True,
    )
    value = fields.Char(required=True, help="As you would give it to a shop: L, 42, 9.5...")
    note = fields.Char()

    @api.constrains("partner_id")
    def _check_partner_id(self):
        check_persons_only(self.env, self.partner_id)
