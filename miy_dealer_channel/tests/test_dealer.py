from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestDealerProfile(DealerCommon):
    def test_profile_gives_the_dealer_role(self):
        partner = self.env["res.partner"].create({"name": "New dealer (test)", "is_company": True})
        self.assertFalse(partner.miy_is_dealer)
        self.env["miy.dealer"].create({"partner_id": partner.id})
        self.assertTrue(partner.miy_is_dealer)

    def test_coverage_joins_regions_and_provinces(self):
        region = self.env["miy.dealer.region"].create(
            {"name": "Test region", "state_ids": [(6, 0, self.env.ref("base.state_tr_16").ids)]}
        )
        self.dealer_a.region_ids = region
        self.assertEqual(
            set(self.dealer_a.coverage_state_ids.ids), {self.state_istanbul.id, self.env.ref("base.state_tr_16").id}
        )
        region.state_ids |= self.env.ref("base.state_tr_41")
        self.assertIn(self.env.ref("base.state_tr_41"), self.dealer_a.coverage_state_ids)

    def test_seven_regions_cover_every_province_once(self):
        regions = self.env["miy.dealer.region"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref(f"miy_dealer_channel.region_{k}").id
                        for k in ("marmara", "ege", "akdeniz", "ic_anadolu", "karadeniz", "dogu_anadolu", "guneydogu")
                    ],
                )
            ]
        )
        states = regions.mapped("state_ids")
        self.assertEqual(len(states), 81)
        self.assertEqual(sum(len(r.state_ids) for r in regions), 81)

    def test_person_cannot_be_a_dealer(self):
        person = self.env["res.partner"].create({"name": "Person (test)", "parent_id": self.customer.id})
        with self.assertRaisesRegex(ValidationError, "is a person"):
            self.env["miy.dealer"].create({"partner_id": person.id})

    def test_contract_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            self.dealer_a.write({"contract_start": "2026-05-01", "contract_end": "2026-04-30"})

    @mute_logger("odoo.sql_db")
    def test_one_profile_per_partner_and_company(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["miy.dealer"].create({"partner_id": self.dealer_partner_a.id})

    def test_portal_users_of_the_dealer(self):
        self.assertEqual(set(self.dealer_a.portal_user_ids.ids), {self.portal_admin_a.id, self.portal_sales_a.id})
        self.assertEqual(self.dealer_b.portal_user_ids, self.portal_admin_b)

    def test_partner_button_opens_the_profile(self):
        action = self.dealer_partner_a.with_user(self.user_miy).action_miy_open_dealer()
        self.assertEqual(action["res_id"], self.dealer_a.id)
        other = self.env["res.partner"].create({"name": "Not yet (test)", "is_company": True})
        action = other.action_miy_open_dealer()
        self.assertEqual(action["context"]["default_partner_id"], other.id)


@tagged("post_install", "-at_install")
class TestDealerAccess(DealerCommon):
    def test_portal_staff_see_only_their_dealer(self):
        Dealer = self.env["miy.dealer"].with_user(self.portal_sales_a)
        self.assertEqual(Dealer.search([]), self.dealer_a)
        self.assertEqual(self.portal_sales_a._miy_dealer(), self.dealer_a)
        self.assertEqual(self.portal_admin_b._miy_dealer(), self.dealer_b)
        with self.assertRaises(AccessError):
            self.dealer_b.with_user(self.portal_sales_a).read(["name"])

    def test_portal_staff_cannot_write_their_profile(self):
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.portal_admin_a).write({"tier_id": False})
        target = self.env["miy.dealer.target"].create(
            {"dealer_id": self.dealer_a.id, "date_from": "2026-01-01", "date_to": "2026-12-31", "amount": 10}
        )
        other = self.env["miy.dealer.target"].create(
            {"dealer_id": self.dealer_b.id, "date_from": "2026-01-01", "date_to": "2026-12-31", "amount": 10}
        )
        Target = self.env["miy.dealer.target"].with_user(self.portal_sales_a)
        self.assertEqual(Target.search([("id", "in", (target | other).ids)]), target)
        with self.assertRaises(AccessError):
            target.with_user(self.portal_sales_a).write({"amount": 1})

    def test_plain_portal_customer_has_no_dealer_access(self):
        with self.assertRaises(AccessError):
            self.env["miy.dealer"].with_user(self.portal_customer).search([])
        customer = self.portal_customer.with_user(self.portal_customer)
        self.assertFalse(customer._miy_dealer())
        # Even a portal user of the dealer's own organization is no staff without the group.
        stranger = self._dealer_user("dealer_a_no_group", self.dealer_partner_a)
        stranger.groups_id = [(3, self.env.ref("miy_dealer_channel.group_miy_dealer_portal").id)]
        stranger.groups_id = [(3, self.env.ref("miy_dealer_channel.group_miy_dealer_portal_admin").id)]
        self.assertFalse(stranger.has_group("miy_dealer_channel.group_miy_dealer_portal"))
        self.assertFalse(stranger.with_user(stranger)._miy_dealer())
        with self.assertRaises(AccessError):
            self.env["miy.dealer"].with_user(stranger).search([])

    def test_salesperson_cannot_delete_a_dealer(self):
        self.assertTrue(self.dealer_a.with_user(self.user_miy).read(["name"]))
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.user_miy).unlink()
        with self.assertRaises(AccessError):
            self.env["miy.dealer"].with_user(self.user_plain).search([])


@tagged("post_install", "-at_install")
class TestDealerPartnerCard(DealerCommon):
    def test_accountant_without_miy_opens_a_dealer_card(self):
        """The card's Dealer Profile button reads the partner's roles: a user without MİY (an
        accountant) still opens the dealer's card."""
        accountant = new_test_user(self.env, login="dealer_card_accountant", groups="account.group_account_invoice")
        form = Form(self.dealer_partner_a.with_user(accountant))
        self.assertEqual(form.name, "Dealer A (test)")
        with self.assertRaises(AccessError):
            self.dealer_partner_a.with_user(accountant).read(["miy_is_dealer"])
        self.assertTrue(self.dealer_partner_a.with_user(self.user_miy).miy_is_dealer)
