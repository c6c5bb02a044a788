from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAgendaVisitorRpc(HttpCase):
    """What a hostile caller gets through the web client's JSON-RPC, not only through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        desk = new_test_user(cls.env, login="agenda_rpc_desk", groups="miy_agenda.group_miy_agenda_front_desk")
        cls.host = new_test_user(cls.env, login="agenda_rpc_host", groups="base.group_user")
        cls.other = new_test_user(cls.env, login="agenda_rpc_other", groups="base.group_user")
        cls.portal = new_test_user(cls.env, login="agenda_rpc_portal", groups="base.group_portal")
        Visitor = cls.env["miy.agenda.visitor"].with_user(desk)
        cls.mine = Visitor.create({"name": "RPC Misafir (test)", "host_id": cls.host.id})
        cls.theirs = Visitor.create(
            {"name": "RPC Gizli (test)", "host_id": cls.other.id, "email": "gizli-rpc@ziyaret-test.example"}
        )

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/miy.agenda.visitor/{method}",
            {"model": "miy.agenda.visitor", "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_plain_employee_over_rpc(self):
        self.authenticate(self.host.login, self.host.login)
        rows = self._call("search_read", [[("id", "in", [self.mine.id, self.theirs.id])], ["name", "email"]])
        self.assertEqual([row["id"] for row in rows], [self.mine.id])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("read", [[self.theirs.id], ["name", "email"]])
        # the whole log holds only the employee's own visitors
        log = self._call(
            "web_search_read", [], {"domain": [], "specification": {"name": {}, "host_id": {}}, "limit": 500}
        )
        self.assertTrue(all(row["host_id"] == self.host.id for row in log["records"]))
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("create", [{"name": "Sahte (test)", "host_id": self.host.id}])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("action_check_out", [[self.theirs.id]])

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_portal_user_over_rpc(self):
        self.authenticate(self.portal.login, self.portal.login)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("search_read", [[], ["name"]])
