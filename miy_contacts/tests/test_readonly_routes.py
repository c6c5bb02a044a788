from odoo.tests import TransactionCase, tagged

from .readonly_routes import READ_WRITE, ReadonlyRoutesMixin


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(ReadonlyRoutesMixin, TransactionCase):
    """Every route of the addon is classified: read-only (the replica may serve it) or read/write."""

    def test_route_modes(self):
        self.assert_route_modes(
            "miy_contacts",
            {
                # Odoo's login, extended to set the language cookie: logging in writes (Odoo's choice)
                "/web/login": READ_WRITE,
            },
        )
