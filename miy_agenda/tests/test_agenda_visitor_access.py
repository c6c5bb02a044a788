from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .agenda_visitor_common import VisitorCommon


class TestAgendaVisitorAccess(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.Visitor.with_user(cls.user_desk).create(
            {"name": "Benim Misafirim (test)", "host_id": cls.host.id}
        )
        cls.theirs = cls.Visitor.with_user(cls.user_desk).create(
            {"name": "Başkasının Misafiri (test)", "host_id": cls.other_host.id, "email": "gizli@ziyaret-test.example"}
        )

    def test_host_sees_only_own_visitors(self):
        Visitor = self.Visitor.with_user(self.host)
        found = Visitor.search([("id", "in", (self.mine | self.theirs).ids)])
        self.assertEqual(found, self.mine)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            self.theirs.with_user(self.host).read(["name", "email"])

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_plain_employee_cannot_read_the_log_or_register(self):
        """What an employee's RPC calls would do: search_read the log, read a record, create, write."""
        Visitor = self.Visitor.with_user(self.other_host)
        rows = Visitor.search_read([], ["name", "email"])
        self.assertNotIn(self.mine.id, [row["id"] for row in rows])
        self.assertEqual(Visitor.search_count([("state", "=", "in"), ("id", "in", (self.mine | self.theirs).ids)]), 1)
        with self.assertRaises(AccessError):
            Visitor.create({"name": "Sahte (test)", "host_id": self.other_host.id})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.other_host).write({"name": "Değişti"})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.other_host).action_check_out()

    def test_security_reads_everything_changes_nothing(self):
        Visitor = self.Visitor.with_user(self.user_guard)
        self.assertEqual(Visitor.search([("id", "in", (self.mine | self.theirs).ids)]), self.mine | self.theirs)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self.mine.with_user(self.user_guard).write({"departure": False})
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            Visitor.create({"name": "Sahte (test)", "host_id": self.host.id})

    def test_front_desk_cannot_delete(self):
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self.mine.with_user(self.user_desk).unlink()

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_portal_user_refused(self):
        with self.assertRaises(AccessError):
            self.Visitor.with_user(self.user_portal).search_read([], ["name"])
        with self.assertRaises(AccessError):
            self.Visitor.with_user(self.user_portal).create({"name": "Portal (test)", "host_id": self.host.id})

    def test_partner_created_for_the_desk_takes_only_visitor_fields(self):
        """The contact made with elevated rights carries the visitor's name, e-mail, phone and firm,
        nothing the caller could slip in (no company of its choosing, no user, no category)."""
        visitor = self.register(name="Sadece İsim (test)", email="sadece@ziyaret-test.example")
        partner = visitor.partner_id
        self.assertEqual(partner.name, "Sadece İsim (test)")
        self.assertFalse(partner.company_id)
        self.assertFalse(partner.user_ids)
        self.assertFalse(self.env["res.partner"].with_user(self.user_desk).has_access("create"))
        # the desk still cannot edit contacts itself
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            partner.with_user(self.user_desk).write({"name": "Değişti"})


@tagged("post_install", "-at_install")
class TestAgendaVisitorMenus(VisitorCommon):
    """Menus and companies of every installed addon are complete only once all are installed."""

    def test_other_company_front_desk_sees_nothing(self):
        company = self.env["res.company"].create({"name": "Başka Şirket (test)"})
        desk = new_test_user(
            self.env,
            login="agenda_other_desk",
            groups="miy_agenda.group_miy_agenda_front_desk",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        mine = self.register(name="Şirket Misafiri (test)")
        self.assertFalse(self.Visitor.with_user(desk).search([("id", "=", mine.id)]))

    def test_menus(self):
        menus = self.env["ir.ui.menu"].with_user(self.user_desk).load_menus(debug=False)
        self.assertIn(self.env.ref("miy_agenda.menu_miy_agenda_visitor_root").id, menus)
        self.assertIn(self.env.ref("miy_agenda.miy_agenda_visitor_menu_log").id, menus)
        # a plain employee finds the visitors they host, not the building nor the log
        menus = self.env["ir.ui.menu"].with_user(self.host).load_menus(debug=False)
        self.assertIn(self.env.ref("miy_agenda.miy_agenda_visitor_menu_mine").id, menus)
        self.assertNotIn(self.env.ref("miy_agenda.miy_agenda_visitor_menu").id, menus)
        self.assertNotIn(self.env.ref("miy_agenda.miy_agenda_visitor_menu_log").id, menus)
        visitor = self.register(name="Menü Misafiri (test)")
        action = (
            self.env["ir.actions.actions"].with_user(self.host)._for_xml_id("miy_agenda.miy_agenda_visitor_action_mine")
        )
        self.assertEqual(self.Visitor.with_user(self.host).search([("id", "=", visitor.id)]), visitor)
        self.assertIn("my_visitors", action["context"])
        # the application is for internal users only (portal users read no menu at all)
        root = self.env.ref("miy_agenda.menu_miy_agenda_visitor_root")
        self.assertIn(self.env.ref("base.group_user"), root.groups_id)
        self.assertFalse(root.groups_id & (self.env.ref("base.group_portal") | self.env.ref("base.group_public")))
        for xmlid in ("miy_agenda.miy_agenda_visitor_action", "miy_agenda.miy_agenda_visitor_action_log"):
            action = self.env["ir.actions.actions"].with_user(self.user_guard)._for_xml_id(xmlid)
            model = self.env[action["res_model"]].with_user(self.user_guard)
            model.get_views([(False, mode) for mode in action["view_mode"].split(",")] + [(False, "search")])
