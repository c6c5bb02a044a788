from . import test_documents, test_menus, test_relations
