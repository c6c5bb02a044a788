import xmlrpc.client

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .version_common import QuoteCommon


@tagged("post_install", "-at_install")
class TestQuoteVersions(QuoteCommon):
    def test_one_send_one_version_after_tracking(self):
        """The tracking message that follows a send ("state: sent", posted when the transaction
        flushes, with the sender's context) used to store a second version of the same send."""
        order = self.make_order()
        self.send_by_wizard(order)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking messages are posted here
        self.assertEqual(order.miy_version_ids.mapped("revision"), [1])
        # a tracking post in a sending context is not a send either
        state_field = self.env["ir.model.fields"]._get("sale.order", "state")
        tracking = [Command.create({"field_id": state_field.id, "old_value_char": "a", "new_value_char": "b"})]
        order.with_context(mark_so_as_sent=True).with_user(self.salesman).message_post(
            body="izleme", tracking_value_ids=tracking
        )
        self.assertEqual(order.miy_version_ids.mapped("revision"), [1])

    def test_send_wizard_stores_version(self):
        order = self.make_order()
        version = self.send_by_wizard(order)
        self.assertEqual(order.state, "sent")
        self.assertEqual(version.revision, 1)
        self.assertEqual(version.channel, "email")
        self.assertEqual(version.sender_id, self.salesman)
        self.assertIn(self.customer, version.recipient_ids)
        self.assertTrue(version.mail_message_id)
        self.assertEqual(version.amount_total, order.amount_total)
        self.assertEqual(version.amount_untaxed, 110000.0)
        self.assertEqual(len(version.line_ids), 2)
        machine_line = version.line_ids.filtered(lambda line: line.product_id == self.machine)
        self.assertEqual((machine_line.product_uom_qty, machine_line.price_unit), (1.0, 100000.0))
        self.assertEqual(machine_line.tax_ids, order.order_line[0].tax_id)
        self.assertTrue(version.attachment_id.raw)
        self.assertEqual(version.attachment_id.res_model, "miy.quote.version")

    def test_resend_without_cancel_and_compare(self):
        order = self.make_order()
        first = self.send_by_wizard(order)
        machine_line = order.order_line.filtered(lambda line: line.product_id == self.machine)
        order.with_user(self.salesman).write(
            {
                "order_line": [
                    Command.update(machine_line.id, {"price_unit": 95000.0, "discount": 5.0}),
                    Command.delete(order.order_line.filtered(lambda line: line.product_id == self.tools).id),
                    Command.create({"product_id": self.coolant.id, "product_uom_qty": 10, "price_unit": 300.0}),
                ]
            }
        )
        second = self.send_by_wizard(order)
        self.assertEqual(order.state, "sent")
        self.assertEqual((first.revision, second.revision), (1, 2))
        self.assertEqual(order.miy_version_count, 2)
        # the first version still says what was sent first
        self.assertEqual(first.line_ids.filtered(lambda line: line.product_id == self.machine).price_unit, 100000.0)
        rows = {row["product"]: row for row in first._miy_diff(second)}
        self.assertEqual(rows[self.machine.display_name]["change"], "changed")
        self.assertEqual(rows[self.machine.display_name]["old_price_unit"], 100000.0)
        self.assertEqual(rows[self.machine.display_name]["new_price_unit"], 95000.0)
        self.assertIn("discount", rows[self.machine.display_name]["changed_fields"])
        self.assertEqual(rows[self.tools.display_name]["change"], "removed")
        self.assertEqual(rows[self.coolant.display_name]["change"], "added")
        # the wizard, as the salesperson
        action = order.with_user(self.salesman).action_miy_compare_versions()
        wizard = self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"]).create({})
        self.assertEqual(wizard.version_from_id, first)
        self.assertEqual(wizard.version_to_id, second)
        self.assertIn("95,000.00", wizard.diff_html)
        self.assertIn("100,000.00", wizard.diff_html)

    def test_compare_any_two_selected_versions(self):
        order = self.make_order()
        first = self.send_by_wizard(order)
        order.order_line[0].with_user(self.salesman).price_unit = 90000.0
        self.send_by_wizard(order)
        order.order_line[0].with_user(self.salesman).price_unit = 80000.0
        third = self.send_by_wizard(order)
        # the list's Compare button on the two selected versions
        result = (third | first).with_user(self.salesman).action_compare()
        self.assertEqual(result["context"]["default_version_from_id"], first.id)
        self.assertEqual(result["context"]["default_version_to_id"], third.id)
        # versions of two different quotes are refused
        other = self.send_by_wizard(self.make_order())
        with self.assertRaises(UserError):
            (first | other).with_user(self.salesman).action_compare()

    def test_quantity_change_and_mark_as_sent(self):
        order = self.make_order()
        order.with_user(self.salesman).action_quotation_sent()
        first = order.miy_version_ids
        self.assertEqual((first.revision, first.channel), (1, "marked"))
        order.order_line[0].with_user(self.salesman).product_uom_qty = 3
        second = self.send_by_wizard(order)
        row = next(r for r in first._miy_diff(second) if r["product"] == self.machine.display_name)
        self.assertEqual((row["old_product_uom_qty"], row["new_product_uom_qty"]), (1.0, 3.0))

    def test_description_is_escaped_in_comparison(self):
        order = self.make_order()
        first = self.send_by_wizard(order)
        order.order_line[0].with_user(self.salesman).write({"name": "<img src=x onerror=alert(1)>", "price_unit": 1})
        second = self.send_by_wizard(order)
        wizard = self.env["miy.quote.version.compare"].create(
            {"order_id": order.id, "version_from_id": first.id, "version_to_id": second.id}
        )
        self.assertNotIn("<img", wizard.diff_html)
        self.assertIn("&lt;img", wizard.diff_html)

    def test_versions_cannot_be_changed_or_deleted(self):
        order = self.make_order()
        version = self.send_by_wizard(order)
        line = version.line_ids[0]
        for user in (self.salesman, self.sales_manager):
            with self.assertRaises(AccessError):
                version.with_user(user).write({"amount_total": 1.0})
            with self.assertRaises(AccessError):
                version.with_user(user).unlink()
            with self.assertRaises(AccessError):
                line.with_user(user).write({"price_unit": 1.0})
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["miy.quote.version"].with_user(user).create(
                    {
                        "name": "forged",
                        "order_id": order.id,
                        "revision": 9,
                        "company_id": order.company_id.id,
                        "sent_date": "2026-01-01",
                        "channel": "email",
                        "currency_id": order.currency_id.id,
                    }
                )
            with self.assertRaises(AccessError):
                version.attachment_id.with_user(user).write({"raw": b"forged"})
            with self.assertRaises(AccessError):
                version.attachment_id.with_user(user).unlink()
        # not even the superuser edits a version through the ORM
        with self.assertRaises(UserError):
            version.sudo().write({"amount_total": 1.0})
        with self.assertRaises(UserError):
            version.sudo().unlink()
        with self.assertRaises(UserError):
            line.sudo().write({"price_unit": 1.0})
        # nor deletes the quote it belongs to
        order.with_user(self.sales_manager)._action_cancel()
        with self.assertRaises(UserError):
            order.with_user(self.sales_manager).unlink()
        self.assertTrue(version.exists())

    def test_revision_unique_per_order_in_database(self):
        order = self.make_order()
        version = self.send_by_wizard(order)
        vals = {
            "name": "dup",
            "order_id": order.id,
            "revision": version.revision,
            "company_id": order.company_id.id,
            "sent_date": version.sent_date,
            "channel": "email",
            "currency_id": order.currency_id.id,
        }
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["miy.quote.version"].sudo().create(vals)
        # numbering continues gap-free after the refused one
        self.assertEqual(self.send_by_wizard(order).revision, 2)

    def test_other_salesman_and_portal_cannot_read(self):
        order = self.make_order()
        version = self.send_by_wizard(order)
        with self.assertRaises(AccessError):
            version.with_user(self.other_salesman).read(["amount_total"])
        with self.assertRaises(AccessError):
            version.line_ids.with_user(self.other_salesman).read(["price_unit"])
        attachments = self.env["ir.attachment"].with_user(self.other_salesman)
        self.assertFalse(attachments.search([("id", "=", version.attachment_id.id)]))
        self.assertFalse(self.env["miy.quote.version"].with_user(self.other_salesman).search([]) & version)
        self.assertEqual(version.with_user(self.sales_manager).amount_total, order.amount_total)
        portal = new_test_user(self.env, login="qv_portal", groups="base.group_portal")
        order.partner_id = portal.partner_id
        with self.assertRaises(AccessError):
            version.with_user(portal).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(portal).search([("id", "=", version.attachment_id.id)])

    def test_portal_context_does_not_make_version(self):
        """A portal user posting on their quote (portal chatter, elevated) with a forged
        ``mark_so_as_sent`` context in the request makes no version."""
        portal = new_test_user(self.env, login="qv_portal2", groups="base.group_portal")
        order = self.make_order(partner=portal.partner_id)
        order.with_user(portal).sudo().with_context(mark_so_as_sent=True).message_post(body="merhaba")
        self.assertFalse(order.miy_version_ids)

    def test_portal_payment_path_marks_sent_with_version(self):
        """The portal's payment flow calls action_quotation_sent as superuser."""
        order = self.make_order()
        order.sudo().with_context(tracking_disable=True).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.miy_version_ids.revision, 1)


@tagged("post_install", "-at_install")
class TestQuoteVersionsOverRpc(HttpCase, QuoteCommon):
    """Over XML-RPC, as an attacker would call: another team's salesperson, a portal customer,
    and a manager trying to rewrite history."""

    def _call(self, user, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, user.login, user.login, {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, user.login, model, method, list(args), kwargs)

    def test_rpc_hostile_callers(self):
        order = self.make_order()
        version = self.send_by_wizard(order)
        # another team's salesperson sees nothing and reads nothing
        self.assertEqual(
            self._call(self.other_salesman, "miy.quote.version", "search", [("order_id", "=", order.id)]), []
        )
        with self.assertRaises(xmlrpc.client.Fault) as fault, mute_logger("odoo.http"):
            self._call(self.other_salesman, "miy.quote.version", "read", [version.id], fields=["amount_total"])
        self.assertEqual(fault.exception.faultCode, 4)  # AccessError
        # a portal customer of the quote neither
        portal = new_test_user(self.env, login="qv_rpc_portal", groups="base.group_portal")
        order.partner_id = portal.partner_id
        with self.assertRaises(xmlrpc.client.Fault) as fault, mute_logger("odoo.http"):
            self._call(portal, "miy.quote.version", "search_read", [], fields=["amount_total"])
        self.assertEqual(fault.exception.faultCode, 4)  # AccessError
        # the salesperson of the quote reads it, the manager too, neither changes or deletes it
        rows = self._call(self.salesman, "miy.quote.version", "read", [version.id], fields=["revision", "amount_total"])
        self.assertEqual(rows[0]["revision"], 1)
        for user in (self.salesman, self.sales_manager):
            for method, args in (("write", ([version.id], {"amount_total": 1.0})), ("unlink", ([version.id],))):
                with self.assertRaises(xmlrpc.client.Fault) as fault, mute_logger("odoo.http"):
                    self._call(user, "miy.quote.version", method, *args)
                self.assertEqual(fault.exception.faultCode, 4)  # AccessError
        self.assertEqual(version.amount_total, order.amount_total)
