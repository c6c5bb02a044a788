from odoo import Command

from .common import DealerCommon


class DealerIntelCommon(DealerCommon):
    """Two competitors with a brand each, our own brand, and a field report of the firm's staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        role = cls.env.ref("miy_contacts.partner_role_competitor")
        cls.competitor_x = Partner.create(
            {"name": "Competitor X (test)", "is_company": True, "miy_role_ids": [Command.link(role.id)]}
        )
        cls.competitor_y = Partner.create({"name": "Competitor Y (test)", "is_company": True})
        Brand = cls.env["miy.brand"]
        cls.brand_own = Brand.create({"name": "Our Brand (test)", "is_own": True})
        cls.brand_x = Brand.create({"name": "X-Line (test)", "partner_id": cls.competitor_x.id})
        cls.brand_y = Brand.create({"name": "Y-Tech (test)", "partner_id": cls.competitor_y.id})
        cls.categ_machines = cls.env["product.category"].create({"name": "Machines (test)"})
        cls.categ_cnc = cls.env["product.category"].create({"name": "CNC (test)", "parent_id": cls.categ_machines.id})
        cls.staff_report = (
            cls.env["miy.field.report"]
            .with_user(cls.user_miy)
            .create(
                {
                    "name": "Staff report (test)",
                    "kind": "price",
                    "brand_id": cls.brand_x.id,
                    "description": "X cut prices by 8%.",
                }
            )
        )

    def _portal_report(self, user, **values):
        vals = {
            "name": f"Report of {user.login}",
            "kind": "campaign",
            "competitor_id": str(self.competitor_x.id),
            "description": "Seen at a fair.",
        }
        vals.update(values)
        return (
            self.env["miy.field.report"]
            .with_user(user)
            ._miy_portal_create(vals, [("price-list.txt", "text/plain", b"X price list")])
        )
