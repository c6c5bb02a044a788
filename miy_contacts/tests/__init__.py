from . import test_affiliations, test_install_hook, test_menus, test_partner_360, test_phones, test_roles
