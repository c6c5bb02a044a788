from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .version_common import QuoteCommon


@tagged("post_install", "-at_install")
class TestQuotePreparation(QuoteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["miy.quote.checklist.template"].create(
            {
                "name": "İhale",
                "line_ids": [
                    Command.create({"name": "Saha ziyareti", "sequence": 1, "responsible_id": cls.other_salesman.id}),
                    Command.create({"name": "Teknik inceleme", "sequence": 2}),
                ],
            }
        )

    def test_template_copied_by_form_and_by_rpc(self):
        with Form(self.env["sale.order"].with_user(self.salesman)) as form:
            form.partner_id = self.customer
            form.miy_submission_deadline = date.today() + timedelta(days=5)
            form.miy_checklist_template_id = self.template
        order = form.record
        self.assertEqual(order.miy_checklist_item_ids.mapped("name"), ["Saha ziyareti", "Teknik inceleme"])
        self.assertEqual(
            order.miy_checklist_item_ids.mapped("responsible_id"), self.other_salesman | self.salesman
        )  # empty responsible: the salesperson
        self.assertEqual(order.miy_open_item_count, 2)
        # a create without the form (import, RPC) copies the items the same way, once
        order2 = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create({"partner_id": self.customer.id, "miy_checklist_template_id": self.template.id})
        )
        self.assertEqual(len(order2.miy_checklist_item_ids), 2)
        # the deadline is not the validity date
        self.assertNotEqual(order.validity_date, order.miy_submission_deadline)

    def test_mark_done_records_who_and_when(self):
        order = self.make_order()
        order.miy_checklist_template_id = self.template
        item = order.miy_checklist_item_ids[0].with_user(self.salesman)
        item.is_done = True
        self.assertEqual(item.done_by_id, self.salesman)
        self.assertTrue(item.done_date)
        self.assertEqual(order.miy_open_item_count, 1)
        item.is_done = False
        self.assertFalse(item.done_date)
        self.assertEqual(order.miy_open_item_count, 2)

    def test_people_on_quote_with_one_primary(self):
        order = self.make_order()
        order.with_user(self.salesman).write(
            {
                "miy_quote_contact_ids": [
                    Command.create({"partner_id": self.person_a.id, "role": "decision_maker", "is_primary": True}),
                    Command.create({"partner_id": self.person_b.id, "role": "purchasing"}),
                ]
            }
        )
        self.assertEqual(order.miy_primary_contact_id, self.person_a)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.miy_quote_contact_ids.filtered(lambda c: c.partner_id == self.person_b).is_primary = True
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.miy_quote_contact_ids.filtered("is_primary").is_primary = False
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.miy_quote_contact_ids.filtered("is_primary").unlink()
        # none primary at all is refused too
        order2 = self.make_order()
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order2.write({"miy_quote_contact_ids": [Command.create({"partner_id": self.person_a.id, "role": "user"})]})

    def test_person_must_belong_to_the_customer(self):
        order = self.make_order()
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.with_user(self.salesman).write(
                {
                    "miy_quote_contact_ids": [
                        Command.create({"partner_id": self.outsider.id, "role": "user", "is_primary": True})
                    ]
                }
            )
        # a person who left the organization is not offered any more
        self.customer.miy_member_ids.filtered(lambda a: a.person_id == self.person_b).date_end = (
            date.today() - timedelta(days=1)
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.write(
                {
                    "miy_quote_contact_ids": [
                        Command.create({"partner_id": self.person_b.id, "role": "user", "is_primary": True})
                    ]
                }
            )

    def test_deadline_reminders_once(self):
        today = date(2026, 3, 10)  # a Tuesday
        order = self.make_order()
        order.write(
            {"miy_checklist_template_id": self.template.id, "miy_submission_deadline": today + timedelta(days=2)}
        )
        far = self.make_order()
        far.write(
            {"miy_checklist_template_id": self.template.id, "miy_submission_deadline": today + timedelta(days=20)}
        )
        order.miy_checklist_item_ids[1].is_done = True
        Activity = self.env["mail.activity"]
        with freeze_time(today):
            self.env["sale.order"]._cron_miy_deadline_reminders()
            activities = Activity.search([("res_model", "=", "sale.order"), ("res_id", "in", (order | far).ids)])
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.user_id, self.other_salesman)
            self.assertIn("Saha ziyareti", activities.summary)
            # the second run adds nothing
            self.env["sale.order"]._cron_miy_deadline_reminders()
            self.assertEqual(
                Activity.search_count([("res_model", "=", "sale.order"), ("res_id", "in", (order | far).ids)]), 1
            )
            # a new deadline deserves a new reminder
            order.miy_submission_deadline = today + timedelta(days=1)
            self.env["sale.order"]._cron_miy_deadline_reminders()
            self.assertEqual(
                Activity.search_count([("res_model", "=", "sale.order"), ("res_id", "in", (order | far).ids)]), 2
            )

    def test_due_this_week_list(self):
        with freeze_time("2026-03-10"):  # Tuesday: the week runs from 9 to 15 March
            due = self.make_order()
            due.write({"miy_checklist_template_id": self.template.id, "miy_submission_deadline": "2026-03-15"})
            done = self.make_order()
            done.write({"miy_checklist_template_id": self.template.id, "miy_submission_deadline": "2026-03-12"})
            done.miy_checklist_item_ids.write({"is_done": True})
            later = self.make_order()
            later.write({"miy_checklist_template_id": self.template.id, "miy_submission_deadline": "2026-03-16"})
            action = self.env["ir.actions.actions"]._for_xml_id("miy_quotes.sale_order_action_miy_due_this_week")
            domain = safe_eval(action["domain"])
            found = self.env["sale.order"].with_user(self.sales_manager).search(domain)
            self.assertIn(due, found)
            self.assertNotIn(done, found)
            self.assertNotIn(later, found)
            self.assertTrue(due.miy_due_this_week)
            self.assertFalse(later.miy_due_this_week)
            self.assertIn(later, self.env["sale.order"].search([("miy_due_this_week", "!=", True)]))

    def test_gathered_documents_typed(self):
        order = self.make_order()
        doc_type = self.env["miy.document.type"].create({"name": "Teknik şartname QV"})
        order.with_user(self.salesman).write(
            {
                "miy_document_ids": [
                    Command.create(
                        {
                            "name": "sartname.pdf",
                            "raw": b"%PDF-1.4",
                            "res_model": "sale.order",
                            "miy_document_type_id": doc_type.id,
                        }
                    )
                ]
            }
        )
        self.assertEqual(order.miy_document_ids.miy_document_type_id, doc_type)
        self.assertEqual(order.miy_document_ids.res_id, order.id)
        # a personal document type stays behind the Personal data group
        personal = self.env["miy.document.type"].create({"name": "Kimlik QV", "is_personal": True})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            order.with_user(self.salesman).write(
                {
                    "miy_document_ids": [
                        Command.create(
                            {"name": "kimlik.pdf", "res_model": "sale.order", "miy_document_type_id": personal.id}
                        )
                    ]
                }
            )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_access_follows_the_quote(self):
        order = self.make_order()
        order.write(
            {
                "miy_checklist_template_id": self.template.id,
                "miy_quote_contact_ids": [
                    Command.create({"partner_id": self.person_a.id, "role": "decision_maker", "is_primary": True})
                ],
            }
        )
        item, contact = order.miy_checklist_item_ids[0], order.miy_quote_contact_ids
        for record in (item, contact):
            with self.assertRaises(AccessError):
                record.with_user(self.other_salesman).read(["order_id"])
            with self.assertRaises(AccessError):
                record.with_user(self.other_salesman).write({"note": "x"})
            record.with_user(self.sales_manager).read(["order_id"])
            record.with_user(self.salesman).write({"note": "ok"})
        self.assertFalse(
            self.env["miy.quote.checklist.item"].with_user(self.other_salesman).search([("order_id", "=", order.id)])
        )
        portal = new_test_user(self.env, login="qp_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            contact.with_user(portal).read(["partner_id"])
        # templates: salespeople read, only managers change
        with self.assertRaises(AccessError):
            self.template.with_user(self.salesman).write({"name": "x"})
        self.template.with_user(self.sales_manager).write({"name": "İhale 2"})

    def test_due_this_week_menu_for_managers(self):
        menu = self.env.ref("miy_quotes.sale_order_menu_miy_due_this_week")
        visible = self.env["ir.ui.menu"].with_user(self.sales_manager).load_menus(debug=False)
        self.assertIn(menu.id, visible)
        visible = self.env["ir.ui.menu"].with_user(self.salesman).load_menus(debug=False)
        self.assertNotIn(menu.id, visible)

    def test_actions_open(self):
        """Every list of these features opens for the users who see its menu."""
        cases = {
            self.salesman: (
                "miy_quotes.miy_quote_version_action",
                "miy_quotes.miy_quote_checklist_item_action",
                "miy_quotes.res_partner_action_miy_references",
            ),
            self.sales_manager: (
                "miy_quotes.sale_order_action_miy_due_this_week",
                "miy_quotes.miy_quote_checklist_template_action",
            ),
        }
        for user, xmlids in cases.items():
            for xmlid in xmlids:
                action = self.env["ir.actions.actions"].with_user(user)._for_xml_id(xmlid)
                model = self.env[action["res_model"]].with_user(user)
                domain = safe_eval(action.get("domain") or "[]", {"uid": user.id})
                model.search(domain, limit=10)
                views = [view_type for _view_id, view_type in action["views"]]
                model.get_views([(False, view_type) for view_type in views] + [(False, "search")])
        # the quote form with our tabs renders for the salesperson
        self.env["sale.order"].with_user(self.salesman).get_views([(False, "form"), (False, "list")])
        self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
