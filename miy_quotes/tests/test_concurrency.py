import uuid
from datetime import date, timedelta

from psycopg2 import errors as pg_errors

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.concurrency import MiyConcurrencyCase

BIRTHDAY = "odoo.addons.miy_quotes.models.aftersale_birthday"


class QuotesCronCase(MiyConcurrencyCase):
    def assert_clean_or_serialization(self, *outcomes):
        """The second run found nothing left to do, or stopped on PostgreSQL's serialization
        failure (the cron runner rolls it back and runs the job later): never a second alert."""
        for outcome in outcomes:
            if outcome.error is not None:
                self.assertIsInstance(outcome.error, pg_errors.SerializationFailure, repr(outcome.error))
        self.assertTrue(any(outcome.error is None for outcome in outcomes), outcomes)


@tagged("post_install", "-at_install")
class TestPlanDeviationConcurrency(QuotesCronCase):
    """The payment-plan deviation job started by two cron workers at once: one activity."""

    cleanup_models = (
        "mail.activity",
        "mail.mail",
        "mail.message",
        "sale.order",
        "product.product",
        "product.template",
        "res.partner",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls.committed(context={"tracking_disable": True, "mail_notrack": True}) as env:
            # the job alerts every late milestone of the database once: the others' marks come back
            cls.keep_columns(env, "miy.payment.plan.line", ["alert_date", "manager_alert_date"])
            service = env["product.product"].create(
                {
                    "name": f"CC Kurulum {tag}",
                    "type": "service",
                    "list_price": 1000.0,
                    "invoice_policy": "order",
                    "taxes_id": [Command.clear()],
                }
            )
            customer = env["res.partner"].create({"name": f"CC Plan Müşteri {tag}", "is_company": True})
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "user_id": env.ref("base.user_admin").id,
                    "team_id": False,
                    "order_line": [Command.create({"product_id": service.id, "product_uom_qty": 1})],
                    "miy_plan_line_ids": [
                        Command.create({"due_rule": "order", "amount_type": "percent", "percent": 100.0})
                    ],
                }
            )
            order.action_confirm()
            order.date_order = fields.Datetime.now() - timedelta(days=4)
            order.action_miy_refresh_plan()
            cls.order_id = order.id

    @classmethod
    def prepare_cleanup(cls, env):
        env["sale.order"].browse(cls.order_id)._action_cancel()

    def _cron(self, env):
        env["miy.payment.plan.line"]._cron_check_deviations()

    def _alerts(self):
        with self.committed() as env:
            return env["mail.activity"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", self.order_id),
                    ("id", ">", self._marks["mail.activity"]),
                ]
            )

    def _reset(self):
        with self.committed() as env:
            self._alerts().with_env(env).unlink()
            env["sale.order"].browse(self.order_id).miy_plan_line_ids.write({"alert_date": False})

    @mute_logger("odoo.sql_db")
    def test_started_together(self):
        self._reset()
        outcomes = self.stale_snapshot(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self.assertEqual(len(self._alerts()), 1)

    @mute_logger("odoo.sql_db")
    def test_second_while_first_uncommitted(self):
        self._reset()
        outcomes = self.overlapping(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self.assertEqual(len(self._alerts()), 1)


@tagged("post_install", "-at_install")
class TestBirthdayConcurrency(QuotesCronCase):
    """The birthday job started by two cron workers at once: one greeting, one coupon, one e-mail
    per person."""

    cleanup_models = (
        "miy.birthday.greeting",
        "loyalty.card",
        "mail.mail",
        "mail.message",
        "loyalty.program",
        "res.partner",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls.committed(context={"tracking_disable": True}) as env:
            company = env.company
            # the job greets the people of every company that has it on: only this test's here
            cls.keep_columns(
                env,
                "res.company",
                ["miy_birthday_active", "miy_birthday_segment_id", "miy_birthday_program_id", "miy_birthday_tiers"],
            )
            env["res.company"].search([("miy_birthday_active", "=", True)]).miy_birthday_active = False
            program = env["loyalty.program"].create(
                {
                    "name": f"CC Doğum Günü {tag}",
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
            organization = env["res.partner"].create({"name": f"CC Doğum Ltd. {tag}", "is_company": True})
            segment = env["miy.segment"].create({"name": f"CC {tag}", "domain": f"[('id', '=', {organization.id})]"})
            cls.segment_id = segment.id
            today = fields.Date.context_today(env["miy.birthday.greeting"])
            born = date(1980, today.month, today.day) if (today.month, today.day) != (2, 29) else date(1980, 2, 29)
            people = env["res.partner"].create(
                [
                    {
                        "name": f"CC Kişi {index} {tag}",
                        "parent_id": organization.id,
                        "email": f"cc.dogum.{index}.{tag}@example.com",
                        "miy_birthdate": born,
                        "miy_kvkk_legal_basis": "consent",
                        "miy_kvkk_consent_date": date(2020, 1, 1),
                        "lang": "en_US",
                    }
                    for index in range(2)
                ]
            )
            cls.people = people.ids
            company.write(
                {
                    "miy_birthday_active": True,
                    "miy_birthday_segment_id": segment.id,
                    "miy_birthday_program_id": program.id,
                    "miy_birthday_tiers": False,
                }
            )

    @classmethod
    def prepare_cleanup(cls, env):
        env["miy.segment"].browse(cls.segment_id).unlink()
        env["loyalty.program"].search([("id", ">", cls._marks["loyalty.program"])]).active = False

    def _cron(self, env):
        env["miy.birthday.greeting"]._cron_send_greetings()

    def _check_greeted_once(self):
        with self.committed() as env:
            greetings = env["miy.birthday.greeting"].search([("partner_id", "in", self.people)])
            self.assertEqual(sorted(greetings.partner_id.ids), sorted(self.people), "one greeting per person")
            cards = env["loyalty.card"].search([("id", ">", self._marks["loyalty.card"])])
            self.assertEqual(cards, greetings.card_id, "one coupon per greeting, none left over")
            mails = env["mail.mail"].search([("model", "=", "miy.birthday.greeting"), ("res_id", "in", greetings.ids)])
            self.assertEqual(len(mails), 2)

    def _reset(self):
        with self.committed() as env:
            greetings = env["miy.birthday.greeting"].search([("partner_id", "in", self.people)])
            cards = greetings.card_id
            env["mail.mail"].search([("model", "=", "miy.birthday.greeting"), ("res_id", "in", greetings.ids)]).unlink()
            greetings.sudo().unlink()
            cards.unlink()

    @mute_logger("odoo.sql_db", BIRTHDAY)
    def test_started_together(self):
        self._reset()
        outcomes = self.stale_snapshot(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self._check_greeted_once()

    @mute_logger("odoo.sql_db", BIRTHDAY)
    def test_second_while_first_uncommitted(self):
        self._reset()
        outcomes = self.overlapping(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self._check_greeted_once()


@tagged("post_install", "-at_install")
class TestVersionNumberConcurrency(QuotesCronCase):
    """The same quote sent by two users at the same moment: two versions, numbered one after the
    other (gap-free, as the user reads them: Version 1, Version 2), neither send refused."""

    cleanup_models = ("ir.attachment", "sale.order", "res.partner")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed(context={"tracking_disable": True}) as env:
            customer = env["res.partner"].create({"name": f"CC Teklif {uuid.uuid4().hex[:8]}", "is_company": True})
            cls.order_id = env["sale.order"].create({"partner_id": customer.id}).id

    @classmethod
    def prepare_cleanup(cls, env):
        # a sent version is never deleted through the ORM (it is the record of what was sent)
        env.cr.execute("DELETE FROM miy_quote_version WHERE order_id = %s", [cls.order_id])

    def _send(self, env):
        return env["sale.order"].browse(self.order_id)._miy_store_versions("email").revision

    def _revisions(self):
        with self.committed() as env:
            return sorted(env["miy.quote.version"].search([("order_id", "=", self.order_id)]).mapped("revision"))

    def _reset(self):
        with self.committed() as env:
            env.cr.execute("DELETE FROM miy_quote_version WHERE order_id = %s", [self.order_id])

    @mute_logger("odoo.sql_db")
    def test_second_send_while_first_uncommitted(self):
        self._reset()
        first, second = self.overlapping(self.as_request(self._send), self.as_request(self._send))
        self.assertIsNone(second.error, "the second send is not refused")
        self.assertEqual((first.result, second.result), (1, 2))
        self.assertEqual(self._revisions(), [1, 2])

    @mute_logger("odoo.sql_db")
    def test_two_sends_by_two_threads(self):
        self._reset()
        outcomes = self.run_concurrently(self.as_request(self._send), self.as_request(self._send))
        self.assertEqual([outcome.error for outcome in outcomes], [None, None])
        self.assertEqual(sorted(outcome.result for outcome in outcomes), [1, 2])
        self.assertEqual(self._revisions(), [1, 2])
