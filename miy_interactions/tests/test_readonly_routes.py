from unittest.mock import patch

from odoo.http import request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.readonly_routes import (
    READ_ONLY_PAGE,
    ReadonlyRoutesMixin,
    record_cursors,
)
from odoo.addons.portal.controllers.portal import CustomerPortal


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(ReadonlyRoutesMixin, HttpCase):
    """The service-request pages of the portal read from the replica; opening a request writes on
    the primary. Odoo's test mode gives read-only routes a read-only transaction, as a replica."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Salt Okunur Makina A.Ş.", "is_company": True})
        cls.portal_user = new_test_user(
            cls.env, login="miy_ro_customer", groups="base.group_portal", name="Salt Okunur Kişi", lang="en_US"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.request_type = cls.env["miy.service.request.type"].create(
            {"name": "Salt okunur arıza (test)", "first_response_hours": 4, "resolution_hours": 16}
        )
        cls.own_request = cls.env["miy.service.request"].create(
            {
                "subject": "Replika talebi (test)",
                "partner_id": cls.customer.id,
                "contact_id": cls.portal_user.partner_id.id,
                "type_id": cls.request_type.id,
            }
        )

    def test_route_modes(self):
        self.assert_route_modes(
            "miy_interactions",
            {
                "/my/service-requests": READ_ONLY_PAGE,
                "/my/service-requests/page/<int:page>": READ_ONLY_PAGE,
                "/my/service-requests/<int:request_id>": READ_ONLY_PAGE,
                "/my/service-requests/new": READ_ONLY_PAGE,
            },
        )

    def test_pages_work_on_a_read_only_cursor(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.open_read_only("/my/service-requests", "Replika talebi (test)")
        self.open_read_only("/my/service-requests/page/1", "Replika talebi (test)")
        self.open_read_only(f"/my/service-requests/{self.own_request.id}", "Replika talebi (test)")
        self.open_read_only("/my/service-requests/new", "Salt okunur arıza (test)")
        # the counter of the portal home (Odoo's read-only /my/counters) with this addon's count
        with record_cursors() as runs:
            counters = self.make_jsonrpc_request("/my/counters", {"counters": ["miy_service_request_count"]})
        self.assertEqual(counters["miy_service_request_count"], 1)
        self.assertEqual(runs, [("/my/counters", True)])

    def test_shared_link_works_on_a_read_only_cursor(self):
        """Someone without an account opens the request from the link in the acknowledgement."""
        token = self.own_request.sudo()._portal_ensure_token()
        self.open_read_only(f"/my/service-requests/{self.own_request.id}?access_token={token}", "Replika talebi (test)")

    def test_opening_a_request_writes_on_the_primary(self):
        """The form's POST never reaches the replica; the page after it reads the primary, where
        the new request already is (the replica may be a moment behind)."""
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.open_read_only("/my/service-requests/new")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = self.open_read_write(
            "/my/service-requests/new",
            data={"csrf_token": token, "subject": "Yazılan talep (test)", "type_id": self.request_type.id},
        )
        self.assertEqual(response.status_code, 303)
        created = self.env["miy.service.request"].search([("subject", "=", "Yazılan talep (test)")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.partner_id, self.customer)
        landing = response.headers["Location"]
        self.assertIn("submitted=1", landing)
        landing = landing[landing.index("/my/") :]
        response = self.open_read_write(landing)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Yazılan talep (test)", response.text)

    def test_a_write_on_a_read_only_page_is_run_again_on_the_primary(self):
        """Odoo's safety net, should a read-only page write after all: PostgreSQL refuses the write
        in the read-only transaction, Odoo rolls it back and runs the request again on the primary;
        the write happens once, and never on the replica."""
        probe = "miy_interactions.readonly_probe_test"
        layout_values = CustomerPortal._prepare_portal_layout_values

        def writing_layout_values(controller):
            params = request.env["ir.config_parameter"].sudo()
            params.set_param(probe, str(int(params.get_param(probe, "0")) + 1))
            request.env.flush_all()
            return layout_values(controller)

        self.authenticate(self.portal_user.login, self.portal_user.login)
        with (
            patch.object(CustomerPortal, "_prepare_portal_layout_values", writing_layout_values),
            mute_logger("odoo.sql_db"),  # "bad query: ... in a read-only transaction": expected here
            self.assertLogs("odoo.http", "WARNING") as logs,
            record_cursors() as runs,
        ):
            response = self.url_open("/my/service-requests", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Replika talebi (test)", response.text)
        self.assertEqual(runs, [("/my/service-requests", True), ("/my/service-requests", False)])
        self.assertIn("retrying with a read/write cursor", "\n".join(logs.output))
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(probe), "1")
