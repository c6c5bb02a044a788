import logging
from datetime import date
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .aftersale_common import MiyAftersaleCommon


@tagged("post_install", "-at_install")
class TestBirthdayGreetings(MiyAftersaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.program = env["loyalty.program"].create(
            {
                "name": "Doğum Günü Kuponu",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.earlier_greetings = env["miy.birthday.greeting"].search([])
        cls.dealer = env["res.partner"].create({"name": "Ordu Fındık Bayi", "is_company": True})
        cls.segment = env["miy.segment"].create(
            {"name": "Önemli müşteriler", "domain": f"[('id', 'in', [{cls.customer.id}, {cls.dealer.id}])]"}
        )
        cls.company.write(
            {
                "miy_birthday_active": True,
                "miy_birthday_segment_id": cls.segment.id,
                "miy_birthday_program_id": cls.program.id,
                "miy_birthday_coupon_days": 30,
            }
        )
        cls.hobby_football = env["miy.hobby"].create({"name": "Futbol (test)"})
        cls.sport_template = env.ref("miy_quotes.mail_template_miy_birthday_sport")
        cls.sport_rule = env["miy.birthday.rule"].create(
            {
                "name": "Futbolseverler",
                "sequence": 1,
                "hobby_ids": [Command.link(cls.hobby_football.id)],
                "template_id": cls.sport_template.id,
            }
        )
        cls.team_rule = env["miy.birthday.rule"].create(
            {"name": "Bursaspor", "sequence": 2, "favorite_team": "bursaspor", "template_id": cls.sport_template.id}
        )
        cls.ayse = cls._person("Ayşe Yılmaz", cls.customer, date(1980, 3, 14), miy_gender="female")
        cls.mehmet = cls._person(
            "Mehmet Kaya", cls.dealer, date(1975, 3, 14), miy_gender="male", miy_favorite_team="Bursaspor"
        )
        cls.no_consent = cls._person("Rıza Yok", cls.customer, date(1982, 3, 14), consent=False)
        cls.blacklisted = cls._person("Kara Liste", cls.customer, date(1983, 3, 14))
        env["mail.blacklist"].sudo()._add(cls.blacklisted.email)
        cls.outsider = cls._person("Dış Kişi", cls.other_customer, date(1984, 3, 14))
        cls.other_day = cls._person("Başka Gün", cls.customer, date(1985, 3, 15))
        cls.leapling = cls._person("Şubat Yirmidokuz", cls.customer, date(1988, 2, 29))
        cls.sales_user = new_test_user(
            env,
            login="bd_sales",
            name="Satışçı",
            groups="sales_team.group_sale_salesman_all_leads,miy_contacts.group_miy_user",
        )
        cls.greeter = new_test_user(
            env,
            login="bd_greeter",
            name="Kişisel Veri Müdürü",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_personal_data",
        )

    @classmethod
    def _person(cls, name, organization, birthday, consent=True, **profile):
        vals = {
            "name": name,
            "parent_id": organization.id,
            "email": f"{name.split()[0].lower()}@example.com",
            "miy_birthdate": birthday,
            "lang": "en_US",
            **profile,
        }
        if consent:
            vals.update(miy_kvkk_legal_basis="consent", miy_kvkk_consent_date=date(2020, 1, 1))
        return cls.env["res.partner"].create(vals)

    def _run(self, day):
        Greeting = self.env["miy.birthday.greeting"]
        with freeze_time(day):
            return Greeting._send_greetings(self.company, fields_date(day))

    def _greetings(self):
        """The greetings of this test (the demo database of the test command has its own)."""
        return self.env["miy.birthday.greeting"].search([("id", "not in", self.earlier_greetings.ids)])

    # ------------------------------------------------------------------ the job
    def test_greets_consenting_people_of_segment_once_with_coupon(self):
        self.assertEqual(self._run("2026-03-14"), 2)
        greetings = self._greetings()
        self.assertEqual(greetings.partner_id, self.ayse | self.mehmet)
        ayse = greetings.filtered(lambda g: g.partner_id == self.ayse)
        self.assertEqual(ayse.organization_id, self.customer)
        self.assertEqual(ayse.year, 2026)
        card = ayse.card_id
        self.assertEqual(card.program_id, self.program)
        self.assertEqual(card.points, 1.0, "single use: exactly the points of one reward")
        self.assertEqual(card.expiration_date, date(2026, 4, 13))
        self.assertFalse(card.partner_id, "the coupon does not name the person")
        self.assertIn(card.code, ayse.mail_id.body_html)
        self.assertEqual(ayse.mail_id.recipient_ids, self.ayse)
        # a second run the same day (or a second worker) greets nobody again
        self.assertEqual(self._run("2026-03-14"), 0)
        self.assertEqual(len(self._greetings()), 2)

    def test_template_chosen_by_profile_first_match_wins(self):
        self.mehmet.miy_hobby_ids = [Command.link(self.hobby_football.id)]
        self._run("2026-03-14")
        greetings = self._greetings()
        mehmet = greetings.filtered(lambda g: g.partner_id == self.mehmet)
        self.assertEqual(mehmet.rule_id, self.sport_rule, "both rules fit: the first one wins")
        self.assertEqual(mehmet.template_id, self.sport_template)
        ayse = greetings.filtered(lambda g: g.partner_id == self.ayse)
        self.assertEqual(ayse.template_id, self.env.ref("miy_quotes.mail_template_miy_birthday_default"))

    def test_unique_greeting_per_year_in_database(self):
        Greeting = self.env["miy.birthday.greeting"]
        vals = {"partner_id": self.ayse.id, "year": 2026, "date": "2026-03-14", "company_id": self.company.id}
        Greeting.create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            Greeting.create(dict(vals, date="2026-03-15"))
        self.assertEqual(self._run("2026-03-14"), 1, "Ayşe was greeted this year already: only Mehmet")

    def test_concurrent_run_greeted_someone_meanwhile(self):
        """Another worker greets Ayşe between this run's selection and its inserts: the batch
        falls back to one by one, Ayşe is skipped by the unique constraint, Mehmet is greeted."""
        Greeting = self.env["miy.birthday.greeting"]
        selection = Greeting._birthday_person_ids(date(2026, 3, 14), self.company)
        Greeting.create({"partner_id": self.ayse.id, "year": 2026, "date": "2026-03-14", "company_id": self.company.id})
        with (
            patch.object(type(Greeting), "_birthday_person_ids", lambda *args: selection),
            mute_logger("odoo.sql_db"),
        ):
            self.assertEqual(self._run("2026-03-14"), 1)
        self.assertEqual(len(Greeting.search([("partner_id", "=", self.ayse.id)])), 1)
        self.assertTrue(Greeting.search([("partner_id", "=", self.mehmet.id)]).mail_id)

    def test_29_february_in_leap_and_other_years(self):
        self.assertEqual(self._run("2027-02-28"), 1)
        self.assertEqual(self._greetings().partner_id, self.leapling)
        self.assertEqual(self._run("2027-03-01"), 0)
        self.assertEqual(self._run("2028-02-28"), 0, "in a leap year the 29th is the day")
        self.assertEqual(self._run("2028-02-29"), 1)

    def test_nobody_targeted_without_segment_or_tier(self):
        self.company.miy_birthday_segment_id = False
        self.company.miy_birthday_tiers = "most_valuable"
        expected = 0
        if "miy_value_tier" in self.env["res.partner"]._fields:
            self.customer.miy_value_tier = "most_valuable"
            expected = 1
        self.assertEqual(self._run("2026-03-14"), expected)

    def test_unknown_tier_refused(self):
        with self.assertRaises(ValidationError):
            self.company.miy_birthday_tiers = "vip"

    def test_bad_settings_refused(self):
        with self.assertRaises(ValidationError):
            self.company.miy_birthday_coupon_days = 0
        loyalty = self.env["loyalty.program"].create({"name": "Sadakat", "program_type": "loyalty"})
        with self.assertRaises(ValidationError):
            self.company.miy_birthday_program_id = loyalty
        with self.assertRaises(ValidationError):
            self.env["miy.birthday.rule"].create(
                {"name": "Yanlış şablon", "template_id": self.env.ref("survey.mail_template_user_input_invite").id}
            )

    def test_coupon_use_tracked_and_reported(self):
        self._run("2026-03-14")
        greeting = self._greetings().filtered(lambda g: g.partner_id == self.ayse)
        self.startPatcher(freeze_time("2026-03-20"))
        order = (
            self.env["sale.order"]
            .with_user(self.sales_user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.tool_set.id, "price_unit": 1000})],
                }
            )
        )
        status = order._try_apply_code(greeting.coupon_code)
        self.assertNotIn("error", status)
        coupon, rewards = next(iter(status.items()))
        order._apply_program_reward(rewards, coupon)
        order.action_confirm()
        self.assertEqual(greeting.card_id.points, 0.0, "used once")
        self.env["miy.birthday.greeting"]._refresh_coupon_use()
        self.assertTrue(greeting.is_used)
        self.assertEqual(greeting.order_id, order)
        self.assertAlmostEqual(greeting.revenue, order.amount_untaxed)
        program = self.program.with_user(self.sales_user)
        self.assertEqual(program.miy_coupon_used_count, 1)
        self.assertAlmostEqual(program.miy_coupon_revenue, order.amount_untaxed)
        self.assertEqual(program.coupon_count, 2, "sent")

    # ------------------------------------------------------------------ personal data
    def test_user_without_personal_data_cannot_learn_birthdays(self):
        self._run("2026-03-14")
        Greeting = self.env["miy.birthday.greeting"].with_user(self.sales_user)
        with self.assertRaises(AccessError):
            Greeting.search_read([], ["date", "partner_id"])
        with self.assertRaises(AccessError):
            self._greetings().with_user(self.sales_user).read(["date"])
        # the coupons: salespeople read them (to apply them in orders) but cannot tell whose they are
        Card = self.env["loyalty.card"].with_user(self.sales_user)
        self.assertFalse(Card.search([("partner_id", "in", (self.ayse | self.mehmet).ids)]))
        cards = Card.search([("program_id", "=", self.program.id)])
        self.assertEqual(len(cards), 2)
        self.assertFalse(any(name.startswith("miy_") for name in cards._fields), "no link from coupon to person")
        # nothing on the persons' chatter, nothing readable among the messages
        self.assertFalse(
            self.ayse.message_ids.filtered(lambda m: m.message_type != "notification" and "coupon" in (m.body or ""))
        )
        Message = self.env["mail.message"].with_user(self.sales_user)
        self.assertFalse(Message.search([("model", "=", "miy.birthday.greeting")]))
        # and the job's internals are refused
        with self.assertRaises(AccessError):
            self.env["miy.birthday.greeting"].with_user(self.sales_user)._birthday_person_ids(
                date(2026, 3, 14), self.company
            )
        with self.assertRaises(AccessError):
            self.env["miy.birthday.greeting"].with_user(self.sales_user).action_send_today()

    def test_personal_data_officer_reads_log_and_sends_now(self):
        with freeze_time("2026-03-14"):
            self.env["miy.birthday.greeting"].with_user(self.greeter).action_send_today()
        greetings = self.env["miy.birthday.greeting"].with_user(self.greeter).search([])
        self.assertEqual((greetings - self.earlier_greetings).partner_id, self.ayse | self.mehmet)
        with self.assertRaises(AccessError):
            greetings[0].with_user(self.greeter).write({"year": 2020})

    def test_logs_name_no_person(self):
        with self.assertLogs("odoo.addons.miy_quotes", level=logging.DEBUG) as logs:
            self._run("2026-03-14")
        output = "\n".join(logs.output)
        for text in ("Ayşe", "Mehmet", "1980", "03-14", "14.03"):
            self.assertNotIn(text, output)


def fields_date(day):
    return date.fromisoformat(day)


@tagged("post_install", "-at_install")
class TestBirthdayGreetingLanguage(TestBirthdayGreetings):
    # Odoo's loader runs a class's own test methods only: the parent's tests are not repeated
    def test_turkish_person_gets_turkish_email(self):
        if not self.env["res.lang"]._lang_get("tr_TR"):
            self.skipTest("Turkish is not installed in this database")
        self.ayse.lang = "tr_TR"
        self._run("2026-03-14")
        greeting = self._greetings().filtered(lambda g: g.partner_id == self.ayse)
        self.assertIn("Doğum gününüz kutlu olsun", greeting.mail_id.subject)
        self.assertIn("doğum gününüzü kutlar", greeting.mail_id.body_html)
        self.assertIn(greeting.coupon_code, greeting.mail_id.body_html)
