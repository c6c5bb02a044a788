from odoo import fields, models


class MiyPartnerMeasurement(models.Model):
    """A dated measurement of a person (clothing or shoe size...) to choose gifts: personal data (KVKK).

    Measurements change over time, so they are kept as a history: the latest one of a kind counts.
    """

    _name = "miy.partner.measurement"
    _inherit = ["miy.person.data.mixin"]
    _description = "Measurement"
    _order = "date desc, id desc"

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
