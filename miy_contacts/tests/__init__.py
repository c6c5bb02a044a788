from . import (
    test_affiliations,
    test_criteria,
    test_install_hook,
    test_menus,
    test_partner_360,
    test_personal_profile,
    test_phones,
    test_roles,
    test_segments,
)
