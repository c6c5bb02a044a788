import uuid
from datetime import datetime
from unittest.mock import patch

from psycopg2 import errors as pg_errors

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.concurrency import MiyConcurrencyCase


class CronConcurrencyCase(MiyConcurrencyCase):
    """A job started twice at the same moment (two cron workers, a manual run and the scheduler):
    the second run either finds nothing left to do or stops on PostgreSQL's serialization failure
    (the cron runner logs it, rolls back and runs the job again later); never a second e-mail,
    SMS or activity."""

    def assert_clean_or_serialization(self, *outcomes):
        for outcome in outcomes:
            if outcome.error is not None:
                self.assertIsInstance(outcome.error, pg_errors.SerializationFailure, repr(outcome.error))
        self.assertTrue(any(outcome.error is None for outcome in outcomes), outcomes)

    def new_rows(self, env, model, domain=()):
        return env[model].search([("id", ">", self._marks[model]), *domain])


@tagged("post_install", "-at_install")
class TestUnreadDigestConcurrency(CronConcurrencyCase):
    cleanup_models = ("mail.mail", "mail.message", "miy.interaction", "crm.team", "res.partner")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls.committed() as env:
            manager = new_test_user(
                env,
                login=f"cc_manager_{tag}",
                email=f"cc.manager.{tag}@example.com",
                groups="base.group_user,miy_contacts.group_miy_manager",
            )
            member = new_test_user(env, login=f"cc_member_{tag}", groups="base.group_user,miy_contacts.group_miy_user")
            env["crm.team"].create(
                {"name": f"CC team {tag}", "user_id": manager.id, "member_ids": [Command.set([member.id])]}
            )
            person = env["res.partner"].create({"name": f"CC Kişi {tag}"})
            env["miy.interaction"].with_user(member).create(
                {"subject": f"CC unread {tag}", "partner_ids": [Command.set(person.ids)], "channel": "phone"}
            )
            cls.manager_id, cls.users = manager.id, (manager | member).ids
            # the job mails every manager of the database once a day: the others (the demo's)
            # count as done today, and get their day back afterwards
            cls.keep_columns(env, "res.users", ["miy_unread_digest_date"])
            today = fields.Date.context_today(env["miy.interaction"])
            others = env.ref("miy_contacts.group_miy_manager").users - manager
            others.write({"miy_unread_digest_date": today})
        cls.addClassCleanup(cls._remove_users)

    @classmethod
    def _remove_users(cls):
        with cls.committed() as env:
            users = env["res.users"].browse(cls.users)
            partners = users.partner_id
            users.unlink()
            partners.unlink()

    def _cron(self, env):
        env["miy.interaction"]._cron_send_unread_digest()

    def _digests(self):
        with self.committed() as env:
            manager = env["res.users"].browse(self.manager_id)
            return self.new_rows(env, "mail.mail", [("recipient_ids", "in", manager.partner_id.ids)])

    def _reset(self):
        with self.committed() as env:
            self.new_rows(env, "mail.mail").unlink()
            env["res.users"].browse(self.manager_id).miy_unread_digest_date = False

    @mute_logger("odoo.sql_db")
    def test_started_together(self):
        outcomes = self.stale_snapshot(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self.assertEqual(len(self._digests()), 1)

    @mute_logger("odoo.sql_db")
    def test_second_while_first_uncommitted(self):
        self._reset()
        outcomes = self.overlapping(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self.assertEqual(len(self._digests()), 1)


@tagged("post_install", "-at_install")
class TestEscalationConcurrency(CronConcurrencyCase):
    cleanup_models = (
        "mail.mail",
        "mail.activity",
        "mail.message",
        "miy.service.request",
        "miy.service.request.type",
        "crm.team",
        "res.partner",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls.committed() as env:
            manager = new_test_user(
                env,
                login=f"cc_sla_{tag}",
                email=f"cc.sla.{tag}@example.com",
                groups="base.group_user,miy_contacts.group_miy_manager",
            )
            team = env["crm.team"].create({"name": f"CC SLA {tag}", "user_id": manager.id})
            request_type = env["miy.service.request.type"].create(
                {"name": f"CC type {tag}", "first_response_hours": 1, "resolution_hours": 2, "team_id": team.id}
            )
            customer = env["res.partner"].create({"name": f"CC Müşteri {tag}", "is_company": True})
            request = env["miy.service.request"].create(
                {
                    "subject": f"CC late {tag}",
                    "partner_id": customer.id,
                    "type_id": request_type.id,
                    "team_id": team.id,
                    "request_date": datetime(2025, 1, 6, 9, 0),
                }
            )
            cls.manager_id, cls.request_id = manager.id, request.id
        cls.addClassCleanup(cls._remove_manager)

    @classmethod
    def _remove_manager(cls):
        with cls.committed() as env:
            user = env["res.users"].browse(cls.manager_id)
            partner = user.partner_id
            user.unlink()
            partner.unlink()

    def setUp(self):
        super().setUp()
        # the job escalates every late request of the database: here only the test's
        Request = self.registry["miy.service.request"]
        breached_domain = Request._miy_breached_domain
        request_id = self.request_id

        def only_ours(model, target, now):
            return [("id", "=", request_id), *breached_domain(model, target, now)]

        self.startPatcher(patch.object(Request, "_miy_breached_domain", only_ours))

    def _cron(self, env):
        env["miy.service.request"]._cron_escalate_breached()

    def _check_escalated_once(self):
        with self.committed() as env:
            request = env["miy.service.request"].browse(self.request_id)
            self.assertTrue(request.first_response_escalated and request.resolution_escalated)
            activities = self.new_rows(
                env, "mail.activity", [("res_model", "=", "miy.service.request"), ("res_id", "=", request.id)]
            )
            self.assertEqual(len(activities), 2, "one activity per target")
            manager = env["res.users"].browse(self.manager_id)
            mails = self.new_rows(env, "mail.mail", [("recipient_ids", "in", manager.partner_id.ids)])
            self.assertEqual(len(mails), 2, "one e-mail per target")

    def _reset(self):
        with self.committed() as env:
            self.new_rows(env, "mail.mail").unlink()
            self.new_rows(env, "mail.activity").unlink()
            request = env["miy.service.request"].browse(self.request_id)
            request.write({"first_response_escalated": False, "resolution_escalated": False})

    @mute_logger("odoo.sql_db")
    def test_started_together(self):
        self._reset()
        outcomes = self.stale_snapshot(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self._check_escalated_once()

    @mute_logger("odoo.sql_db")
    def test_second_while_first_uncommitted(self):
        self._reset()
        outcomes = self.overlapping(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self._check_escalated_once()


@tagged("post_install", "-at_install")
class TestMailingQueueConcurrency(CronConcurrencyCase):
    cleanup_models = ("mail.mail", "mail.message", "mailing.trace", "mailing.mailing", "res.partner")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls.committed() as env:
            cls.ref = f"CCMLG{tag}"
            env["res.partner"].create(
                [
                    {"name": f"CC Alıcı {index} {tag}", "email": f"cc.{index}.{tag}@example.com", "ref": cls.ref}
                    for index in range(3)
                ]
            )
            # the queue sends every queued mailing of the database: the others wait meanwhile
            Mailing = env["mailing.mailing"]
            cls.keep_columns(env, "mailing.mailing", ["state"])
            Mailing.search([("state", "in", ("in_queue", "sending"))]).write({"state": "draft"})

    def _queue(self):
        with self.committed() as env:
            mailing = env["mailing.mailing"].create(
                {
                    "subject": "CC katalog",
                    "mailing_type": "mail",
                    "mailing_model_id": env["ir.model"]._get_id("res.partner"),
                    "miy_audience": "domain",
                    "mailing_domain": repr([("ref", "=", self.ref)]),
                    "body_html": "<p>Katalog</p>",
                    "email_from": "pazarlama@example.com",
                    "state": "in_queue",
                }
            )
            return mailing.id

    def _cron(self, env):
        env["mailing.mailing"]._process_mass_mailing_queue()

    def _check_sent_once(self, mailing_id):
        with self.committed() as env:
            traces = env["mailing.trace"].search([("mass_mailing_id", "=", mailing_id)])
            self.assertEqual(len(traces), 3)
            self.assertEqual(len(set(traces.mapped("res_id"))), 3, "one message per recipient")
            mails = env["mail.mail"].search([("mailing_id", "=", mailing_id)])
            self.assertLessEqual(len(mails), 3)
            self.assertEqual(env["mailing.mailing"].browse(mailing_id).state, "done")

    @mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_mail")
    def test_started_together(self):
        mailing_id = self._queue()
        outcomes = self.stale_snapshot(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self._check_sent_once(mailing_id)

    @mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_mail")
    def test_second_while_first_uncommitted(self):
        mailing_id = self._queue()
        outcomes = self.overlapping(self._cron, self._cron)
        self.assert_clean_or_serialization(*outcomes)
        self._check_sent_once(mailing_id)


@tagged("post_install", "-at_install")
class TestServiceRequestNumberConcurrency(CronConcurrencyCase):
    """Service request numbers are an unbroken register (``ir.sequence`` ``no_gap``): a request
    whose creation is rolled back gives its number back, and two requests opened at the same
    moment (a portal customer and an incoming e-mail) never share a number nor skip one: the
    second finds the sequence row locked (``FOR UPDATE NOWAIT``), which Odoo's request layer and
    the mail gateway's next fetch replay, and then takes the next number."""

    cleanup_models = ("mail.message", "miy.service.request", "res.partner")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed() as env:
            cls.customer_id = env["res.partner"].create({"name": "CC Numara A.Ş.", "is_company": True}).id

    def _open(self, env):
        return env["miy.service.request"].create({"subject": "CC numara", "partner_id": self.customer_id}).name

    @staticmethod
    def _number(name):
        prefix, number = name.rsplit("/", 1)
        return prefix, int(number)

    def test_the_sequence_is_gap_free(self):
        with self.committed() as env:
            sequence = env.ref("miy_interactions.ir_sequence_service_request")
            self.assertEqual(sequence.implementation, "no_gap")

    def test_a_rolled_back_request_gives_its_number_back(self):
        with self.registry.cursor() as cr:
            lost = self._open(self.env_for(cr))
            cr.rollback()
        with self.committed() as env:
            kept = self._open(env)
        self.assertEqual(kept, lost, "the number of the rolled-back request is the next one given")

    @mute_logger("odoo.sql_db")
    def test_second_while_first_uncommitted_is_replayed_with_the_next_number(self):
        first, second = self.overlapping(self._open, self._open)
        self.assertIsNone(first.error)
        self.assertIsInstance(second.error, pg_errors.LockNotAvailable, repr(second.error))
        # what the request layer does with it: the same request again, once the first committed
        with self.committed() as env:
            replayed = self._open(env)
        prefix_first, number_first = self._number(first.result)
        prefix_replayed, number_replayed = self._number(replayed)
        self.assertEqual(prefix_first, prefix_replayed)
        self.assertEqual(number_replayed, number_first + 1, (first.result, replayed))

    @mute_logger("odoo.sql_db")
    def test_two_requests_as_two_requests_at_once(self):
        """Both through the request layer's replay: two numbers, one after the other."""
        outcomes = self.run_concurrently(self.as_request(self._open), self.as_request(self._open))
        names = [outcome.result for outcome in outcomes if outcome.error is None]
        errors = [outcome.error for outcome in outcomes if outcome.error is not None]
        for error in errors:  # replayed five times while the other still held the row: the user retries
            self.assertIsInstance(error, pg_errors.LockNotAvailable, repr(error))
        if len(names) == 1:
            with self.committed() as env:
                names.append(self._open(env))
        first, second = sorted(names, key=lambda name: self._number(name)[1])
        self.assertEqual(self._number(second)[1] - self._number(first)[1], 1, (first, second))
