import base64
import io
from datetime import datetime

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


class WinLossCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        sales = "base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_salesman"
        cls.seller_a = new_test_user(cls.env, login="qanal_seller_a", name="Seller A", groups=sales)
        cls.seller_a2 = new_test_user(cls.env, login="qanal_seller_a2", name="Seller A2", groups=sales)
        cls.seller_b = new_test_user(cls.env, login="qanal_seller_b", name="Seller B", groups=sales)
        cls.sales_manager = new_test_user(
            cls.env,
            login="qanal_sales_manager",
            name="Sales Manager",
            groups="base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_manager",
        )
        cls.plain = new_test_user(cls.env, login="qanal_plain", name="Plain", groups="base.group_user")
        cls.team_a = cls.env["crm.team"].create(
            {"name": "Team A", "member_ids": [Command.set((cls.seller_a | cls.seller_a2).ids)]}
        )
        cls.team_b = cls.env["crm.team"].create({"name": "Team B", "member_ids": [Command.set(cls.seller_b.ids)]})
        cls.customer = cls.env["res.partner"].create({"name": "Nilüfer Test Gıda A.Ş.", "is_company": True})
        cls.portal = new_test_user(
            cls.env, login="qanal_portal", name="Portal", groups="base.group_portal", email="p@example.com"
        )
        cls.portal.partner_id.parent_id = cls.customer
        competitor_role = cls.env.ref("miy_contacts.partner_role_competitor")
        cls.competitor = cls.env["res.partner"].create(
            {"name": "Rakip Makina A.Ş.", "is_company": True, "miy_role_ids": [Command.link(competitor_role.id)]}
        )
        cls.reason_price = cls.env["crm.lost.reason"].create({"name": "Fiyat yüksek"})
        cls.reason_time = cls.env["crm.lost.reason"].create({"name": "Teslim süresi uzun"})
        cls.categ_machine = cls.env["product.category"].create({"name": "Test Makineler"})
        cls.categ_service = cls.env["product.category"].create({"name": "Test Hizmetler"})
        cls.machine = cls.env["product.product"].create(
            {"name": "Test CNC", "list_price": 150000.0, "categ_id": cls.categ_machine.id, "standard_price": 100000}
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Test Kurulum", "list_price": 5000.0, "categ_id": cls.categ_service.id, "type": "service"}
        )

    @classmethod
    def _quote(cls, user=None, team=None, lead=None, price=150000.0, partner=None):
        user = user or cls.seller_a
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": user.id,
                "team_id": (team or cls.team_a).id,
                "opportunity_id": lead.id if lead else False,
                "order_line": [
                    Command.create({"product_id": cls.machine.id, "product_uom_qty": 1, "price_unit": price}),
                    Command.create({"product_id": cls.service.id, "product_uom_qty": 1, "price_unit": 5000.0}),
                ],
            }
        )

    @classmethod
    def _lead(cls, user=None):
        return cls.env["crm.lead"].create(
            {
                "name": "Test fırsat",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": (user or cls.seller_a).id,
                "team_id": cls.team_a.id,
            }
        )

    def _lose(self, orders, reason=None, user=None, **values):
        wizard = (
            self.env["miy.quote.lost"]
            .with_user(user or self.seller_a)
            .create(
                {"order_ids": [Command.set(orders.ids)], "lost_reason_id": (reason or self.reason_price).id, **values}
            )
        )
        return wizard.action_apply()


@tagged("post_install", "-at_install")
class TestWinLoss(WinLossCommon):
    def test_main_category_of_a_quote_being_edited(self):
        """The form's onchange computes the main category on new lines (no database id yet): two
        lines of the same amount used to crash the form ("bad operand type for unary -: NewId")."""
        order = self.env["sale.order"].new(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.service.id, "product_uom_qty": 1, "price_unit": 5000.0}),
                    Command.create({"product_id": self.machine.id, "product_uom_qty": 1, "price_unit": 5000.0}),
                    Command.create({"product_id": self.machine.id, "product_uom_qty": 1, "price_unit": 150000.0}),
                ],
            }
        )
        self.assertEqual(order.miy_main_categ_id, self.categ_machine)

    def test_mark_lost_with_competitor(self):
        quote = self._quote()
        action = quote.with_user(self.seller_a).action_miy_mark_lost()
        self.assertEqual(action["res_model"], "miy.quote.lost")
        self._lose(quote, competitor_id=self.competitor.id, competitor_price=140000.0, note="Rakip %7 ucuz")
        self.assertEqual(quote.state, "cancel")
        self.assertTrue(quote.miy_lost)
        self.assertEqual(quote.miy_outcome, "lost")
        self.assertEqual(quote.miy_lost_reason_id, self.reason_price)
        self.assertEqual(quote.miy_lost_competitor_id, self.competitor)
        self.assertEqual(quote.miy_lost_competitor_price, 140000.0)
        self.assertTrue(quote.miy_decision_date)
        self.assertEqual(quote.miy_main_categ_id, self.categ_machine)

    def test_lost_without_reason_refused(self):
        quote = self._quote()
        wizard = self.env["miy.quote.lost"].with_user(self.seller_a).new({"order_ids": [Command.set(quote.ids)]})
        with self.assertRaises(UserError):
            wizard.action_apply()
        with self.assertRaises(UserError):
            quote.with_user(self.seller_a)._miy_mark_lost(self.env["crm.lost.reason"])
        self.assertEqual(quote.state, "draft")
        self.assertFalse(quote.miy_lost)
        # the flag itself cannot be stored without a reason, whatever the path
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            quote.write({"miy_lost": True})

    def test_competitor_needs_role_and_price_positive(self):
        quote = self._quote()
        with self.assertRaises(UserError):
            self._lose(quote, competitor_id=self.customer.id)
        with self.assertRaises(UserError):
            self._lose(quote, competitor_id=self.competitor.id, competitor_price=-5.0)
        self.assertEqual(quote.state, "draft")

    def test_confirmed_order_cannot_be_lost(self):
        quote = self._quote()
        quote.action_confirm()
        self.assertEqual(quote.miy_outcome, "won")
        with self.assertRaises(UserError):
            self._lose(quote)

    def test_reset_to_quotation_clears_loss(self):
        quote = self._quote()
        self._lose(quote, competitor_id=self.competitor.id)
        quote.with_user(self.seller_a).action_draft()
        self.assertEqual(quote.state, "draft")
        self.assertFalse(quote.miy_lost or quote.miy_lost_reason_id or quote.miy_lost_competitor_id)
        self.assertEqual(quote.miy_outcome, "open")

    def test_last_open_quote_loses_opportunity(self):
        lead = self._lead()
        first, second = self._quote(lead=lead), self._quote(lead=lead)
        self._lose(first)
        self.assertTrue(lead.active, "another quote of the opportunity is still open")
        self._lose(second, reason=self.reason_time)
        self.assertFalse(lead.active)
        self.assertEqual(lead.lost_reason_id, self.reason_time)
        self.assertEqual(first.miy_lost_reason_id, self.reason_price, "the first loss keeps its own reason")

    def test_colleague_quote_keeps_opportunity_open(self):
        """A colleague's open quote (which the salesperson cannot read) keeps the opportunity open."""
        lead = self._lead()
        mine, colleague = self._quote(lead=lead), self._quote(lead=lead, user=self.seller_a2)
        self._lose(mine)
        self.assertTrue(lead.active)
        self.assertEqual(colleague.state, "draft")

    def test_lost_opportunity_loses_open_quotes(self):
        lead = self._lead()
        open_quote, won_order = self._quote(lead=lead), self._quote(lead=lead)
        won_order.action_confirm()
        wizard = (
            self.env["crm.lead.lost"]
            .with_user(self.seller_a)
            .create({"lead_ids": [Command.set(lead.ids)], "lost_reason_id": self.reason_time.id})
        )
        wizard.action_lost_reason_apply()
        self.assertFalse(lead.active)
        self.assertTrue(open_quote.miy_lost)
        self.assertEqual(open_quote.miy_lost_reason_id, self.reason_time)
        self.assertEqual(won_order.state, "sale", "a confirmed order is not a quote to lose")

    def test_opportunity_with_open_quotes_needs_reason(self):
        lead = self._lead()
        quote = self._quote(lead=lead)
        with self.assertRaises(UserError):
            lead.with_user(self.seller_a).action_set_lost()
        self.assertTrue(lead.active)
        self.assertEqual(quote.state, "draft")

    def test_first_sent_date_every_path(self):
        with freeze_time("2026-03-02 09:00:00"):
            by_button = self._quote()
            by_button.with_user(self.seller_a).action_quotation_sent()
        self.assertEqual(by_button.miy_first_sent_date, datetime(2026, 3, 2, 9, 0))
        with freeze_time("2026-03-05 10:00:00"):
            by_button.with_user(self.seller_a).with_context(mark_so_as_sent=True).message_post(body="tekrar")
        self.assertEqual(by_button.miy_first_sent_date, datetime(2026, 3, 2, 9, 0), "the first sending stays")

        by_wizard = self._quote()
        action = by_wizard.with_user(self.seller_a).action_quotation_send()
        with freeze_time("2026-03-03 11:00:00"):
            composer = Form(self.env["mail.compose.message"].with_user(self.seller_a).with_context(**action["context"]))
            composer.save().action_send_mail()
        self.assertEqual(by_wizard.state, "sent")
        self.assertEqual(by_wizard.miy_first_sent_date, datetime(2026, 3, 3, 11, 0))

        # a quote set back to quotation and sent again keeps its first date; one already "sent"
        # without a date (sent before the addon) gets one at its next sending
        legacy = self._quote()
        legacy.write({"state": "sent", "miy_first_sent_date": False})
        with freeze_time("2026-03-04 12:00:00"):
            legacy.with_context(mark_so_as_sent=True).message_post(body="yeniden")
        self.assertEqual(legacy.miy_first_sent_date, datetime(2026, 3, 4, 12, 0))

    def test_portal_payment_marks_sent(self):
        quote = self._quote()
        with freeze_time("2026-03-06 08:00:00"):
            # what the portal's payment flow does with a draft quote (payment_transaction)
            quote.with_context(tracking_disable=True).action_quotation_sent()
        self.assertEqual(quote.miy_first_sent_date, datetime(2026, 3, 6, 8, 0))


@tagged("post_install", "-at_install")
class TestWinLossAnalysis(WinLossCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lead = cls._lead()
        lead.create_date  # noqa: B018 (loaded)
        cls.env.cr.execute("UPDATE crm_lead SET create_date = %s WHERE id = %s", (datetime(2026, 1, 1, 0, 0), lead.id))
        cls.won = cls._quote(lead=lead)
        cls.won.write({"miy_first_sent_date": datetime(2026, 1, 3, 0, 0)})
        cls.won.action_confirm()
        cls.won.write({"date_order": datetime(2026, 1, 7, 0, 0)})
        cls.lost = cls._quote(price=2000000.0)
        cls.lost.write({"miy_first_sent_date": datetime(2026, 1, 5, 0, 0)})
        cls.lost._miy_mark_lost(cls.reason_price, competitor=cls.competitor, competitor_price=1800000.0)
        cls.open = cls._quote(user=cls.seller_a2)
        cls.other_team = cls._quote(user=cls.seller_b, team=cls.team_b)
        cls.other_team._miy_mark_lost(cls.reason_time)
        cls.env.flush_all()
        cls.env.invalidate_all()

    def _groups(self, user, groupby):
        return {
            key: (rate, count)
            for key, rate, count in self.env["miy.quote.analysis"]
            .with_user(user)
            ._read_group([("partner_id", "=", self.customer.id)], [groupby], ["win_rate:avg", "__count"])
        }

    def test_win_rate_by_salesperson_and_band(self):
        by_user = self._groups(self.sales_manager, "user_id")
        self.assertEqual(by_user[self.seller_a], (50.0, 2))
        self.assertEqual(by_user[self.seller_a2], (False, 1), "an open quote has no outcome yet")
        self.assertEqual(by_user[self.seller_b], (0.0, 1))
        by_band = self._groups(self.sales_manager, "value_band")
        self.assertEqual(by_band["100k_1m"][0], 50.0, "won, and the other team's lost quote")
        self.assertEqual(by_band["1m_5m"][0], 0.0)
        by_categ = self._groups(self.sales_manager, "categ_id")
        self.assertEqual(by_categ[self.categ_machine], (100.0 / 3, 4))

    def test_speed_and_competitors(self):
        Analysis = self.env["miy.quote.analysis"].with_user(self.sales_manager)
        won_row = Analysis.search([("order_id", "=", self.won.id)])
        self.assertAlmostEqual(won_row.days_to_first_sent, 2.0)
        self.assertAlmostEqual(won_row.days_to_decision, 4.0)
        [(competitor, count, price)] = Analysis._read_group(
            [("competitor_id", "=", self.competitor.id)], ["competitor_id"], ["__count", "competitor_price:sum"]
        )
        self.assertEqual((competitor, count, price), (self.competitor, 1, 1800000.0))
        # the test command's database has demo quotes too: only this test's reasons
        test_reasons = self.reason_price | self.reason_time
        reasons = dict(
            Analysis._read_group(
                [("outcome", "=", "lost"), ("lost_reason_id", "in", test_reasons.ids)], ["lost_reason_id"], ["__count"]
            )
        )
        self.assertEqual(reasons, {self.reason_price: 1, self.reason_time: 1})

    def test_salesperson_sees_own_and_team_rows_only(self):
        seen = self.env["miy.quote.analysis"].with_user(self.seller_a2).search([]).order_id
        self.assertIn(self.won, seen, "a team mate's quote")
        self.assertIn(self.open, seen)
        self.assertNotIn(self.other_team, seen, "another team's quote")
        seen_b = self.env["miy.quote.analysis"].with_user(self.seller_b).search([]).order_id
        self.assertEqual(seen_b & (self.won | self.lost | self.open | self.other_team), self.other_team)
        # reading another team's row by id is refused as well
        row = self.env["miy.quote.analysis"].search([("order_id", "=", self.won.id)])
        with self.assertRaises(AccessError):
            row.with_user(self.seller_b).read(["amount"])

    def test_lowest_privilege_and_portal_refused(self):
        for user in (self.plain, self.portal):
            with self.assertRaises(AccessError):
                self.env["miy.quote.analysis"].with_user(user).search_read([], ["amount"])
            with self.assertRaises(AccessError):
                self.env["miy.quote.lost"].with_user(user).create(
                    {"order_ids": [Command.set(self.open.ids)], "lost_reason_id": self.reason_price.id}
                )
        self.assertEqual(self.open.state, "draft")

    def test_other_salesperson_cannot_lose_quote(self):
        with self.assertRaises(AccessError):
            self._lose(self.open, user=self.seller_b)
        self.assertEqual(self.open.state, "draft")

    def test_excel_export(self):
        wizard = self.env["miy.quote.analysis.export"].with_user(self.seller_b).create({})
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(len(book.sheetnames), 8)
        values = [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
        self.assertIn("Seller B", values)
        self.assertNotIn("Seller A", values, "the export applies the user's record rules")

    def test_pivot_query_count(self):
        """The win-rate pivot is one grouped query on the view, whatever the number of quotes."""
        Analysis = self.env["miy.quote.analysis"].with_user(self.sales_manager)
        Analysis.read_group([], ["win_rate:avg", "amount:sum"], ["user_id"], lazy=False)  # warm caches
        self.env.invalidate_all()
        # the grouped query on the view, the salespersons' names, the lookup of the user's teams
        with self.assertQueryCount(3):
            Analysis.read_group([], ["win_rate:avg", "amount:sum"], ["user_id"], lazy=False)


@tagged("post_install", "-at_install")
class TestWinLossRpc(HttpCase):
    """A portal user and the lowest-privilege internal user, over JSON-RPC as a browser would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create({"name": "RPC Müşteri A.Ş.", "is_company": True})
        cls.portal = new_test_user(
            cls.env, login="qanal_rpc_portal", password="qanal_rpc_portal", groups="base.group_portal"
        )
        cls.portal.partner_id.parent_id = customer
        cls.plain = new_test_user(
            cls.env, login="qanal_rpc_plain", password="qanal_rpc_plain", groups="base.group_user"
        )
        cls.quote = cls.env["sale.order"].create({"partner_id": customer.id})
        cls.quote.message_subscribe(partner_ids=cls.portal.partner_id.ids)  # the portal user may see it
        cls.reason = cls.env["crm.lost.reason"].create({"name": "RPC nedeni"})

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc_refused(self):
        for login in ("qanal_rpc_portal", "qanal_rpc_plain"):
            self.authenticate(login, login)
            for model, method, args in (
                ("miy.quote.analysis", "search_read", [[], ["amount", "win_rate"]]),
                ("miy.customer.value", "search_read", [[], ["revenue_12m"]]),
                ("miy.customer.value", "action_miy_recompute", [[]]),
                (
                    "miy.quote.lost",
                    "create",
                    [{"order_ids": [[6, 0, self.quote.ids]], "lost_reason_id": self.reason.id}],
                ),
                ("sale.order", "_miy_mark_lost", [self.quote.ids, self.reason.id]),
                ("sale.order", "action_miy_mark_lost", [self.quote.ids]),
            ):
                with self.subTest(login=login, model=model, method=method), mute_logger("odoo.http"):
                    with self.assertRaises(JsonRpcException):
                        self._call(model, method, args)
        self.assertEqual(self.quote.state, "draft")
        self.assertFalse(self.quote.miy_lost)
