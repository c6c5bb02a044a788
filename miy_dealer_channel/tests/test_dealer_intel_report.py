from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .dealer_intel_common import DealerIntelCommon


@tagged("post_install", "-at_install")
class TestDealerIntelReport(DealerIntelCommon):
    def test_brand_gives_the_competitor_role(self):
        self.assertIn("competitor", self.competitor_y.miy_role_ids.mapped("code"))
        with self.assertRaises(ValidationError):
            self.env["miy.brand"].create({"name": "Nobody's (test)"})
        with self.assertRaises(ValidationError):
            self.env["miy.brand"].create({"name": "Both (test)", "is_own": True, "partner_id": self.competitor_x.id})

    def test_staff_report_takes_the_brands_competitor(self):
        self.assertEqual(self.staff_report.competitor_id, self.competitor_x)
        self.assertEqual(self.staff_report.reporter_id, self.user_miy)
        self.assertFalse(self.staff_report.dealer_id)
        with self.assertRaises(ValidationError):
            self.staff_report.competitor_id = self.competitor_y

    def test_region_follows_the_province(self):
        region = self.env["miy.dealer.region"].create({"name": "Test region", "sequence": -1})
        state = self.env["res.country.state"].create(
            {"name": "Test province", "code": "TPZ", "country_id": self.env.ref("base.tr").id}
        )
        region.state_ids = state
        self.staff_report.state_id = state
        self.assertEqual(self.staff_report.region_id, region)

    def test_portal_report_is_the_dealers_own(self):
        report = self._portal_report(self.portal_sales_a, dealer_id=str(self.dealer_b.id), reporter_id="1")
        self.assertEqual(report.dealer_id, self.dealer_a, "the dealer comes from the user, never from the form")
        self.assertEqual(report.reporter_id, self.portal_sales_a)
        self.assertEqual(report.sudo().attachment_ids.mapped("name"), ["price-list.txt"])
        self.assertEqual(report.sudo().attachment_ids.res_id, report.id)
        # a colleague of the same dealer sees it; the list of dealer A holds only dealer A's
        Report = self.env["miy.field.report"]
        self.assertEqual(Report.with_user(self.portal_admin_a).search([]), report)
        self.assertEqual(report.with_user(self.portal_admin_a).read(["name"])[0]["name"], report.name)

    def test_dealer_never_sees_others_reports(self):
        report_a = self._portal_report(self.portal_sales_a)
        report_b = self._portal_report(self.portal_admin_b)
        Report = self.env["miy.field.report"]
        self.assertEqual(Report.with_user(self.portal_admin_b).search([]), report_b)
        self.assertEqual(Report.with_user(self.portal_admin_b).search_count([("id", "=", report_a.id)]), 0)
        with self.assertRaises(AccessError):
            report_a.with_user(self.portal_admin_b).read(["name"])
        with self.assertRaises(AccessError):
            self.staff_report.with_user(self.portal_sales_a).read(["name"])
        # staff see everything
        self.assertEqual(
            Report.with_user(self.user_miy).search([("id", "in", (report_a | report_b).ids)]), report_a | report_b
        )

    def test_dealer_cannot_write_or_create_directly(self):
        report_a = self._portal_report(self.portal_sales_a)
        with self.assertRaises(AccessError):
            report_a.with_user(self.portal_sales_a).write({"name": "changed"})
        with self.assertRaises(AccessError):
            self.env["miy.field.report"].with_user(self.portal_sales_a).create(
                {"name": "direct", "description": "x", "dealer_id": self.dealer_b.id}
            )

    def test_attachment_of_another_dealer_is_not_readable(self):
        report_a = self._portal_report(self.portal_sales_a)
        attachment = report_a.sudo().attachment_ids
        [(att_id, name, url)] = report_a.with_user(self.portal_admin_a)._miy_portal_attachment_data()
        self.assertEqual((att_id, name), (attachment.id, "price-list.txt"))
        token = url.split("access_token=")[1].split("&")[0]
        self.assertEqual(attachment.with_user(self.portal_admin_a).validate_access(token).raw, b"X price list")
        with self.assertRaises(AccessError):
            attachment.with_user(self.portal_admin_a).validate_access(None)  # only through the token
        with self.assertRaises(AccessError):
            attachment.with_user(self.portal_admin_b).validate_access(None)
        with self.assertRaises(AccessError):
            report_a.with_user(self.portal_admin_b)._miy_portal_attachment_data()
        staff_file = self.env["ir.attachment"].create(
            {"name": "staff.txt", "raw": b"secret", "res_model": "miy.field.report", "res_id": self.staff_report.id}
        )
        with self.assertRaises(AccessError):
            staff_file.with_user(self.portal_sales_a).validate_access(None)

    def test_plain_portal_customer_gets_nothing(self):
        Report = self.env["miy.field.report"].with_user(self.portal_customer)
        with self.assertRaises(AccessError):
            Report.search([])
        with self.assertRaises(AccessError):
            self._portal_report(self.portal_customer)
        with self.assertRaises(AccessError):
            Report._miy_portal_choices()
        for model in ("miy.product.potential", "miy.market.share.report", "miy.brand.distribution", "miy.brand"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal_customer).search([])

    def test_dealer_sees_no_potential_nor_market_share(self):
        for model in ("miy.product.potential", "miy.market.share.report", "miy.brand.distribution", "miy.brand"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal_admin_a).search([])

    @mute_logger("odoo.models")
    def test_portal_form_refuses_forged_values(self):
        other_categ = self.env["product.category"].create({"name": "Another (test)"})
        with self.assertRaises(UserError):
            self._portal_report(self.portal_sales_a, brand_id=str(self.brand_own.id))  # our brand: not offered
        with self.assertRaises(UserError):
            self._portal_report(self.portal_sales_a, competitor_id=str(self.dealer_partner_b.id))
        with self.assertRaises(UserError):
            self._portal_report(self.portal_sales_a, product_category_id="abc")
        with self.assertRaises(UserError):
            self._portal_report(self.portal_sales_a, date="2999-01-01")
        with self.assertRaises(UserError):
            self._portal_report(self.portal_sales_a, description="  ")
        with self.assertRaises(UserError):
            self._portal_report(self.portal_sales_a, competitor_id="")
        with self.assertRaises(UserError):
            self.env["miy.field.report"].with_user(self.portal_sales_a)._miy_portal_create(
                {"name": "big", "kind": "other", "competitor_id": str(self.competitor_x.id), "description": "x"},
                [("big.bin", "application/octet-stream", b"0" * (10 * 1024 * 1024 + 1))],
            )
        report = self._portal_report(self.portal_sales_a, product_category_id=str(other_categ.id))
        self.assertEqual(report.product_category_id, other_categ)
        self.assertEqual(self.env["miy.field.report"].search_count([("dealer_id", "=", self.dealer_a.id)]), 1)
