from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    miy_einvoice_watch_folder = fields.Char(
        "e-Invoice Watched Folder",
        help="Server folder whose XML and ZIP files are imported every few minutes; imported files are "
        "moved to its done/ subfolder, files that could not be imported to failed/ with the reason.",
    )
