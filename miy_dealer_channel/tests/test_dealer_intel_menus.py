from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests


@tagged("post_install", "-at_install")
class TestDealerIntelMenus(MiyMenuTests, MiyCommon):
    """The intelligence and market-share menus open for a MİY user, and for nobody else."""

    menu_xmlids = (
        "miy_dealer_channel.menu_miy_dealer_intel",
        "miy_dealer_channel.menu_miy_field_report",
        "miy_dealer_channel.menu_miy_brand_distribution",
        "miy_dealer_channel.menu_miy_product_potential",
        "miy_dealer_channel.menu_miy_market_share_untapped",
        "miy_dealer_channel.menu_miy_brand",
        "miy_dealer_channel.menu_miy_market_share",
        "miy_dealer_channel.menu_miy_field_report_analysis",
    )
    action_xmlids = (
        "miy_dealer_channel.miy_field_report_action",
        "miy_dealer_channel.miy_field_report_action_analysis",
        "miy_dealer_channel.miy_brand_distribution_action",
        "miy_dealer_channel.miy_product_potential_action",
        "miy_dealer_channel.miy_market_share_report_action",
        "miy_dealer_channel.miy_market_share_report_action_untapped",
        "miy_dealer_channel.miy_brand_action",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_user = new_test_user(
            cls.env,
            login="miy_dealer_intel_menu_user",
            groups="miy_contacts.group_miy_user,sales_team.group_sale_salesman",
        )

    def test_pivot_reads_as_the_web_client(self):
        Report = self.env["miy.market.share.report"].with_user(self.menu_user)
        groups = Report.read_group(
            [], ["potential_amount:sum", "sales_amount:sum", "market_share:avg"], ["region_id", "date:year"], lazy=False
        )
        self.assertIsInstance(groups, list)
        Report.read_group([], ["market_share:avg"], ["product_category_id"], orderby="market_share desc")
