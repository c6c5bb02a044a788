from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .mailing_common import MiyMailingCommon

ESCALATION = "[('name', '=', user.sudo().write({'groups_id': [(4, user.env.ref('base.group_system').id)]}))]"


@tagged("post_install", "-at_install")
class TestSalutationKvkk(MiyMailingCommon):
    """The salutation reveals the gender (KVKK): only the sending path of a MİY mailing computes it."""

    def assert_refused(self, call, *args):
        """RPC-style call refused: AccessError, or an unknown field for the removed salutation."""
        try:
            with self.cr.savepoint(), mute_logger("odoo.models"):
                result = call(*args)
        except (AccessError, ValueError, KeyError):
            return
        self.fail(f"{call.__name__}{args} was answered: {result!r}")

    def test_plain_miy_user_reads_nothing_that_reveals_gender(self):
        # a MİY user allowed to export (Odoo's own export right), without the personal data right
        user = new_test_user(
            self.env, login="miy_exporter", groups="base.group_user,base.group_allow_export,miy_contacts.group_miy_user"
        )
        self.assertFalse(user.has_group("miy_contacts.group_miy_personal_data"))
        Partner = self.env["res.partner"].with_user(user)
        ayse = self.ayse.with_user(user)
        # no field of any model readable by the user depends on the gender
        for model_name in self.env:
            Model = self.env[model_name]
            if Model._abstract:
                continue
            for field in Model._fields.values():
                if not field.is_accessible(Model.with_user(user).env):
                    continue
                paths = [field.related or ""] + list(self.registry.field_depends.get(field, ()))
                with self.subTest(field=str(field)):
                    self.assertFalse(
                        any("miy_gender" in path.split(".") for path in paths),
                        f"{field} can be read by a MİY user and is computed from the gender",
                    )
        self.assertFalse([name for name in Partner.fields_get() if "gender" in name or "salutation" in name])
        # what RPC calls do: read, search_read, web_read, export_data, read_group, search
        for fields_list in (["miy_salutation"], ["miy_gender"]):
            with self.subTest(fields=fields_list):
                self.assert_refused(ayse.read, fields_list)
                self.assert_refused(Partner.search_read, [("id", "=", self.ayse.id)], fields_list)
                self.assert_refused(ayse.web_read, {fields_list[0]: {}})
                self.assert_refused(ayse.export_data, fields_list)
                self.assert_refused(Partner.read_group, [("id", "=", self.ayse.id)], ["id:count"], fields_list)
                self.assert_refused(Partner.web_read_group, [("id", "=", self.ayse.id)], ["id:count"], fields_list)
        for domain in (
            [("miy_gender", "=", "female")],
            [("child_ids.miy_gender", "=", "female")],
            [("child_ids", "any", [("miy_gender", "=", "female")])],
        ):
            with self.subTest(domain=domain), self.assertRaises(AccessError):
                Partner.search(domain)
        assistant = self.env["res.partner"].create({"name": "Asistan Mlgtest", "parent_id": self.ayse.id})
        self.assert_refused(self.firm.with_user(user).export_data, ["child_ids/miy_gender"])
        self.assert_refused(assistant.with_user(user).export_data, ["parent_id/miy_gender"])

    def test_salutation_only_in_the_sent_message(self):
        mailing = self._mailing()
        with self.mock_mail_gateway():
            self._send(mailing)
        mail = self._new_mails.filtered(lambda m: m.mailing_trace_ids.miy_partner_id == self.ayse)
        self.assertIn("Sayın Ayşe Nur Hanım", mail.body_html)
        trace = mail.mailing_trace_ids.with_user(self.user_miy)
        self.assertNotIn("Hanım", str(trace.read()[0]), "the trace a MİY user reads holds no salutation")


@tagged("post_install", "-at_install")
class TestMailingVisibility(MiyMailingCommon):
    """Mailings and their traces (who received what) are seen only by those who need them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_personal_marketing = new_test_user(
            cls.env,
            login="miy_personal_marketing",
            groups="base.group_user,miy_contacts.group_miy_personal_data,mass_mailing.group_mass_mailing_user",
        )
        cls.user_personal_marketing.groups_id = [Command.link(cls.env.ref("miy_contacts.group_miy_manager").id)]
        cls.ayse.sudo().miy_birthdate = "1980-01-01"
        cls.personal_segment = (
            cls.env["miy.segment"]
            .with_user(cls.user_personal_marketing)
            .create({"name": "Mlg kadınlar", "domain": "[('ref', '=', 'MLG'), ('miy_gender', '=', 'female')]"})
        )
        cls.nested_segment = (
            cls.env["miy.segment"]
            .with_user(cls.user_personal_marketing)
            .create(
                {
                    "name": "Mlg kadın çalışanı olan firmalar",
                    "domain": "[('child_ids', 'any', [('miy_gender', '=', 'female')])]",
                }
            )
        )

    def _sent(self, mailing):
        with self.mock_mail_gateway():
            self._send(mailing)
        return mailing

    def test_lowest_privilege_user(self):
        """A MİY user (read only, no personal data right) sees the plain MİY mailings and their
        traces, and neither personal-data audiences nor Odoo's other newsletters."""
        self.assertTrue(self.nested_segment.uses_personal_data)
        plain = self._sent(self._mailing())
        personal = self._sent(self._mailing(user=self.user_personal_marketing, miy_segment_id=self.personal_segment.id))
        self.assertTrue(personal.miy_uses_personal_data)
        self.assertEqual(personal.mailing_trace_ids.miy_partner_id, self.ayse)
        newsletter = self.env["mailing.mailing"].create(
            {
                "subject": "Odoo bülteni",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "=", self.mehmet.id)]),
                "body_html": "<p>x</p>",
            }
        )
        self._sent(newsletter)
        Mailing = self.env["mailing.mailing"].with_user(self.user_miy)
        Trace = self.env["mailing.trace"].with_user(self.user_miy)
        self.assertEqual(Mailing.search([("id", "in", (plain | personal | newsletter).ids)]), plain)
        self.assertEqual(
            Trace.search([("mass_mailing_id", "in", (plain | personal | newsletter).ids)]).mass_mailing_id, plain
        )
        for hidden in (personal, newsletter):
            with self.assertRaises(AccessError):
                hidden.with_user(self.user_miy).read(["subject"])
            with self.assertRaises(AccessError):
                hidden.mailing_trace_ids.with_user(self.user_miy).read(["res_id"])
        self.assertFalse(
            Trace.search_read([("miy_partner_id", "=", self.ayse.id), ("mass_mailing_id", "=", personal.id)])
        )
        self.assertEqual(self.ayse.with_user(self.user_miy).miy_mailing_trace_count, 1, "only the plain mailing")
        # a personal data holder sees the personal-data audience; a marketing user without the right
        # sees neither it nor its traces, unless it is their own
        self.assertEqual(personal.with_user(self.user_personal).mailing_trace_ids.miy_partner_id, self.ayse)
        marketing = self.env["mailing.mailing"].with_user(self.user_marketing)
        self.assertFalse(marketing.search([("id", "=", personal.id)]))
        self.assertFalse(
            self.env["mailing.trace"].with_user(self.user_marketing).search([("mass_mailing_id", "=", personal.id)])
        )
        self.assertEqual(marketing.search([("id", "in", (plain | newsletter).ids)]), plain | newsletter)

    def test_marketing_user_cannot_choose_personal_recipients(self):
        for values in (
            {"miy_segment_id": self.personal_segment.id},
            {"miy_segment_id": self.nested_segment.id},
            {"miy_audience": "domain", "miy_segment_id": False, "mailing_domain": "[('miy_age', '>', 40)]"},
            {
                "miy_audience": "domain",
                "miy_segment_id": False,
                "mailing_domain": "[('child_ids', 'any', [('miy_gender', '=', 'male')])]",
            },
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, "personal data"),
                self.cr.savepoint(),
            ):
                self._mailing(**values)
        mailing = self._mailing()
        with self.assertRaisesRegex(ValidationError, "personal data"), self.cr.savepoint():
            mailing.with_user(self.user_marketing).write({"miy_segment_id": self.personal_segment.id})
        # Odoo's own newsletters on contacts follow the same rule
        with self.assertRaisesRegex(ValidationError, "personal data"), self.cr.savepoint():
            self.env["mailing.mailing"].with_user(self.user_marketing).create(
                {
                    "subject": "Odoo bülteni",
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": "[('miy_gender', '=', 'female')]",
                    "body_html": "<p>x</p>",
                }
            )


@tagged("post_install", "-at_install")
class TestMailingJobTrust(MiyMailingCommon):
    @mute_logger("odoo.addons.miy_contacts.models.miy_segment")
    def test_stored_formula_not_run_by_the_mailing_job(self):
        """A segment whose stored domain is the manager's escalation formula (stored before the fix)
        is never run by the mailing queue, which runs as superuser: the mailing goes back to draft."""
        manager = self.user_manager
        segment = self.env["miy.segment"].with_user(manager).create({"name": "Kötü niyetli", "domain": "[]"})
        # the job runs as superuser, so the payload names the manager instead of ``user``
        payload = ESCALATION.replace("user.sudo()", f"user.env['res.users'].sudo().browse({manager.id})")
        self.env.cr.execute("UPDATE miy_segment SET domain = %s WHERE id = %s", [payload, segment.id])
        segment.invalidate_recordset()
        mailing = self._mailing(miy_segment_id=self.segment.id)
        mailing.action_launch()
        mailing.sudo().miy_segment_id = segment  # changed after queueing (as the manager could by RPC)
        with self.mock_mail_gateway():
            self.env["mailing.mailing"].sudo()._process_mass_mailing_queue()
        manager.invalidate_recordset(["groups_id"])
        self.assertFalse(manager.has_group("base.group_system"), "the segment's author became an administrator")
        self.assertEqual(mailing.state, "draft")
        self.assertFalse(mailing.mailing_trace_ids)
        self.assertIn("formula", mailing.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestMailingQueueReadsOnce(MiyMailingCommon):
    def test_each_audience_read_once_per_run(self):
        mailings = (
            self._mailing()
            | self._mailing(subject="İkinci")
            | self._mailing(miy_audience="domain", miy_segment_id=False, mailing_domain="[('ref', '=', 'MLG')]")
        )
        for mailing in mailings:
            mailing.action_launch()
        Mailing = type(self.env["mailing.mailing"])
        original = Mailing._get_recipients_domain
        calls = []

        def counting(mailing_self):
            calls.append(mailing_self.id)
            return original(mailing_self)

        with patch.object(Mailing, "_get_recipients_domain", counting), self.mock_mail_gateway():
            self.env["mailing.mailing"].sudo()._process_mass_mailing_queue()
        self.assertEqual(sorted(calls), sorted(mailings.ids), "each queued audience is read once per run")
        self.assertEqual(set(mailings.mapped("state")), {"done"})
        for mailing in mailings:
            self.assertEqual(len(mailing.mailing_trace_ids), 6)
