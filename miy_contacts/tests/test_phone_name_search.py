import ast

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestPhoneTypedAsName(MiyCommon):
    """A number typed where a partner is looked up by name finds the partner (issue: typing
    "0532 123 45 67" in the search box and pressing Enter found nobody)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.org = Partner.create({"name": "Aranan Telefon A.Ş.", "is_company": True})
        cls.person = Partner.create({"name": "Aranan Kişi", "parent_id": cls.org.id})
        cls.env["miy.partner.phone"].create(
            {"partner_id": cls.person.id, "phone_type": "mobile", "number": "+90 532 765 43 21"}
        )
        # a partner whose name holds digits: a name search must still find it by name only
        cls.digits_name = Partner.create({"name": "Depo 5327654321 Şubesi"})

    def _name_filter(self, text):
        """The domain the partner search box runs when the user types ``text`` and presses Enter."""
        arch = (
            self.env["res.partner"].with_user(self.user_miy).get_views([(False, "search")])["views"]["search"]["arch"]
        )
        field = etree.fromstring(arch).xpath("//field[@name='name']")[0]
        return ast.literal_eval(field.get("filter_domain").replace("self", repr(text)))

    def test_search_box_enter_finds_by_phone(self):
        Partner = self.env["res.partner"].with_user(self.user_miy)
        for typed in ("0532 765 43 21", "05327654321", "+90 (532) 765-43-21"):
            with self.subTest(typed=typed):
                self.assertIn(self.person, Partner.search(self._name_filter(typed)))
        # names, e-mails and references still work as in Odoo
        self.assertIn(self.org, Partner.search(self._name_filter("Aranan Telefon")))
        # a few digits or a name with digits are not read as a phone number
        self.assertNotIn(self.person, Partner.search(self._name_filter("4321")))
        self.assertEqual(Partner.search(self._name_filter("Depo 5327654321")), self.digits_name)

    def test_partner_drop_down_finds_by_phone(self):
        Partner = self.env["res.partner"].with_user(self.user_miy)
        found = [pid for pid, _name in Partner.name_search("0532 765 43 21")]
        self.assertIn(self.person.id, found)
        self.assertIn(self.person, Partner.search([("display_name", "ilike", "532 765 4321")]))
        self.assertNotIn(self.person.id, [pid for pid, _name in Partner.name_search("765")])

    def test_phone_lookup_respects_partner_rules(self):
        """The phone match is one more clause of the user's search: record rules still apply."""
        self.person.company_id = self.env["res.company"].create({"name": "Başka Şirket"})
        Partner = self.env["res.partner"].with_user(self.user_miy)
        self.assertNotIn(self.person.id, [pid for pid, _name in Partner.name_search("0532 765 43 21")])


@tagged("post_install", "-at_install")
class TestPersonsList(MiyCommon):
    """The Persons list shows the organizations a person works for (it showed Odoo's company of the
    record, read as the employer)."""

    def test_persons_list_shows_current_organizations(self):
        Partner = self.env["res.partner"]
        org_a = Partner.create({"name": "Liste Org A", "is_company": True})
        org_b = Partner.create({"name": "Liste Org B", "is_company": True})
        org_old = Partner.create({"name": "Liste Eski Org", "is_company": True})
        person = Partner.create({"name": "Liste Kişi"})
        Affiliation = self.env["miy.affiliation"]
        Affiliation.create({"person_id": person.id, "organization_id": org_a.id, "is_primary": True})
        Affiliation.create({"person_id": person.id, "organization_id": org_b.id})
        Affiliation.create(
            {
                "person_id": person.id,
                "organization_id": org_old.id,
                "date_start": "2015-01-01",
                "date_end": "2019-12-31",
            }
        )
        self.assertEqual(person.with_user(self.user_miy).miy_organization_ids, org_a | org_b)
        # a user outside MİY (a salesman of Odoo's own apps reading a partner's card) never computes
        # it: the field is not among theirs, and asking for it is refused
        self.assertNotIn("miy_organization_ids", Partner.with_user(self.user_plain).fields_get())
        with self.assertRaises(AccessError):
            person.with_user(self.user_plain).read(["miy_organization_ids"])
        action = self.env.ref("miy_contacts.res_partner_action_person")
        self.assertEqual([mode for _view, mode in action.views][:2], ["kanban", "list"], "it still opens on the kanban")
        list_view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
        self.assertIn('name="miy_organization_ids"', list_view.arch_db)
        arch = Partner.with_user(self.user_miy).get_views([(list_view.id, "list")])["views"]["list"]["arch"]
        self.assertIn('name="miy_organization_ids"', arch)


@tagged("post_install", "-at_install")
class TestExportWizardMessage(MiyCommon):
    """The export dialog says what this user's file will contain (it told a Personal data user that
    birthdays were left out, then exported them)."""

    def _opened_form(self, user):
        spec = {"include_personal_data": {}, "export_format": {}}
        return self.env["miy.partner.export.wizard"].with_user(user).onchange({}, [], spec)["value"]

    def test_form_knows_whether_personal_data_goes_in(self):
        both = new_test_user(
            self.env,
            login="miy_export_pd",
            groups="base.group_user,miy_contacts.group_miy_user,miy_contacts.group_miy_personal_data",
        )
        self.assertTrue(self._opened_form(both)["include_personal_data"])
        self.assertFalse(self._opened_form(self.user_miy)["include_personal_data"])


@tagged("post_install", "-at_install")
class TestLifecycleAnalysisCounts(MiyCommon):
    def test_lifecycle_pivot_counts_events_by_default(self):
        arch = self.env["miy.lifecycle.event"].with_user(self.user_miy).get_views([(False, "pivot")])["views"]["pivot"]
        tree = etree.fromstring(arch["arch"])
        self.assertFalse(tree.xpath("//field[@type='measure']"), "no summed measure: the pivot counts events")
