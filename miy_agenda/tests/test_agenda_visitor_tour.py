from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAgendaVisitorTour(HttpCase):
    def test_front_desk_registers_and_checks_out_a_visitor(self):
        # the Turkish screen: on a database installed without Turkish, load it with this addon's terms
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env.ref("base.module_miy_agenda")._update_translations(["tr_TR"])
        desk = new_test_user(
            self.env,
            login="agenda_tour_desk",
            name="Tur Resepsiyon",
            groups="miy_agenda.group_miy_agenda_front_desk",
            lang="tr_TR",
            tz="Europe/Istanbul",
        )
        host = new_test_user(self.env, login="agenda_tour_host", name="Tur Ev Sahibi", groups="base.group_user")
        self.start_tour(
            "/odoo/action-miy_agenda.miy_agenda_visitor_action", "miy_agenda_visitor_tour", login=desk.login
        )
        visitor = self.env["miy.agenda.visitor"].search([("name", "=", "Tur Ziyaretçisi")])
        self.assertEqual(len(visitor), 1)
        self.assertEqual(visitor.host_id, host)
        self.assertEqual(visitor.state, "left")
        self.assertTrue(visitor.arrival and visitor.departure and visitor.badge_number)
        self.assertEqual(visitor.organization_id.name, "Tur Firması A.Ş.")
        self.assertEqual(visitor.partner_id.parent_id, visitor.organization_id)
        notified = self.env["mail.message"].search(
            [("model", "=", visitor._name), ("res_id", "=", visitor.id), ("partner_ids", "in", host.partner_id.ids)]
        )
        self.assertEqual(len(notified), 1)
