from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MiyCommon, MiyMenuTests


@tagged("post_install", "-at_install")
class TestCriteria(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["miy.criterion"]
        Value = cls.env["miy.criterion.value"]
        cls.sector = Criterion.create(
            {"name": "Sektör (test)", "code": "test_sector", "applies_to": "organization", "multiple": True}
        )
        cls.food = Value.create({"criterion_id": cls.sector.id, "name": "Gıda"})
        cls.dairy = Value.create({"criterion_id": cls.sector.id, "name": "Süt ürünleri", "parent_id": cls.food.id})
        cls.textile = Value.create({"criterion_id": cls.sector.id, "name": "Tekstil"})
        cls.size = Criterion.create({"name": "Büyüklük (test)", "code": "test_size", "applies_to": "organization"})
        cls.small = Value.create({"criterion_id": cls.size.id, "name": "Küçük"})
        cls.large = Value.create({"criterion_id": cls.size.id, "name": "Büyük"})
        cls.hobby_kind = Criterion.create({"name": "Kişi tipi (test)", "code": "test_person", "applies_to": "person"})
        cls.vip = Value.create({"criterion_id": cls.hobby_kind.id, "name": "VIP"})
        cls.region = cls.env.ref("miy_contacts.miy_criterion_region")
        cls.marmara = cls.env.ref("miy_contacts.miy_criterion_value_region_marmara")
        cls.karadeniz = cls.env.ref("miy_contacts.miy_criterion_value_region_karadeniz")
        cls.org = cls.env["res.partner"].create({"name": "Kriter Gıda A.Ş.", "is_company": True})
        cls.person = cls.env["res.partner"].create({"name": "Kriter Kişi"})

    def test_seven_regions_are_data(self):
        names = set(self.region.value_ids.mapped("name"))
        self.assertEqual(
            names,
            {"Marmara", "Karadeniz", "Ege", "İç Anadolu", "Akdeniz", "Doğu Anadolu", "Güneydoğu Anadolu"},
        )
        self.assertFalse(self.region.multiple)

    def test_hierarchy_names(self):
        self.assertEqual(self.dairy.complete_name, "Gıda / Süt ürünleri")
        self.assertEqual(self.dairy.display_name, "Sektör (test): Gıda / Süt ürünleri")
        self.assertEqual(self.dairy.with_context(miy_criterion_short=True).display_name, "Gıda / Süt ürünleri")
        self.food.name = "Gıda ve İçecek"
        self.assertEqual(self.dairy.complete_name, "Gıda ve İçecek / Süt ürünleri")
        found = (
            self.env["miy.criterion.value"]
            .with_user(self.user_miy)
            .name_search("Süt ürün", args=[("criterion_id", "=", self.sector.id)])  # demo data has its own
        )
        self.assertEqual([row[0] for row in found], self.dairy.ids)
        found = self.env["miy.criterion.value"].name_search("Sektör (test)")
        self.assertEqual({row[0] for row in found}, set((self.food | self.dairy | self.textile).ids))

    def test_user_classifies_and_filters(self):
        org = self.org.with_user(self.user_miy)
        org.miy_criterion_value_ids = [Command.link(self.dairy.id), Command.link(self.textile.id)]
        org.miy_criterion_value_ids = [Command.link(self.marmara.id), Command.link(self.large.id)]
        Partner = self.env["res.partner"].with_user(self.user_miy)
        self.assertIn(self.org, Partner.search([("miy_criterion_value_ids", "child_of", self.food.id)]))
        self.assertNotIn(self.org, Partner.search([("miy_criterion_value_ids", "in", self.karadeniz.ids)]))
        three = [
            ("miy_criterion_value_ids", "child_of", self.food.id),
            ("miy_criterion_value_ids", "in", (self.marmara | self.karadeniz).ids),
            ("miy_criterion_value_ids", "=", self.large.id),
        ]
        self.assertEqual(Partner.search([("id", "=", self.org.id), *three]), self.org)
        groups = dict(Partner._read_group([("id", "=", self.org.id)], ["miy_criterion_value_ids"], ["__count"]))
        self.assertEqual(set(groups), {self.dairy, self.textile, self.marmara, self.large})
        self.assertEqual(self.large.partner_count, 1)

    def test_single_value_criterion(self):
        with self.assertRaisesRegex(ValidationError, "only one value of Büyüklük"), self.cr.savepoint():
            self.org.with_user(self.user_miy).miy_criterion_value_ids = [(6, 0, (self.small | self.large).ids)]
        with self.assertRaisesRegex(ValidationError, "only one value of Region"), self.cr.savepoint():
            self.org.miy_criterion_value_ids = [(6, 0, (self.marmara | self.karadeniz).ids)]
        self.env.invalidate_all()
        self.assertFalse(self.org.miy_criterion_value_ids)

    def test_criterion_applies_to(self):
        with self.assertRaisesRegex(ValidationError, "for organizations only"), self.cr.savepoint():
            self.person.miy_criterion_value_ids = [Command.link(self.food.id)]
        with self.assertRaisesRegex(ValidationError, "for persons only"), self.cr.savepoint():
            self.org.miy_criterion_value_ids = [Command.link(self.vip.id)]
        self.person.miy_criterion_value_ids = [Command.link(self.vip.id), Command.link(self.marmara.id)]
        with self.assertRaisesRegex(ValidationError, "for persons only"), self.cr.savepoint():
            self.person.is_company = True

    def test_changing_criterion_must_fit_partners(self):
        self.org.miy_criterion_value_ids = [Command.link(self.food.id), Command.link(self.textile.id)]
        with self.assertRaisesRegex(ValidationError, "only one value"), self.cr.savepoint():
            self.sector.multiple = False
        with self.assertRaisesRegex(ValidationError, "for persons only"), self.cr.savepoint():
            self.sector.applies_to = "person"
        self.env.invalidate_all()
        self.assertTrue(self.sector.multiple)

    def test_parent_of_same_criterion_and_no_cycle(self):
        with self.assertRaisesRegex(ValidationError, "same criterion"), self.cr.savepoint():
            self.env["miy.criterion.value"].create(
                {"criterion_id": self.size.id, "name": "Yanlış", "parent_id": self.food.id}
            )
        with self.assertRaises(UserError), self.cr.savepoint():  # ValidationError or Recursion Detected
            self.food.parent_id = self.dairy

    def test_only_managers_configure(self):
        with self.assertRaises(AccessError):
            self.env["miy.criterion"].with_user(self.user_miy).create({"name": "X", "code": "x"})
        with self.assertRaises(AccessError):
            self.food.with_user(self.user_miy).name = "Y"
        with self.assertRaises(AccessError):
            self.env["miy.criterion"].with_user(self.user_plain).search([])
        with Form(self.env["miy.criterion"].with_user(self.user_manager)) as form:
            form.name = "Değer sınıfı"
            form.code = "test_value_class"
            with form.value_ids.new() as line:
                line.name = "A"
            with form.value_ids.new() as line:
                line.name = "B"
        self.assertEqual(form.record.value_count, 2)
        self.assertEqual(form.record.applies_to, "organization")
        self.env["miy.criterion.value"].with_user(self.user_manager).browse(form.record.value_ids.ids[-1]).unlink()

    def test_classification_views_load(self):
        self.org.miy_criterion_value_ids = [Command.link(self.dairy.id)]
        Partner = self.env["res.partner"].with_user(self.user_miy)
        action = self.env["ir.actions.act_window"]._for_xml_id("miy_contacts.res_partner_action_classification")
        views = Partner.get_views([(False, "list"), (False, "kanban"), (action["search_view_id"][0], "search")])
        self.assertIn("searchpanel", views["views"]["search"]["arch"])
        values = Partner.search_panel_select_multi_range("miy_criterion_value_ids", group_by="criterion_id")
        self.assertIn(self.dairy.id, [value["id"] for value in values["values"]])


@tagged("post_install", "-at_install")
class TestCriteriaMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_contacts.miy_criterion_menu", "miy_contacts.miy_criterion_value_menu")
    action_xmlids = ("miy_contacts.miy_criterion_action", "miy_contacts.miy_criterion_value_action")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_user = cls.user_manager

    def test_configuration_hidden_from_users(self):
        visible = self._visible_menu_ids(self.user_miy)
        self.assertNotIn(self.env.ref("miy_contacts.miy_criterion_menu").id, visible)
        self.assertNotIn(self.env.ref("miy_contacts.miy_hobby_menu").id, visible)
        self.assertNotIn(self.env.ref("miy_contacts.miy_hobby_menu").id, self._visible_menu_ids(self.user_manager))
        self.user_personal.groups_id = [(4, self.env.ref("miy_contacts.group_miy_manager").id)]
        self.assertIn(self.env.ref("miy_contacts.miy_hobby_menu").id, self._visible_menu_ids(self.user_personal))
