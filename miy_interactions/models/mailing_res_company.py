from odoo import fields, models

from .mailing_res_partner import DEFAULT_SALUTATIONS


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_salutation_female = fields.Char(
        string="Salutation (Woman)",
        default=DEFAULT_SALUTATIONS["female"],
        help="Use {first_name}, {last_name} and {name}.",
    )
    miy_salutation_male = fields.Char(
        string="Salutation (Man)",
        default=DEFAULT_SALUTATIONS["male"],
        help="Use {first_name}, {last_name} and {name}.",
    )
    miy_salutation_unknown = fields.Char(
        string="Salutation (Gender Unknown)",
        default=DEFAULT_SALUTATIONS["unknown"],
        help="Used for persons whose gender is not known. Use {first_name}, {last_name} and {name}.",
    )
    miy_salutation_company = fields.Char(
        string="Salutation (Organization)", default=DEFAULT_SALUTATIONS["company"], help="Used for organizations."
    )
    miy_sms_provider_id = fields.Many2one(
        "miy.sms.provider",
        string="SMS Provider",
        help="Gateway the SMS of this company go through; empty: Odoo's own SMS service (IAP).",
    )

    def _miy_salutation_forms(self):
        self.ensure_one()
        return {
            "female": self.miy_salutation_female or DEFAULT_SALUTATIONS["female"],
            "male": self.miy_salutation_male or DEFAULT_SALUTATIONS["male"],
            "unknown": self.miy_salutation_unknown or DEFAULT_SALUTATIONS["unknown"],
            "company": self.miy_salutation_company or DEFAULT_SALUTATIONS["company"],
        }
