from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import MiyInteractionCommon
from .test_incoming_mail import INCOMING


@tagged("post_install", "-at_install")
class TestIncomingAlert(MiyInteractionCommon, MockEmail):
    """Unread incoming e-mail interactions alert their owners: the partners' salespersons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,miy_contacts.group_miy_user"
        cls.sales_person = new_test_user(cls.env, login="miy_alert_a", email="a@example.com", groups=groups)
        cls.sales_org = new_test_user(cls.env, login="miy_alert_b", email="b@example.com", groups=groups)
        cls.org.user_id = cls.sales_org
        cls.person.write({"email": "ayse.alert@example.com", "user_id": cls.sales_person.id})
        cls.employee = cls.env["res.partner"].create(
            {"name": "Test Çalışan", "parent_id": cls.org.id, "email": "calisan@example.com"}
        )
        cls.incoming_type = cls.env.ref("miy_interactions.mail_activity_type_incoming")

    def _receive(self, email, subject, msg_id):
        raw = INCOMING.format(email=email, sender="Sender", subject=subject, msg_id=msg_id)
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process("miy.interaction", raw)
        return self.env["miy.interaction"].search([("subject", "=", subject)])

    def _alerts(self, interaction):
        return interaction.activity_ids.filtered(lambda a: a.activity_type_id == self.incoming_type)

    def test_owner_alerted_until_read(self):
        interaction = self._receive("ayse.alert@example.com", "Sipariş durumu", "alert-1")
        self.assertEqual(len(interaction), 1)
        alert = self._alerts(interaction)
        self.assertEqual(alert.user_id, self.sales_person, "the person's own salesperson owns it")
        self.assertIn("Sipariş durumu", alert.summary)
        notified = (
            self.env["mail.message"]
            .search([("model", "=", "miy.interaction"), ("res_id", "=", interaction.id)])
            .notification_ids.res_partner_id
        )
        self.assertIn(self.sales_person.partner_id, notified, "the owner is notified of the to-do")
        Interaction = self.env["miy.interaction"]
        as_owner = Interaction.with_user(self.sales_person)
        self.assertEqual(as_owner.search([("miy_incoming_to_read", "=", True)]), interaction)
        self.assertTrue(interaction.with_user(self.sales_person).miy_incoming_to_read)
        self.assertFalse(interaction.with_user(self.sales_org).miy_incoming_to_read)
        # someone else marking it read does not clear the owner's alert
        interaction.with_user(self.sales_org).action_miy_incoming_read()
        self.assertEqual(self._alerts(interaction), alert)
        interaction.with_user(self.sales_person).action_miy_incoming_read()
        self.assertFalse(self._alerts(interaction).exists(), "read: the alert is done")
        self.assertFalse(as_owner.search([("miy_incoming_to_read", "=", True)]))
        self.assertTrue(interaction.with_user(self.sales_person).search([("miy_incoming_to_read", "=", False)]))

    def test_organization_salesperson_owns_mail_of_its_people(self):
        interaction = self._receive("calisan@example.com", "Katalog talebi", "alert-2")
        self.assertEqual(interaction.partner_ids, self.employee)
        self.assertEqual(interaction.user_ids, self.sales_org)
        self.assertEqual(self._alerts(interaction).user_id, self.sales_org)
        self.assertTrue(interaction.with_user(self.sales_org).miy_incoming_to_read)

    def test_no_owner_no_alert(self):
        portal = new_test_user(self.env, login="miy_alert_portal", groups="base.group_portal")
        self.other_person.write({"email": "baska@example.com", "user_id": portal.id})
        interaction = self._receive("baska@example.com", "Portal owner", "alert-3")
        self.assertFalse(interaction.user_ids, "portal users own nothing")
        self.assertFalse(self._alerts(interaction))
        unmatched = self._receive("nobody@unknown.example", "Kimsesiz", "alert-4")
        self.assertFalse(self._alerts(unmatched), "unmatched mail waits in the queue instead")
