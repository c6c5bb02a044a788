from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import MiyCommon, MiyMenuTests


class RelationCommon(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.holding = Partner.create({"name": "Uludağ Holding A.Ş.", "is_company": True})
        cls.food = Partner.create({"name": "Nilüfer Gıda San. A.Ş.", "is_company": True})
        cls.dealer = Partner.create({"name": "Karadeniz Makina Tic. Ltd. Şti.", "is_company": True})
        cls.competitor = Partner.create({"name": "Anadolu Makine A.Ş.", "is_company": True})
        cls.mehmet = Partner.create({"name": "Mehmet Kaya", "is_company": False})
        cls.elif_ = Partner.create({"name": "Elif Kaya", "is_company": False})
        cls.type_group = cls.env.ref("miy_contacts.relation_type_group_company")
        cls.type_distributor = cls.env.ref("miy_contacts.relation_type_distributor")
        cls.type_competitor = cls.env.ref("miy_contacts.relation_type_competitor")
        cls.type_spouse = cls.env.ref("miy_contacts.relation_type_spouse")
        cls.type_parent = cls.env.ref("miy_contacts.relation_type_parent")
        cls.Relation = cls.env["miy.partner.relation"]

    @classmethod
    def selection(cls, rtype, inverse=False):
        return cls.env["miy.relation.type.selection"].browse(rtype.id * 2 + (1 if inverse else 0))

    def relate(self, left, rtype, right, user=None, **vals):
        return self.Relation.with_user(user or self.user_miy).create(
            {"left_partner_id": left.id, "type_id": rtype.id, "right_partner_id": right.id, **vals}
        )

    def rows(self, partner, user=None):
        partner = partner.with_user(user or self.user_miy)
        partner.invalidate_recordset(["miy_relation_all_ids"])
        return partner.miy_relation_all_ids


class TestRelations(RelationCommon):
    def test_shown_on_both_sides_with_the_label_of_each_side(self):
        relation = self.relate(self.holding, self.type_group, self.food, date_start=date(2020, 1, 1))
        (holding_row,) = self.rows(self.holding)
        self.assertEqual(holding_row.type_selection_id.name, "Group company (member of this group)")
        self.assertEqual(holding_row.other_partner_id, self.food)
        self.assertEqual(holding_row.relation_id, relation)
        self.assertFalse(holding_row.is_inverse)
        (food_row,) = self.rows(self.food)
        self.assertEqual(food_row.type_selection_id.name, "Parent group (this firm belongs to it)")
        self.assertEqual(food_row.other_partner_id, self.holding)
        self.assertEqual(food_row.date_start, date(2020, 1, 1))
        self.assertTrue(food_row.is_inverse)
        self.assertEqual(self.holding.with_user(self.user_miy).miy_relation_count, 1)
        self.assertEqual(self.food.with_user(self.user_miy).miy_relation_count, 1)

    def test_symmetric_type_has_the_same_label_on_both_sides(self):
        self.relate(self.dealer, self.type_competitor, self.competitor)
        (left_row,) = self.rows(self.dealer)
        (right_row,) = self.rows(self.competitor)
        self.assertEqual(left_row.type_selection_id, right_row.type_selection_id)
        self.assertEqual(right_row.type_selection_id.name, "Competitor")
        self.assertFalse(self.selection(self.type_competitor, inverse=True).exists())

    def test_inverse_labels_listed_for_each_direction(self):
        names = set(self.env["miy.relation.type.selection"].with_user(self.user_miy).search([]).mapped("name"))
        for label in (
            "Group company (member of this group)",
            "Parent group (this firm belongs to it)",
            "Represented manufacturer (this firm sells its products)",
            "Distributor (sells this firm's products)",
            "Main contractor (this firm works for it)",
            "Subcontractor (works for this firm)",
            "Competitor",
        ):
            self.assertIn(label, names)

    def test_create_from_the_right_partner_form(self):
        """On Nilüfer Gıda's form, 'Parent group' Uludağ Holding stores Holding as the left side."""
        with Form(self.food.with_user(self.user_miy)) as form:
            with form.miy_relation_all_ids.new() as line:
                line.type_selection_id = self.selection(self.type_group, inverse=True)
                line.other_partner_id = self.holding
                line.date_start = date(2019, 5, 1)
        relation = self.Relation.search([("type_id", "=", self.type_group.id), ("right_partner_id", "=", self.food.id)])
        self.assertEqual(relation.left_partner_id, self.holding)
        self.assertEqual(relation.right_partner_id, self.food)
        self.assertEqual(relation.date_start, date(2019, 5, 1))
        self.assertEqual(self.rows(self.holding).type_selection_id.name, "Group company (member of this group)")

    def test_edit_from_either_side(self):
        relation = self.relate(self.holding, self.type_group, self.food)
        with Form(self.food.with_user(self.user_miy)) as form:
            with form.miy_relation_all_ids.edit(0) as line:
                line.date_end = date(2024, 12, 31)
                line.note = "Sold to another group"
        self.assertEqual(relation.date_end, date(2024, 12, 31))
        self.assertEqual(self.rows(self.holding).note, "Sold to another group")
        self.assertFalse(self.rows(self.holding).is_current)
        # turning the row around on the holding's side: holding now "Parent group (this firm belongs to it)" of the food firm
        self.rows(self.holding).write({"type_selection_id": self.selection(self.type_group, inverse=True).id})
        self.assertEqual(relation.left_partner_id, self.food)
        self.assertEqual(relation.right_partner_id, self.holding)

    def test_delete_from_the_form_is_for_managers(self):
        relation = self.relate(self.holding, self.type_group, self.food)
        with self.assertRaises(AccessError):
            self.food.with_user(self.user_miy).write(
                {"miy_relation_all_ids": [Command.delete(self.rows(self.food).id)]}
            )
        self.assertTrue(relation.exists())
        self.food.with_user(self.user_manager).write(
            {"miy_relation_all_ids": [Command.delete(self.rows(self.food, self.user_manager).id)]}
        )
        self.assertFalse(relation.exists())
        self.assertFalse(self.rows(self.holding))

    def test_is_current(self):
        today = date.today()
        current = self.relate(self.holding, self.type_group, self.food, date_start=date(2000, 1, 1))
        ended = self.relate(
            self.dealer, self.type_distributor, self.food, date_start=date(2000, 1, 1), date_end=date(2001, 1, 1)
        )
        future = self.relate(
            self.dealer, self.type_competitor, self.competitor, date_start=today.replace(year=today.year + 1)
        )
        self.assertTrue(current.is_current)
        self.assertFalse(ended.is_current)
        self.assertFalse(future.is_current)
        found = self.Relation.search([("is_current", "=", True), ("id", "in", (current | ended | future).ids)])
        self.assertEqual(found, current)
        found = self.Relation.search([("is_current", "=", False), ("id", "in", (current | ended | future).ids)])
        self.assertEqual(found, ended | future)
        self.assertEqual(
            self.env["miy.partner.relation.all"].search(
                [("this_partner_id", "=", self.food.id), ("is_current", "=", True)]
            ),
            self.rows(self.food).filtered("is_current"),
        )

    def _count_queries(self, partners):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        partners.miy_relation_all_ids.mapped("type_selection_id.name")
        partners.miy_relation_all_ids.mapped("other_partner_id.name")
        return self.cr.sql_log_count - before

    def test_reading_relations_of_many_partners_is_batched(self):
        """The relations of 21 partners load with the same queries as those of one partner."""
        partners = self.env["res.partner"].create([{"name": f"Firm {i}", "is_company": True} for i in range(20)])
        self.Relation.create(
            [
                {"left_partner_id": self.holding.id, "type_id": self.type_group.id, "right_partner_id": p.id}
                for p in partners
            ]
        )
        one = self._count_queries(partners[0])
        many = self._count_queries(partners | self.holding)
        self.assertEqual(many, one)
        self.assertEqual(len((partners | self.holding).miy_relation_all_ids), 40)


class TestRelationValidation(RelationCommon):
    def assert_refused(self, message, left, rtype, right, user=None, **vals):
        before = self.Relation.search_count([])
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            self.relate(left, rtype, right, user=user, **vals)
        self.assertEqual(self.Relation.search_count([]), before, "nothing may be saved")

    def test_relation_to_itself(self):
        self.assert_refused("cannot have a relation with itself", self.holding, self.type_group, self.holding)

    def test_partner_types_must_match(self):
        self.assert_refused("needs an organization", self.mehmet, self.type_group, self.food)
        self.assert_refused("needs an organization", self.food, self.type_group, self.mehmet)
        # a personal type: only the Personal data group records it (others are refused before this check)
        self.assert_refused("needs a person", self.food, self.type_parent, self.mehmet, user=self.user_personal)

    def test_end_before_start(self):
        self.assert_refused(
            "cannot be before its start date",
            self.holding,
            self.type_group,
            self.food,
            date_start=date(2022, 1, 1),
            date_end=date(2021, 1, 1),
        )

    def test_duplicate(self):
        self.relate(self.holding, self.type_group, self.food)
        self.assert_refused("already exists", self.holding, self.type_group, self.food)
        # a symmetric relation is the same whichever side it is recorded from
        self.relate(self.dealer, self.type_competitor, self.competitor)
        self.assert_refused("already exists", self.competitor, self.type_competitor, self.dealer)

    def test_not_a_duplicate_when_dates_do_not_overlap_or_archived(self):
        old = self.relate(
            self.dealer, self.type_distributor, self.food, date_start=date(2010, 1, 1), date_end=date(2015, 1, 1)
        )
        new = self.relate(self.dealer, self.type_distributor, self.food, date_start=date(2020, 1, 1))
        self.assertTrue(old.is_current is False and new.is_current)
        with self.assertRaisesRegex(ValidationError, "already exists"):
            old.with_user(self.user_miy).date_end = False
        old.with_user(self.user_miy).active = False
        old.with_user(self.user_miy).date_end = False  # archived relations are history, not duplicates

    def test_validation_through_the_partner_form(self):
        with self.assertRaisesRegex(ValidationError, "itself"), self.env.cr.savepoint():
            self.food.with_user(self.user_miy).write(
                {
                    "miy_relation_all_ids": [
                        Command.create(
                            {"type_selection_id": self.selection(self.type_group).id, "other_partner_id": self.food.id}
                        )
                    ]
                }
            )
        self.assertFalse(self.Relation.search_count([("left_partner_id", "=", self.food.id)]))

    def test_symmetric_type_needs_the_same_partner_types(self):
        with self.assertRaisesRegex(ValidationError, "same partner type"):
            self.env["miy.relation.type"].with_user(self.user_manager).create(
                {
                    "name": "partner of",
                    "is_symmetric": True,
                    "contact_type_left": "organization",
                    "contact_type_right": "person",
                }
            )

    def test_type_cannot_change_under_its_relations(self):
        self.relate(self.holding, self.type_group, self.food)
        with self.assertRaisesRegex(ValidationError, "another kind"), self.env.cr.savepoint():
            self.type_group.with_user(self.user_manager).contact_type_right = "person"
        self.assertEqual(self.type_group.contact_type_right, "organization")
        self.type_group.with_user(self.user_manager).contact_type_right = "any"

    def test_error_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env["ir.module.module"]._load_module_terms(["miy_contacts"], ["tr_TR"], overwrite=True)
        with self.assertRaisesRegex(ValidationError, "kendisiyle"):
            self.Relation.with_user(self.user_miy).with_context(lang="tr_TR").create(
                {"left_partner_id": self.food.id, "type_id": self.type_group.id, "right_partner_id": self.food.id}
            )


class TestRelationAccess(RelationCommon):
    def test_plain_user_has_no_access(self):
        relation = self.relate(self.holding, self.type_group, self.food)
        for model in (
            "miy.partner.relation",
            "miy.partner.relation.all",
            "miy.relation.type",
            "miy.relation.type.selection",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_plain).search([], limit=1)
        with self.assertRaises(AccessError):
            self.relate(self.holding, self.type_distributor, self.dealer, user=self.user_plain)
        with self.assertRaises(AccessError):
            relation.with_user(self.user_plain).read(["type_id"])

    def test_symmetric_type_form(self):
        with Form(self.env["miy.relation.type"].with_user(self.user_manager)) as form:
            form.name = "business partner of"
            form.contact_type_left = "organization"
            form.contact_type_right = "person"
            form.is_symmetric = True
            self.assertEqual(form.name_inverse, "business partner of")
            self.assertEqual(form.contact_type_right, "organization")
        rtype = form.record
        self.assertEqual(self.selection(rtype).name, "business partner of")
        self.assertFalse(self.selection(rtype, inverse=True).exists(), "a symmetric type reads one way only")

    def test_only_managers_configure_types(self):
        with self.assertRaises(AccessError):
            self.env["miy.relation.type"].with_user(self.user_miy).create(
                {"name": "partner of", "name_inverse": "partner of"}
            )
        with self.assertRaises(AccessError):
            self.type_group.with_user(self.user_miy).name = "owns"
        rtype = (
            self.env["miy.relation.type"]
            .with_user(self.user_manager)
            .create({"name": "franchisee of", "name_inverse": "franchisor of"})
        )
        self.assertEqual(self.selection(rtype, inverse=True).name, "franchisor of")

    def test_relatives_are_personal_data(self):
        self.relate(self.mehmet, self.type_spouse, self.elif_, user=self.user_personal)
        self.assertEqual(self.rows(self.elif_, self.user_personal).type_selection_id.name, "Spouse")
        self.assertEqual(self.rows(self.mehmet, self.user_personal).other_partner_id, self.elif_)
        # a MİY user without the personal data group sees no relative and cannot record one
        self.assertFalse(self.rows(self.mehmet, self.user_miy))
        self.assertFalse(self.Relation.with_user(self.user_miy).search([("type_id", "=", self.type_spouse.id)]))
        self.assertNotIn(
            self.selection(self.type_spouse),
            self.env["miy.relation.type.selection"].with_user(self.user_miy).search([]),
        )
        with self.assertRaises(AccessError):
            self.relate(self.mehmet, self.type_parent, self.elif_, user=self.user_miy)


@tagged("post_install", "-at_install")
class TestRelationMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_contacts.miy_partner_relation_menu",)
    action_xmlids = ("miy_contacts.miy_partner_relation_action",)

    def test_configuration_menu_for_managers(self):
        menus = self.env["ir.ui.menu"].with_user(self.user_manager).load_menus(debug=False)
        self.assertIn(self.env.ref("miy_contacts.miy_relation_type_menu").id, menus)
        menus = self.env["ir.ui.menu"].with_user(self.user_miy).load_menus(debug=False)
        self.assertNotIn(self.env.ref("miy_contacts.miy_relation_type_menu").id, menus)
        self.assertIn(
            "miy_relation_all_ids",
            self.env["res.partner"].with_user(self.user_miy).get_views([(False, "form")])["views"]["form"]["arch"],
        )
        self.assertNotIn(
            "miy_relation_all_ids",
            self.env["res.partner"].with_user(self.user_plain).get_views([(False, "form")])["views"]["form"]["arch"],
        )


class TestRelationLabels(RelationCommon):
    """Each side's label says what the other partner is to it, so a reader knows who is the
    distributor (the labels used to read "distribütörü" / "distribütörü olduğu firma")."""

    def test_distributor_reads_right_on_both_cards_in_english_and_turkish(self):
        # left = the dealer who sells the manufacturer's products, right = the manufacturer
        self.relate(self.dealer, self.type_distributor, self.holding)
        expected = {
            "en_US": (
                "Represented manufacturer (this firm sells its products)",
                "Distributor (sells this firm's products)",
            ),
            "tr_TR": (
                "Temsil ettiği üretici (ürünlerini bu firma satar)",
                "Distribütör (bu firmanın ürünlerini satar)",
            ),
        }
        for lang, (on_dealer_card, on_manufacturer_card) in expected.items():
            with self.subTest(lang=lang):
                dealer_row = self.rows(self.dealer.with_context(lang=lang))
                self.assertEqual(dealer_row.other_partner_id, self.holding)
                self.assertEqual(dealer_row.type_selection_id.with_context(lang=lang).name, on_dealer_card)
                maker_row = self.rows(self.holding.with_context(lang=lang))
                self.assertEqual(maker_row.other_partner_id, self.dealer)
                self.assertEqual(maker_row.type_selection_id.with_context(lang=lang).name, on_manufacturer_card)

    def test_every_shipped_type_names_both_sides_in_both_languages(self):
        xmlids = self.env["ir.model.data"].search(
            [("module", "=", "miy_contacts"), ("model", "=", "miy.relation.type")]
        )
        types = self.env["miy.relation.type"].browse(xmlids.mapped("res_id"))
        self.assertGreaterEqual(len(types), 8)
        ambiguous = {"distribütörü", "distribütörü olduğu firma", "supplied by", "distributor of"}
        for lang in ("en_US", "tr_TR"):
            seen = set()
            for rtype in types.with_context(lang=lang):
                with self.subTest(lang=lang, type=rtype.id):
                    self.assertNotIn(rtype.name, ambiguous)
                    self.assertNotIn(rtype.name_inverse, ambiguous)
                    if not rtype.is_symmetric:
                        self.assertNotEqual(rtype.name, rtype.name_inverse, "each side has its own label")
                    seen.add(rtype.name)
            if lang == "tr_TR":
                english = set(types.with_context(lang="en_US").mapped("name"))
                self.assertFalse(seen & english - {"Competitor"}, "the Turkish labels are translated")
