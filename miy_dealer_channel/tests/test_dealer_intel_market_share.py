from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .dealer_intel_common import DealerIntelCommon


@tagged("post_install", "-at_install")
class TestDealerIntelMarketShare(DealerIntelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tr = cls.env.ref("base.tr")
        State = cls.env["res.country.state"]
        # provinces of our own so that no demo dealer or region serves them
        cls.state_p = State.create({"name": "Province P (test)", "code": "TPP", "country_id": tr.id})
        cls.state_q = State.create({"name": "Province Q (test)", "code": "TPQ", "country_id": tr.id})
        cls.region = cls.env["miy.dealer.region"].create(
            {"name": "Region PQ (test)", "state_ids": [Command.set((cls.state_p | cls.state_q).ids)]}
        )
        cls.dealer_a.state_ids |= cls.state_p
        Partner = cls.env["res.partner"]
        cls.cust_1 = Partner.create({"name": "Customer 1 (test)", "is_company": True, "state_id": cls.state_p.id})
        cls.cust_2 = Partner.create({"name": "Customer 2 (test)", "is_company": True, "state_id": cls.state_q.id})
        cls.cust_1_person = Partner.create({"name": "Buyer of 1 (test)", "parent_id": cls.cust_1.id})
        cls.product_cnc = cls.env["product.product"].create(
            {"name": "CNC lathe (test)", "categ_id": cls.categ_cnc.id, "list_price": 100.0, "type": "service"}
        )
        cls.year = 2025
        Potential = cls.env["miy.product.potential"]
        cls.pot_1 = Potential.create(
            {
                "partner_id": cls.cust_1_person.id,  # stored on the organization
                "product_category_id": cls.categ_machines.id,
                "year": cls.year,
                "brand_id": cls.brand_x.id,
                "quantity": 10,
                "amount": 1000.0,
            }
        )
        cls.pot_2 = Potential.create(
            {
                "partner_id": cls.cust_2.id,
                "product_category_id": cls.categ_machines.id,
                "year": cls.year,
                "brand_id": cls.brand_own.id,
                "amount": 3000.0,
            }
        )
        cls.pot_dealer = Potential.create(
            {
                "partner_id": cls.dealer_partner_b.id,
                "product_category_id": cls.categ_machines.id,
                "year": cls.year,
                "amount": 500.0,
            }
        )
        cls.pot_zero = Potential.create(
            {"partner_id": cls.cust_2.id, "product_category_id": cls.categ_cnc.id, "year": cls.year, "amount": 0.0}
        )
        cls._sell(cls.cust_1_person, 250.0, datetime(cls.year, 5, 3))  # counted for customer 1
        cls._sell(cls.cust_1, 999.0, datetime(cls.year - 1, 5, 3))  # another year
        cls._sell(cls.cust_1, 777.0, datetime(cls.year, 6, 3), confirm=False)  # a quotation
        cls._sell(cls.cust_2, 120.0, datetime(cls.year, 2, 1))  # counted for customer 2, and in CNC

    @classmethod
    def _sell(cls, partner, amount, date, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "date_order": date,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product_cnc.id, "product_uom_qty": 1, "price_unit": amount, "tax_id": False}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = date
        return order

    def _row(self, potential):
        return self.env["miy.market.share.report"].browse(potential.id)

    def test_figures_follow_sales_and_refresh(self):
        order = self._sell(self.cust_1, 100.0, datetime(self.year, 7, 1), confirm=False)
        self.assertAlmostEqual(self._row(self.pot_1).sales_amount, 250.0, msg="a quotation does not count")
        order.action_confirm()  # confirming dates the order today: back to the potential's year
        order.date_order = datetime(self.year, 7, 1)
        self.assertAlmostEqual(self._row(self.pot_1).sales_amount, 350.0, msg="confirming refreshes the figures")
        order._action_cancel()
        self.assertAlmostEqual(self._row(self.pot_1).sales_amount, 250.0)
        self.pot_1.amount = 2000.0
        self.assertAlmostEqual(self._row(self.pot_1).untapped_amount, 1750.0)
        # coverage changes are caught by the hourly refresh (or the menu's action)
        self.dealer_a.state_ids -= self.state_p
        self.env["miy.product.potential"]._cron_miy_refresh_market_share()
        self.assertFalse(self._row(self.pot_1).dealer_id)
        with self.assertRaises(AccessError):
            self.env["miy.product.potential"].with_user(self.portal_admin_a).action_miy_refresh_market_share()

    def test_potential_belongs_to_the_organization(self):
        self.assertEqual(self.pot_1.partner_id, self.cust_1)
        self.assertEqual(self.pot_1.state_id, self.state_p)

    def test_share_of_one_line(self):
        row = self._row(self.pot_1)
        self.assertAlmostEqual(row.sales_amount, 250.0)
        self.assertAlmostEqual(row.market_share, 25.0)
        self.assertAlmostEqual(row.untapped_amount, 750.0)
        self.assertEqual(row.region_id, self.region)
        self.assertEqual(row.dealer_id, self.dealer_a, "dealer A serves province P")
        self.assertFalse(self._row(self.pot_2).dealer_id, "nobody serves province Q")
        self.assertEqual(self._row(self.pot_dealer).dealer_id, self.dealer_b, "a dealer is its own dealer")

    def test_zero_potential(self):
        row = self._row(self.pot_zero)
        self.assertAlmostEqual(row.sales_amount, 120.0, msg="CNC sales count in the CNC potential")
        self.assertEqual(row.market_share, 0.0)
        self.assertEqual(row.untapped_amount, 0.0)
        self.assertEqual(row.potential_amount, 0.0)

    def test_share_aggregates_as_ratio_of_sums(self):
        Report = self.env["miy.market.share.report"]
        ids = (self.pot_1 | self.pot_2 | self.pot_dealer).ids
        [(share, sales, potential)] = Report._read_group(
            [("id", "in", ids)], [], ["market_share:avg", "sales_amount:sum", "potential_amount:sum"]
        )
        self.assertAlmostEqual(potential, 4500.0)
        self.assertAlmostEqual(sales, 370.0)
        self.assertAlmostEqual(share, 100.0 * 370 / 4500)
        by_dealer = dict(Report._read_group([("id", "in", ids)], ["dealer_id"], ["market_share:avg"]))
        self.assertAlmostEqual(by_dealer[self.dealer_a], 25.0)
        self.assertAlmostEqual(by_dealer[self.dealer_b], 0.0)
        by_region = Report.read_group([("id", "in", ids)], ["market_share"], ["region_id"])
        region_row = next(g for g in by_region if g["region_id"] and g["region_id"][0] == self.region.id)
        self.assertAlmostEqual(region_row["market_share"], 100.0 * 370 / 4000)
        # groups come sorted by the comodel's order (here the regions' sequence), empty last
        first = self.env["miy.dealer.region"].create({"name": "A first region (test)", "sequence": -5})
        self.cust_2.state_id = self.env["res.country.state"].create(
            {"name": "Province R (test)", "code": "TPR", "country_id": self.env.ref("base.tr").id}
        )
        first.state_ids = self.cust_2.state_id
        self.env["miy.product.potential"]._miy_refresh_market_share()
        regions = [region for region, _count in Report._read_group([("id", "in", ids)], ["region_id"], ["__count"])]
        self.assertEqual(regions[0], first)
        self.assertEqual(regions, list(self.env["miy.dealer.region"].union(*regions).sorted()))
        region_year = Report._read_group([("id", "in", ids)], ["region_id", "date:year"], ["__count"])
        self.assertEqual([row[0] for row in region_year], regions)
        zero = Report._read_group([("id", "=", self.pot_zero.id)], [], ["market_share:avg"])
        self.assertEqual(zero[0][0], 0.0)

    def test_untapped_ranking_and_opportunities(self):
        Report = self.env["miy.market.share.report"]
        ids = (self.pot_1 | self.pot_2 | self.pot_dealer | self.pot_zero).ids
        ranked = Report.search([("id", "in", ids), ("untapped_amount", ">", 0)])
        self.assertEqual(ranked.ids, [self.pot_2.id, self.pot_1.id, self.pot_dealer.id])
        self.assertEqual(ranked.mapped("untapped_amount"), [2880.0, 750.0, 500.0])
        salesman = new_test_user(
            self.env,
            login="intel_salesman",
            groups="base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_salesman",
        )
        action = Report.with_user(salesman).browse(ids).action_miy_create_opportunities()
        leads = self.env["crm.lead"].search(action["domain"])
        self.assertEqual(len(leads), 3, "no opportunity for a potential without untapped amount")
        lead_2 = leads.filtered(lambda lead: lead.partner_id == self.cust_2)
        self.assertEqual(lead_2.expected_revenue, 2880.0)
        self.assertEqual(lead_2.miy_product_category_id, self.categ_machines)
        self.assertEqual(lead_2.type, "opportunity")
        again = Report.with_user(salesman).browse(ids).action_miy_create_opportunities()
        self.assertFalse(self.env["crm.lead"].search(again["domain"]), "open opportunities are not duplicated")

    def test_opportunities_need_sales_rights(self):
        with self.assertRaises(AccessError):
            self.env["miy.market.share.report"].with_user(self.user_miy).browse(
                self.pot_1.id
            ).action_miy_create_opportunities()

    def test_smart_buttons(self):
        self.env["miy.brand.distribution"].create({"partner_id": self.cust_1.id, "brand_id": self.brand_x.id})
        cust = self.cust_1.with_user(self.user_miy)
        self.assertEqual(cust.miy_potential_count, 1)
        self.assertEqual(cust.miy_brand_count, 1)
        self.assertEqual(cust.action_miy_open_potentials()["domain"], [("partner_id", "=", self.cust_1.id)])
        self.assertEqual(cust.action_miy_open_brands()["domain"], [("partner_id", "=", self.cust_1.id)])

    def test_distribution_matrix(self):
        Dist = self.env["miy.brand.distribution"]
        rows = Dist.create(
            [
                {"partner_id": self.cust_1_person.id, "brand_id": self.brand_x.id, "role": "uses"},
                {"partner_id": self.cust_2.id, "brand_id": self.brand_x.id, "role": "uses"},
                {"partner_id": self.cust_2.id, "brand_id": self.brand_y.id, "role": "uses"},
                {"partner_id": self.dealer_partner_a.id, "brand_id": self.brand_y.id, "role": "carries"},
            ]
        )
        self.assertEqual(rows[0].partner_id, self.cust_1)
        self.assertEqual(rows[0].competitor_id, self.competitor_x)
        self.assertEqual(rows[:3].region_id, self.region)
        matrix = {
            (region.id, brand.id): count
            for region, brand, count in Dist._read_group(
                [("id", "in", rows.ids)], ["region_id", "brand_id"], ["__count"]
            )
        }
        self.assertEqual(matrix[(self.region.id, self.brand_x.id)], 2)
        self.assertEqual(matrix[(self.region.id, self.brand_y.id)], 1)
        self.assertEqual(len(matrix), 3)
