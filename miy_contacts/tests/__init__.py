from . import (
    test_affiliations,
    test_documents,
    test_install_hook,
    test_menus,
    test_partner_360,
    test_phones,
    test_relations,
    test_roles,
)
