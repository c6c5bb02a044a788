from . import miy_partner_export_wizard, miy_partner_import_wizard
