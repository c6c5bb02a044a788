from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import DealerCommon

# Models a dealer's portal user may read that are the firm's shared reference data, the same for
# every dealer (regions, tiers, stages, product groups...): nothing of another dealer's is in them.
SHARED_REFERENCE = {
    "miy.dealer.region",
    "miy.dealer.tier",
    "crm.stage",
    "crm.lost.reason",
    "mail.activity.type",
    "product.category",
}


@tagged("post_install", "-at_install")
class TestDealerIsolation(HttpCase, DealerCommon):
    """Two dealers, each with one record of every kind a dealer owns: whatever a dealer's portal
    user can read at all (every model its groups have read access to, from every installed
    module), none of the other dealer's records is in it, by the ORM or by JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Isolation part (test)", "default_code": "ISO-PART", "type": "consu", "list_price": 100}
        )
        cls.owned = {"a": {}, "b": {}}
        for key, dealer, user in (("a", cls.dealer_a, cls.portal_admin_a), ("b", cls.dealer_b, cls.portal_admin_b)):
            cls.owned[key] = cls._records_of(key, dealer, user)

    @classmethod
    def _records_of(cls, key, dealer, portal_user):
        env = cls.env
        today = fields.Date.today()
        partner = dealer.partner_id
        lead = env["crm.lead"].create(
            {
                "name": f"Isolation lead {key}",
                "type": "opportunity",
                "miy_dealer_id": dealer.id,
                "miy_dealer_state": "routed",
            }
        )
        registered = env["crm.lead"].create(
            {
                "name": f"Isolation registration {key}",
                "type": "opportunity",
                "miy_registered_by_dealer_id": dealer.id,
                "miy_dealer_state": "pending",
            }
        )
        other_lead = env["crm.lead"].create({"name": f"Isolation declined {key}", "type": "opportunity"})
        decline = env["miy.dealer.lead.decline"].create(
            {"lead_id": other_lead.id, "dealer_id": dealer.id, "reason": f"Isolation reason {key}"}
        )
        target = env["miy.dealer.target"].create(
            {"dealer_id": dealer.id, "date_from": today, "date_to": today, "amount": 1000}
        )
        stock = env["miy.dealer.stock.report"].create(
            {
                "dealer_id": dealer.id,
                "date": today,
                "line_ids": [Command.create({"product_id": cls.product.id, "quantity": 7})],
            }
        )
        sellout = env["miy.dealer.sellout.report"].create(
            {
                "dealer_id": dealer.id,
                "date_from": today,
                "date_to": today,
                "line_ids": [Command.create({"product_id": cls.product.id, "quantity": 3})],
            }
        )
        field_report = env["miy.field.report"].create(
            {
                "name": f"Isolation field report {key}",
                "kind": "price",
                "dealer_id": dealer.id,
                "description": "Seen in the field.",
            }
        )
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "miy_dealer_id": dealer.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [Command.create({"product_id": cls.product.id, "quantity": 2, "price_unit": 100})],
            }
        )
        invoice.action_post()
        records = {
            "miy.dealer": dealer,
            "crm.lead": lead | registered,
            "miy.dealer.lead.decline": decline,
            "miy.dealer.target": target,
            "miy.dealer.stock.report": stock,
            "miy.dealer.stock.report.line": stock.line_ids,
            "miy.dealer.sellout.report": sellout,
            "miy.dealer.sellout.report.line": sellout.line_ids,
            "miy.field.report": field_report,
            "sale.order": order,
            "sale.order.line": order.order_line,
            "account.move": invoice,
            "account.move.line": invoice.line_ids,
        }
        for model, recs in records.items():
            assert recs, f"the fixture made no {model}"
        return records

    def _readable_models(self, user):
        """Every model the user's groups (or no group at all) grant read access to."""
        accesses = self.env["ir.model.access"].search(
            [("perm_read", "=", True), "|", ("group_id", "=", False), ("group_id", "in", user.groups_id.ids)]
        )
        return {
            model
            for model in accesses.mapped("model_id.model")
            if model in self.env and not self.env[model]._abstract and not self.env[model]._transient
        }

    def test_every_readable_dealer_model_is_covered(self):
        """A new model a dealer's portal user can read must be added to this test (or to the shared
        reference data): this is how the sweep stays complete."""
        dealer_models = {
            model
            for model in self._readable_models(self.portal_sales_a)
            if self.env["ir.model"]._get(model).modules
            and "miy_dealer_channel" in self.env["ir.model"]._get(model).modules.split(", ")
            and not model.startswith(("crm.", "sale.", "account.", "res.", "mail.", "product."))
        }
        self.assertTrue(dealer_models, "the dealer's portal groups read some dealer-channel models")
        unclassified = dealer_models - set(self.owned["b"]) - SHARED_REFERENCE
        self.assertFalse(unclassified, f"classify these portal-readable models in the isolation test: {unclassified}")

    def test_orm_sweep_sees_own_records_and_none_of_the_other_dealers(self):
        for user, own, other in (
            (self.portal_admin_a, self.owned["a"], self.owned["b"]),
            (self.portal_sales_a, self.owned["a"], self.owned["b"]),
            (self.portal_admin_b, self.owned["b"], self.owned["a"]),
        ):
            readable = self._readable_models(user)
            for model, records in other.items():
                if model not in readable:
                    continue
                with self.subTest(user=user.login, model=model):
                    found = self.env[model].with_user(user).search([("id", "in", records.ids)])
                    self.assertFalse(found, f"{user.login} reads another dealer's {model}")
            for model in ("crm.lead", "miy.dealer.stock.report", "miy.field.report", "sale.order", "account.move"):
                with self.subTest(user=user.login, own=model):
                    found = self.env[model].with_user(user).search([("id", "in", own[model].ids)])
                    self.assertEqual(found, own[model], f"{user.login} must read its own {model}")

    def test_plain_portal_customer_reads_no_dealer_record(self):
        """A portal customer of another firm, even one with access to Odoo's own portal documents,
        reads nothing of either dealer's."""
        readable = self._readable_models(self.portal_customer)
        self.assertIn("sale.order", readable, "Odoo gives portal users read access to their own orders")
        for key in ("a", "b"):
            for model, records in self.owned[key].items():
                if model in readable:
                    with self.subTest(dealer=key, model=model):
                        found = self.env[model].with_user(self.portal_customer).search([("id", "in", records.ids)])
                        self.assertFalse(found)

    def _call_kw(self, model, method, args, kwargs=None):
        """The web client's JSON-RPC call; an error raises ``JsonRpcException`` (its message: the
        exception's class)."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_json_rpc_as_a_dealer_gets_nothing_of_the_other_dealer(self):
        self.authenticate(self.portal_sales_a.login, self.portal_sales_a.login)
        other = self.owned["b"]
        for model in (
            "crm.lead",
            "miy.dealer",
            "miy.dealer.stock.report",
            "miy.dealer.sellout.report",
            "miy.field.report",
            "miy.dealer.target",
            "sale.order",
            "account.move",
        ):
            with self.subTest(model=model):
                result = self._call_kw(model, "search_read", [[("id", "in", other[model].ids)]], {"fields": ["id"]})
                self.assertEqual(result, [], f"search_read of another dealer's {model}: {result}")
                with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                    self._call_kw(model, "read", [other[model].ids, ["id"]])
        # the own lead is readable, and changing it directly is refused (changes go through checked methods)
        own_lead = self.owned["a"]["crm.lead"][0]
        result = self._call_kw("crm.lead", "read", [own_lead.ids, ["name"]])
        self.assertEqual(result[0]["name"], "Isolation lead a")
        with self.assertRaises(JsonRpcException):
            self._call_kw("crm.lead", "write", [own_lead.ids, {"miy_dealer_state": "accepted"}])
        self.assertEqual(own_lead.miy_dealer_state, "routed")
        # costs are the firm's: the product cost is not readable by a dealer
        with self.assertRaises(JsonRpcException):
            self._call_kw("product.product", "read", [self.product.ids, ["standard_price"]])
        # nor are the firm's pricelists
        with self.assertRaises(JsonRpcException):
            self._call_kw("product.pricelist", "search_read", [[]], {"fields": ["name"]})
