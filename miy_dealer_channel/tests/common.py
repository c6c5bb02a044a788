from odoo.tests import new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class DealerCommon(MiyCommon):
    """Two dealers, each with a portal administrator and a portal salesperson, and a plain portal
    customer; no demo data. Feature tests of the dealer channel build on these."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.state_istanbul = cls.env.ref("base.state_tr_34")
        cls.state_samsun = cls.env.ref("base.state_tr_55")
        cls.dealer_partner_a = Partner.create(
            {"name": "Dealer A (test)", "is_company": True, "state_id": cls.state_istanbul.id}
        )
        cls.dealer_partner_b = Partner.create(
            {"name": "Dealer B (test)", "is_company": True, "state_id": cls.state_samsun.id}
        )
        cls.customer = Partner.create({"name": "End customer (test)", "is_company": True})
        Dealer = cls.env["miy.dealer"]
        cls.dealer_a = Dealer.create(
            {
                "partner_id": cls.dealer_partner_a.id,
                "user_id": cls.user_miy.id,
                "state_ids": [(6, 0, cls.state_istanbul.ids)],
            }
        )
        cls.dealer_b = Dealer.create(
            {
                "partner_id": cls.dealer_partner_b.id,
                "user_id": cls.user_miy.id,
                "state_ids": [(6, 0, cls.state_samsun.ids)],
            }
        )
        cls.portal_admin_a = cls._dealer_user("dealer_a_admin", cls.dealer_partner_a, admin=True)
        cls.portal_sales_a = cls._dealer_user("dealer_a_sales", cls.dealer_partner_a)
        cls.portal_admin_b = cls._dealer_user("dealer_b_admin", cls.dealer_partner_b, admin=True)
        cls.portal_customer = new_test_user(
            cls.env,
            login="dealer_plain_portal",
            groups="base.group_portal",
            partner_id=Partner.create({"name": "Customer contact (test)", "parent_id": cls.customer.id}).id,
        )

    @classmethod
    def _dealer_user(cls, login, dealer_partner, admin=False):
        person = cls.env["res.partner"].create({"name": login, "parent_id": dealer_partner.id})
        group = (
            "miy_dealer_channel.group_miy_dealer_portal_admin"
            if admin
            else "miy_dealer_channel.group_miy_dealer_portal"
        )
        return new_test_user(cls.env, login=login, groups=group, partner_id=person.id)


def make_portal_dealer_admin(env, login, dealer_name):
    """A dealer (its organization and profile) and its portal administrator, whose password is
    the login: the hostile caller of the JSON-RPC tests. Returns ``(dealer, user)``."""
    Partner = env["res.partner"]
    organization = Partner.create({"name": dealer_name, "is_company": True})
    dealer = env["miy.dealer"].create({"partner_id": organization.id})
    person = Partner.create({"name": f"{dealer_name}: staff", "parent_id": organization.id})
    user = new_test_user(
        env,
        login=login,
        password=login,
        groups="miy_dealer_channel.group_miy_dealer_portal_admin",
        partner_id=person.id,
    )
    return dealer, user
