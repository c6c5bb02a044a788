import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

_SENDER_SEPARATORS = re.compile(r"[\s,;]+")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_einvoice_watch_folder = fields.Char(
        "e-Invoice Watched Folder",
        help="Server folder whose XML and ZIP files are imported every few minutes; imported files are "
        "moved to its done/ subfolder, files that could not be imported to failed/ with the reason.",
    )
    miy_einvoice_watch_settle = fields.Integer(
        "Settling Time (seconds)",
        default=60,
        help="A file of the watched folder is imported only when it has not changed for this many seconds "
        "(so that a file still being copied is not imported half-written).",
    )
    miy_einvoice_alias_id = fields.Many2one(
        "mail.alias",
        "e-Invoice E-mail Alias",
        copy=False,
        ondelete="set null",
        help="E-mails to this address are imported as e-invoices into this company.",
    )
    miy_einvoice_mail_senders = fields.Text(
        "Allowed e-Invoice Senders",
        help="Addresses (gonderim@entegrator.com.tr) or domains (entegrator.com.tr) allowed to send "
        "e-invoices to the company's e-invoice alias, separated by commas, spaces or new lines. Empty: "
        "every e-mail is refused.",
    )

    @api.constrains("miy_einvoice_mail_senders")
    def _check_miy_einvoice_mail_senders(self):
        for company in self:
            for entry in company._miy_einvoice_sender_entries():
                if "@" in entry.lstrip("@"):
                    valid = bool(email_normalize(entry))
                else:
                    valid = bool(_DOMAIN.match(entry.lstrip("@")))
                if not valid:
                    raise ValidationError(
                        self.env._(
                            "“%(entry)s” is neither an e-mail address nor a domain: list the addresses or "
                            "domains allowed to send e-invoices, separated by commas or new lines.",
                            entry=entry,
                        )
                    )

    @api.constrains("miy_einvoice_watch_settle")
    def _check_miy_einvoice_watch_settle(self):
        if any(company.miy_einvoice_watch_settle < 0 for company in self):
            raise ValidationError(self.env._("The settling time of the watched folder cannot be negative."))

    def _miy_einvoice_sender_entries(self):
        self.ensure_one()
        return [entry.lower() for entry in _SENDER_SEPARATORS.split(self.miy_einvoice_mail_senders or "") if entry]

    def _miy_einvoice_sender_allowed(self, email_from):
        """True when the (single) address of ``email_from`` is listed, or its domain is."""
        self.ensure_one()
        email = email_normalize(email_from or "")
        if not email:
            return False
        domain = email.rpartition("@")[2]
        for entry in self._miy_einvoice_sender_entries():
            if "@" in entry.lstrip("@"):
                if email_normalize(entry) == email:
                    return True
            elif entry.lstrip("@") == domain:
                return True
        return False

    @api.model
    def _miy_einvoice_link_default_alias(self):
        """The ``e-fatura`` alias created at install belongs to the main company (install and
        migration 18.0.1.1.0)."""
        alias = self.env.ref("miy_e_invoice_bridge.mail_alias_miy_einvoice", raise_if_not_found=False)
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        if not alias or not company or company.miy_einvoice_alias_id not in (alias, self.env["mail.alias"]):
            return
        if self.search_count([("miy_einvoice_alias_id", "=", alias.id), ("id", "!=", company.id)]):
            return
        # a reinstall after a failed install reloads the alias with empty defaults: set them again
        defaults = repr({"company_id": company.id})
        if alias.alias_defaults != defaults:
            alias.alias_defaults = defaults
        company.miy_einvoice_alias_id = alias

    def _miy_einvoice_set_alias(self, alias_name):
        """Create, rename or switch off (no name) the company's e-invoice alias."""
        self.ensure_one()
        alias = self.miy_einvoice_alias_id
        if not alias_name:
            if alias:
                alias.alias_name = False
            return
        if alias:
            alias.write({"alias_name": alias_name, "alias_defaults": repr({"company_id": self.id})})
            return
        self.miy_einvoice_alias_id = self.env["mail.alias"].create(
            {
                "alias_name": alias_name,
                "alias_model_id": self.env["ir.model"]._get_id("miy.einvoice.mail"),
                "alias_defaults": repr({"company_id": self.id}),
                "alias_contact": "partners",
                "alias_domain_id": self.alias_domain_id.id,
            }
        )
