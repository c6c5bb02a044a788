from odoo.tests import new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class VisitorCommon(MiyCommon):
    """Front desk, security and hosts of the visitor tests (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_desk = new_test_user(
            cls.env,
            login="agenda_front_desk",
            name="Resepsiyon",
            groups="miy_agenda.group_miy_agenda_front_desk",
            tz="Europe/Istanbul",
        )
        cls.user_guard = new_test_user(
            cls.env,
            login="agenda_guard",
            name="Güvenlik",
            groups="miy_agenda.group_miy_agenda_visitor_log",
            tz="Europe/Istanbul",
        )
        cls.host = cls.user_plain
        cls.other_host = new_test_user(
            cls.env, login="agenda_other_host", name="Other Host", groups="base.group_user", tz="Europe/Istanbul"
        )
        cls.user_portal = new_test_user(cls.env, login="agenda_portal", name="Portal", groups="base.group_portal")
        cls.Visitor = cls.env["miy.agenda.visitor"]

    def register(self, user=None, **values):
        values.setdefault("host_id", self.host.id)
        return self.Visitor.with_user(user or self.user_desk).create(values)
