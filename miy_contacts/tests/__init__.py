from . import test_import_export, test_lifecycle, test_menus, test_referrals
