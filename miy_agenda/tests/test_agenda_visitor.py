from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from .agenda_visitor_common import VisitorCommon


class TestAgendaVisitor(VisitorCommon):
    # ------------------------------------------------------------------ matching partners
    def test_visitor_matched_by_email(self):
        org = self.env["res.partner"].create({"name": "Ziyaret Gıda A.Ş. (test)", "is_company": True})
        person = self.env["res.partner"].create(
            {"name": "Elif Demir (test)", "email": "elif.demir@ziyaret-test.example", "parent_id": org.id}
        )
        visitor = self.register(name="Elif D.", email="  ELIF.DEMIR@ziyaret-test.example ")
        self.assertEqual(visitor.partner_id, person)
        self.assertEqual(visitor.organization_id, org, "the organization comes from the matched person")

    def test_desk_form_shows_the_match_before_saving(self):
        org = self.env["res.partner"].create({"name": "Form Firma (test)", "is_company": True})
        person = self.env["res.partner"].create(
            {"name": "Deniz Form (test)", "email": "deniz@form-test.example", "parent_id": org.id}
        )
        with Form(self.Visitor.with_user(self.user_desk)) as form:
            form.name = "Deniz"
            form.email = "deniz@form-test.example"
            self.assertEqual(form.partner_id, person)
            self.assertEqual(form.organization_id, org)
            form.host_id = self.host
        self.assertEqual(form.record.partner_id, person)
        # a namesake proposed from the name alone gives way to the e-mail typed next
        with Form(self.Visitor.with_user(self.user_desk)) as form:
            form.name = "Deniz Form (test)"
            self.assertEqual(form.partner_id, person)
            form.email = "yeni.deniz@form-test.example"
            self.assertFalse(form.partner_id)
            form.host_id = self.host
        self.assertNotEqual(form.record.partner_id, person)
        self.assertEqual(form.record.partner_id.email, "yeni.deniz@form-test.example")

    def test_visitor_matched_by_phone_in_any_spelling(self):
        person = self.env["res.partner"].create({"name": "Murat Şahin (test)", "mobile": "+90 532 417 22 33"})
        visitor = self.register(name="M. Şahin", phone="0532 417 2233")
        self.assertEqual(visitor.partner_id, person)

    def test_visitor_matched_by_name_and_organization(self):
        org = self.env["res.partner"].create({"name": "Gemlik Ziyaret Tekstil (test)", "is_company": True})
        person = self.env["res.partner"].create({"name": "Kemal Ateş (test)"})
        visitor = self.register(name="kemal ateş (test)", organization_name="GEMLİK ZİYARET TEKSTİL (TEST)")
        self.assertEqual(visitor.partner_id, person)
        self.assertEqual(visitor.organization_id, org)
        # a namesake with an e-mail of their own is another person
        namesake = self.register(name="Kemal Ateş (test)", email="baska.kemal@ziyaret-test.example")
        self.assertNotEqual(namesake.partner_id, person)
        self.assertEqual(namesake.partner_id.email, "baska.kemal@ziyaret-test.example")

    def test_typed_name_is_not_a_pattern(self):
        """What the desk types is matched literally: "%" or "_" match no existing contact."""
        org = self.env["res.partner"].create({"name": "Desen Firma (test)", "is_company": True})
        person = self.env["res.partner"].create({"name": "Desen Kişi (test)", "parent_id": org.id})
        visitor = self.register(name="%", organization_name="D_sen Firma (test)")
        self.assertNotEqual(visitor.partner_id, person)
        self.assertEqual(visitor.partner_id.name, "%")
        self.assertNotEqual(visitor.organization_id, org)
        self.assertEqual(visitor.organization_id.name, "D_sen Firma (test)")

    def test_unknown_visitor_and_organization_created(self):
        """The front desk has no right to create contacts: the visitor's contacts are created for it."""
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.with_user(self.user_desk).has_access("create"))
        visitor = self.register(
            name="Zeynep Kurt (test)",
            email="zeynep@yeni-firma-test.example",
            phone="+90 224 555 01 02",
            organization_name="Yeni Firma Ltd. (test)",
        )
        self.assertTrue(visitor.organization_id.is_company)
        self.assertEqual(visitor.organization_id.name, "Yeni Firma Ltd. (test)")
        self.assertEqual(visitor.partner_id.name, "Zeynep Kurt (test)")
        self.assertEqual(visitor.partner_id.email, "zeynep@yeni-firma-test.example")
        self.assertEqual(visitor.partner_id.parent_id, visitor.organization_id)
        self.assertEqual(Partner._miy_find_by_phone("02245550102"), visitor.partner_id)
        # the second visit of the same person finds the contact created by the first
        again = self.register(name="Zeynep Kurt", phone="0224 555 0102")
        self.assertEqual(again.partner_id, visitor.partner_id)

    # ------------------------------------------------------------------ arrival, departure, badge
    def test_in_building_and_check_out(self):
        first = self.register(name="Birinci Ziyaretçi (test)")
        second = self.register(name="İkinci Ziyaretçi (test)")
        self.assertEqual(first.state, "in")
        self.assertTrue(first.arrival)
        self.assertTrue(first.badge_number)
        self.assertNotEqual(first.badge_number, second.badge_number)
        second.with_user(self.user_desk).action_check_out()
        self.assertEqual(second.state, "left")
        self.assertTrue(second.departure)
        inside = self.Visitor.with_user(self.user_guard).search(
            [("state", "=", "in"), ("id", "in", (first | second).ids)]
        )
        self.assertEqual(inside, first)
        with self.assertRaises(UserError):
            second.with_user(self.user_desk).action_check_out()
        with self.assertRaises(UserError):
            first.with_user(self.user_desk).action_check_in()
        # a form sends arrival=False: the arrival is still the registration time
        third = self.register(name="Üçüncü Ziyaretçi (test)", arrival=False)
        self.assertTrue(third.arrival)

    def test_expected_visitor_checked_in(self):
        visitor = self.register(name="Beklenen Misafir (test)", state="expected", arrival=False)
        self.assertFalse(visitor.badge_number)
        self.assertFalse(self._host_notifications(visitor))
        visitor.with_user(self.user_desk).action_check_in()
        self.assertEqual(visitor.state, "in")
        self.assertTrue(visitor.arrival and visitor.badge_number)
        self.assertEqual(len(self._host_notifications(visitor)), 1)

    def test_departure_before_arrival_refused(self):
        visitor = self.register(name="Zaman Yolcusu (test)")
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            visitor.with_user(self.user_desk).write({"departure": visitor.arrival - timedelta(hours=1)})

    def _host_notifications(self, visitor):
        return self.env["mail.message"].search(
            [
                ("model", "=", visitor._name),
                ("res_id", "=", visitor.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", visitor.host_id.partner_id.ids),
            ]
        )

    def test_host_notified_on_arrival(self):
        visitor = self.register(name="Ali Veli (test)", organization_name="Osmangazi Ziyaret (test)", purpose="Teklif")
        message = self._host_notifications(visitor)
        self.assertEqual(len(message), 1)
        self.assertIn("Ali Veli (test)", message.subject)
        self.assertIn(visitor.badge_number, message.body)
        self.assertEqual(message.partner_ids, self.host.partner_id)
        # the host reads the visit they are notified of
        self.assertEqual(visitor.with_user(self.host).read(["name"])[0]["name"], "Ali Veli (test)")

    def test_badge_renders(self):
        visitor = self.register(name="Rozet Sahibi (test)", organization_name="Rozet A.Ş. (test)")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "miy_agenda.action_report_agenda_visitor_badge", visitor.ids
        )
        html = html.decode()
        self.assertIn("Rozet Sahibi (test)", html)
        self.assertIn("Rozet A.Ş. (test)", html)
        self.assertIn(visitor.badge_number, html)
        self.assertIn(self.host.name, html)
        action = visitor.with_user(self.user_desk).action_print_badge()
        self.assertEqual(action["report_name"], "miy_agenda.report_agenda_visitor_badge")

    # ------------------------------------------------------------------ partner's card
    def test_visits_on_partner_card(self):
        org = self.env["res.partner"].create({"name": "Kart Firma (test)", "is_company": True})
        person = self.env["res.partner"].create({"name": "Kart Kişi (test)", "parent_id": org.id})
        self.register(name="Kart Kişi (test)", partner_id=person.id)
        self.register(name="Kart Kişi (test)", partner_id=person.id, host_id=self.other_host.id)
        self.assertEqual(person.with_user(self.user_desk).miy_visit_count, 2)
        self.assertEqual(org.with_user(self.user_guard).miy_visit_count, 2)
        # a host counts only the visits they hosted
        self.assertEqual(person.with_user(self.host).miy_visit_count, 1)
        action = person.with_user(self.user_desk).action_miy_open_visits()
        visits = self.Visitor.with_user(self.user_desk).search(action["domain"])
        self.assertEqual(len(visits), 2)

    # ------------------------------------------------------------------ KVKK retention
    def test_anonymisation_keeps_counts(self):
        self.env.company.miy_visitor_retention_days = 30
        with freeze_time(fields.Datetime.now() - timedelta(days=40)):
            old = self.register(
                name="Eski Ziyaretçi (test)",
                email="eski@ziyaret-test.example",
                phone="+90 224 444 11 22",
                organization_name="Eski Firma (test)",
                purpose="Görüşme",
            )
            old.with_user(self.user_desk).action_check_out()
            never_left = self.register(name="Çıkışı Unutulan (test)")
        recent = self.register(name="Yeni Ziyaretçi (test)", email="yeni@ziyaret-test.example")
        mine = old | never_left | recent
        counts_before = self.Visitor._read_group([("id", "in", mine.ids)], ["host_id"], ["__count"])
        self.assertTrue(self.env["mail.message"].search_count([("model", "=", old._name), ("res_id", "=", old.id)]))

        self.Visitor._cron_anonymise_visitors()

        for visitor in old | never_left:
            self.assertTrue(visitor.anonymised)
            self.assertEqual(visitor.name, "-")
            self.assertFalse(visitor.email or visitor.phone or visitor.partner_id or visitor.purpose)
            self.assertEqual(visitor.state, "left")
        self.assertEqual(old.organization_id.name, "Eski Firma (test)", "the organization is not personal data")
        self.assertFalse(
            self.env["mail.message"].search_count([("model", "=", old._name), ("res_id", "=", old.id)]),
            "the host's notification named the visitor",
        )
        self.assertFalse(recent.anonymised)
        self.assertEqual(recent.name, "Yeni Ziyaretçi (test)")
        counts_after = self.Visitor._read_group([("id", "in", mine.ids)], ["host_id"], ["__count"])
        self.assertEqual(counts_after, counts_before, "visits are still counted")

    def test_no_anonymisation_when_retention_is_zero(self):
        self.env.company.miy_visitor_retention_days = 0
        with freeze_time(fields.Datetime.now() - timedelta(days=4000)):
            old = self.register(name="Sonsuz Kayıt (test)")
        self.Visitor._cron_anonymise_visitors()
        self.assertFalse(old.anonymised)
