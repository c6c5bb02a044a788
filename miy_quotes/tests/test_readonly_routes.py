from odoo.tests import TransactionCase, tagged

from odoo.addons.miy_contacts.tests.readonly_routes import ReadonlyRoutesMixin


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(ReadonlyRoutesMixin, TransactionCase):
    """The addon has no HTTP route of its own: a new one must be classified here (read-only or read/write)."""

    def test_route_modes(self):
        self.assert_route_modes("miy_quotes", {})
