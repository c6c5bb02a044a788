"""e-Invoice e-mail aliases belong to a company: the ``e-fatura`` alias of earlier versions goes to
the main company. Its allowed senders start empty (every e-mail refused until they are set)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._miy_einvoice_link_default_alias()
