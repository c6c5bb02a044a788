from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_service_request import MiyServiceRequestCommon


@tagged("post_install", "-at_install")
class TestPartnerCard(MiyServiceRequestCommon):
    """The salesperson's first glance at a partner card (issue: People, Relations, Lifecycle sat
    under "More" behind Odoo's buttons, there was no Service Requests button and the tabs opened
    on "Contacts & Addresses")."""

    def _form(self, user):
        arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch)

    def test_first_buttons_and_tabs(self):
        groups = "base.group_user,miy_contacts.group_miy_user,sales_team.group_sale_salesman"
        if "account.move" in self.env:
            groups += ",account.group_account_invoice"
        salesperson = new_test_user(self.env, login="miy_card_salesperson", groups=groups)
        form = self._form(salesperson)
        buttons = [b.get("name") for b in form.xpath("//div[@name='button_box']/button")]
        expected = ["action_miy_open_interactions", "action_miy_open_service_requests", "action_miy_open_members"]
        if "sale.order" in self.env:
            expected.append("action_view_sale_order")
        expected.append("action_view_opportunity")
        # Odoo shows about four buttons before "More": these lead, in this order
        self.assertEqual(buttons[: len(expected)], expected)
        if "miy.einvoice" in self.env:
            self.assertEqual(buttons[len(expected)], "action_view_miy_einvoices")
        pages = [p.get("name") for p in form.xpath("//notebook/page")]
        self.assertEqual(pages[:3], ["miy_members", "miy_affiliations", "miy_interactions"])
        self.assertEqual(pages.index("contact_addresses") + 1, pages.index("internal_notes"))
        self.assertFalse(form.xpath("//notebook/page[@autofocus]"), "the card opens on its first tab")

    def test_service_request_count_follows_the_users_rights(self):
        self._request()  # Bursa team, asked by the person
        self._request(contact_id=False, type_id=self.type_samsun.id)  # Samsun team, the organization's
        org, person = self.org.with_user(self.user_miy), self.person.with_user(self.user_miy)
        self.assertEqual(org.miy_service_request_count, 1, "the Samsun team's request is not the user's to see")
        self.assertEqual(person.miy_service_request_count, 1)
        self.assertEqual(self.org.with_user(self.user_manager).miy_service_request_count, 2)
        action = org.action_miy_open_service_requests()
        self.assertEqual(self.env["miy.service.request"].with_user(self.user_miy).search_count(action["domain"]), 1)

    def test_person_counts_do_not_depend_on_the_batch(self):
        """A request asked by one person for another (a person as the customer) counts for both,
        whether their cards are computed together (a list) or one by one. (The one who asks is one
        of the customer's people, here a contact of that person: any other contact is refused.)"""
        asking = self.env["res.partner"].create({"name": "Test Asistan", "parent_id": self.other_person.id})
        self._request(partner_id=self.other_person.id, contact_id=asking.id)
        manager_env = self.env(user=self.user_manager)
        together = (asking | self.other_person).with_env(manager_env)
        self.assertEqual(together.mapped("miy_service_request_count"), [1, 1])
        self.env.invalidate_all()
        self.assertEqual(self.other_person.with_env(manager_env).miy_service_request_count, 1)

    def test_count_hidden_from_users_outside_crm_plus(self):
        with self.assertRaises(AccessError):
            self.org.with_user(self.user_plain).read(["miy_service_request_count"])
        form = self._form(self.user_plain)
        self.assertFalse(form.xpath("//button[@name='action_miy_open_service_requests']"))
