from odoo import api, fields, models
from odoo.exceptions import AccessError

PERSONAL_DATA_GROUP = "miy_contacts.group_miy_personal_data"


class MiyPersonalTypeMixin(models.AbstractModel):
    """A type whose records may be personal data (KVKK): relation types (relatives), document
    types (ID copies, diplomas). The *Personal Data* flag decides who sees those records, so only
    the Personal data group may switch it, or delete a type that has it: a manager without that
    right cannot unprotect records they are not allowed to see."""

    _name = "miy.personal.type.mixin"
    _description = "Type of Possibly Personal Records"

    is_personal = fields.Boolean(string="Personal Data")

    def _check_personal_flag_change(self, new_value=None, deleting=False):
        if self.env.su or self.env.user.has_group(PERSONAL_DATA_GROUP):
            return
        changed = self.filtered("is_personal") if deleting else self.filtered(lambda t: t.is_personal != new_value)
        if changed:
            raise AccessError(
                self.env._(
                    "Only the 'Personal data' group may change whether %(types)s hold personal data (KVKK).",
                    types=", ".join(changed.mapped("display_name")),
                )
            )

    def write(self, vals):
        if "is_personal" in vals:
            self._check_personal_flag_change(new_value=bool(vals["is_personal"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_personal_without_right(self):
        self._check_personal_flag_change(deleting=True)
