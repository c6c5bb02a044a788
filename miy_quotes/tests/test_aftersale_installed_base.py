import re
from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .aftersale_common import MiyAftersaleCommon


@tagged("post_install", "-at_install")
class TestInstalledBase(MiyAftersaleCommon):
    def _base(self, customer):
        return self.env["miy.installed.base"].with_context(active_test=False).search([("partner_id", "=", customer.id)])

    def test_delivery_fills_installed_base_with_serials_and_warranty(self):
        order, picking, lots = self._deliver(self.customer, ["SN-001", "SN-002"])
        rows = self._base(self.customer)
        self.assertEqual(len(rows), 2, "one row per delivered serial")
        self.assertEqual(rows.lot_id, lots)
        self.assertEqual(set(rows.mapped("quantity")), {1.0})
        self.assertEqual(rows.sale_order_id, order)
        delivered = rows[0].delivery_date
        self.assertEqual(rows[0].warranty_end, delivered + relativedelta(months=24))
        self.assertEqual(self.customer.miy_installed_base_count, 2)

    def test_batch_sync_is_idempotent(self):
        self._deliver(self.customer, ["SN-010"])
        Base = self.env["miy.installed.base"]
        Base.search([]).unlink()  # as if the delivery was made before the addon was installed
        self.assertEqual(Base._sync_from_move_lines(batch_size=1), 1)
        self.assertEqual(Base._sync_from_move_lines(), 0, "a second run adds nothing")
        self.assertEqual(len(self._base(self.customer)), 1)

    def test_return_reduces_installed_base(self):
        _order, picking, lots = self._deliver(self.customer, ["SN-020", "SN-021"])
        return_picking = self._return(picking, lots[0])
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(return_picking.move_line_ids.lot_id, lots[0])
        self.assertEqual(return_picking.move_ids.origin_returned_move_id, picking.move_ids)
        rows = self._base(self.customer)
        returned = rows.filtered(lambda r: r.lot_id == lots[0])
        self.assertEqual(returned.returned_qty, 1.0)
        self.assertEqual(returned.quantity, 0.0)
        self.assertFalse(returned.active, "a fully returned machine leaves the installed base")
        self.assertTrue(rows.filtered(lambda r: r.lot_id == lots[1]).active)
        self.assertEqual(self.customer.miy_installed_base_count, 1)
        # the nightly batch keeps the same figures
        self.env["miy.installed.base"]._cron_sync_installed_base()
        self.assertEqual(returned.returned_qty, 1.0)

    def test_warranty_expiry_filter(self):
        with freeze_time("2024-01-10"):
            self._deliver(self.customer, ["SN-030"])
        row = self._base(self.customer)
        self.assertEqual(row.warranty_end, date(2026, 1, 10))
        with freeze_time("2025-12-01"):
            Base = self.env["miy.installed.base"]
            self.assertIn(row, Base.search([("warranty_state", "=", "expiring")]))
            self.assertEqual(row.warranty_state, "expiring")
        with freeze_time("2026-02-01"):
            row.invalidate_recordset(["warranty_state"])
            self.assertEqual(row.warranty_state, "expired")

    def test_malformed_followup_setting_falls_back_to_default(self):
        self.env["ir.config_parameter"].set_param("miy_quotes.aftersale_followup_days", "otuz")
        self.assertEqual(self.env["sale.order"]._miy_followup_days(), 30)
        self.env["ir.config_parameter"].set_param("miy_quotes.aftersale_followup_days", "-5")
        self.assertEqual(self.env["sale.order"]._miy_followup_days(), 0)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"miy_aftersale_followup_days": -1})

    def test_negative_warranty_refused(self):
        with self.assertRaises(ValidationError):
            self.machine.product_tmpl_id.miy_warranty_months = -3

    def test_followup_activity_once(self):
        with freeze_time("2026-01-01"):
            order, _picking, _lots = self._deliver(self.customer, ["SN-040"])
        self.env["ir.config_parameter"].set_param("miy_quotes.aftersale_followup_days", 10)
        SaleOrder = self.env["sale.order"]
        with freeze_time("2026-01-05"):
            self.assertEqual(SaleOrder._cron_aftersale_followup(), 0, "too early")
        with freeze_time("2026-01-12"):
            self.assertEqual(SaleOrder._cron_aftersale_followup(), 1)
            self.assertEqual(SaleOrder._cron_aftersale_followup(), 0, "no duplicate on a second run")
        activities = order.activity_ids.filtered(lambda a: a.summary == "After-sale follow-up")
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesman)

    def test_satisfaction_survey_linked_to_order_and_customer(self):
        survey = self.env["survey.survey"].create(
            {"title": "Memnuniyet", "scoring_type": "scoring_without_answers", "access_mode": "token"}
        )
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Memnun musunuz?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    (0, 0, {"value": "Evet", "answer_score": 10}),
                    (0, 0, {"value": "Hayır", "answer_score": 0}),
                ],
            }
        )
        self.env["ir.config_parameter"].set_param("miy_quotes.aftersale_survey_id", survey.id)
        self.env["ir.config_parameter"].set_param("miy_quotes.aftersale_followup_days", 0)
        order, _picking, _lots = self._deliver(self.customer, ["SN-050"])
        self.env["sale.order"]._cron_aftersale_followup()
        answer = order.miy_survey_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.miy_customer_id, self.customer)
        answer._save_lines(question, question.suggested_answer_ids[0])
        answer._mark_done()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.with_user(self.salesman).miy_satisfaction_score, 100.0)
        self.assertEqual(self.customer.with_user(self.salesman).miy_satisfaction_count, 1)

    # ------------------------------------------------------------------ access
    def test_salesperson_sees_own_customers_installed_base_only(self):
        self._deliver(self.customer, ["SN-060"])
        self._deliver(self.other_customer, ["SN-061"])
        visible = self.env["miy.installed.base"].with_user(self.salesman).search([])
        self.assertEqual(visible.partner_id, self.customer)
        other_row = self._base(self.other_customer)
        with self.assertRaises(AccessError):
            other_row.with_user(self.salesman).read(["lot_id"])
        # the manager sees both (the test command's database also has demo rows of other customers)
        managed = self.env["miy.installed.base"].with_user(self.sale_manager).search([])
        self.assertEqual(
            managed.filtered(lambda row: row.partner_id in self.customer | self.other_customer).partner_id,
            self.customer | self.other_customer,
        )
        self.assertEqual(len(managed & (visible | other_row)), 2)

    def test_other_company_manager_sees_nothing(self):
        self._deliver(self.customer, ["SN-065"])
        other = self.env["res.company"].create({"name": "Başka Şirket A.Ş."})
        manager = new_test_user(
            self.env,
            login="as_other_company",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_user",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.assertFalse(self.env["miy.installed.base"].with_user(manager).search([]))
        with self.assertRaises(AccessError):
            self._base(self.customer).with_user(manager).read(["lot_id"])

    def test_salesperson_cannot_create_installed_base(self):
        with self.assertRaises(AccessError):
            self.env["miy.installed.base"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "product_id": self.machine.id, "delivery_date": "2026-01-01"}
            )

    def test_portal_user_gets_nothing(self):
        self._deliver(self.customer, ["SN-070"])
        for model in ("miy.installed.base", "miy.offer.suggestion", "miy.birthday.greeting", "miy.birthday.rule"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal_user).search_read([], ["id"])

    def test_customer_card_shows_installed_base_after_the_first_glance(self):
        """After the buttons of a salesperson's first glance (miy_interactions' test_partner_card
        checks those), not between them."""
        self._deliver(self.customer, ["SN-080"])
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])["views"]["form"]["arch"]
        buttons = re.findall(r'name="(action_[a-z_]+)"', arch)
        self.assertIn("action_miy_open_installed_base", buttons)
        installed = buttons.index("action_miy_open_installed_base")
        self.assertGreater(installed, buttons.index("action_view_sale_order"))
        self.assertEqual(buttons[installed + 1], "action_miy_open_satisfaction")
        action = self.customer.with_user(self.salesman).action_miy_open_installed_base()
        rows = self.env["miy.installed.base"].with_user(self.salesman).search(action["domain"])
        self.assertEqual(rows.lot_id.name, "SN-080")
        with self.assertRaises(UserError):
            self.customer.with_user(self.salesman).action_miy_open_satisfaction()

    def test_batch_sync_queries_do_not_grow_with_lines(self):
        """The nightly job's hot path: a batch costs the same number of queries for 1 or 6 lines."""
        Base = self.env["miy.installed.base"]

        def queries_for(serials):
            self._deliver(self.customer, serials)
            Base.search([]).unlink()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            created = Base._sync_from_move_lines()
            self.env.flush_all()
            self.assertGreaterEqual(created, len(serials))
            return self.env.cr.sql_log_count - before

        one = queries_for(["SN-Q1"])
        Base.search([]).unlink()
        six = queries_for([f"SN-Q{i}" for i in range(2, 8)])
        # the six lines come after the first one was synced again: the same batch shape, plus
        # the earlier line, so a few queries of headroom only
        self.assertLessEqual(six, one + 4, f"1 line: {one} queries, 6 lines: {six} queries")
