from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MiyCommon, MiyMenuTests


@tagged("post_install", "-at_install")
class TestSegments(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Value = cls.env["miy.criterion.value"]
        cls.sector = cls.env["miy.criterion"].create(
            {"name": "Sektör (segment)", "code": "segment_sector", "multiple": True}
        )
        cls.food = Value.create({"criterion_id": cls.sector.id, "name": "Gıda"})
        cls.dairy = Value.create({"criterion_id": cls.sector.id, "name": "Süt", "parent_id": cls.food.id})
        cls.textile = Value.create({"criterion_id": cls.sector.id, "name": "Tekstil"})
        cls.marmara = cls.env.ref("miy_contacts.miy_criterion_value_region_marmara")
        cls.karadeniz = cls.env.ref("miy_contacts.miy_criterion_value_region_karadeniz")
        cls.ege = cls.env.ref("miy_contacts.miy_criterion_value_region_ege")
        Partner = cls.env["res.partner"]
        cls.food_marmara = Partner.create(
            {
                "name": "Segment Süt A.Ş.",
                "is_company": True,
                "miy_criterion_value_ids": [Command.set((cls.dairy | cls.marmara).ids)],
            }
        )
        cls.food_ege = Partner.create(
            {
                "name": "Segment Ege Gıda A.Ş.",
                "is_company": True,
                "miy_criterion_value_ids": [Command.set((cls.food | cls.ege).ids)],
            }
        )
        cls.textile_karadeniz = Partner.create(
            {
                "name": "Segment Tekstil A.Ş.",
                "is_company": True,
                "miy_criterion_value_ids": [Command.set((cls.textile | cls.karadeniz).ids)],
            }
        )
        cls.gm_old = Partner.create(
            {
                "name": "Segment GM Yaşlı",
                "parent_id": cls.food_marmara.id,
                "function": "Genel Müdür",
                "miy_birthdate": "1980-03-01",
            }
        )
        cls.gm_young = Partner.create(
            {
                "name": "Segment GM Genç",
                "parent_id": cls.food_marmara.id,
                "function": "Genel Müdür",
                "miy_birthdate": "1995-03-01",
            }
        )
        cls.region_domain = repr(
            [
                ("id", "in", (cls.food_marmara | cls.food_ege | cls.textile_karadeniz).ids),
                ("miy_criterion_value_ids", "child_of", [cls.food.id]),
                ("miy_criterion_value_ids", "in", (cls.marmara | cls.karadeniz).ids),
            ]
        )
        cls.gm_domain = repr(
            [
                ("is_company", "=", False),
                ("function", "ilike", "Genel Müdür"),
                ("miy_age", ">", 35),
                ("parent_id.miy_criterion_value_ids", "child_of", [cls.food.id]),
                ("parent_id.miy_criterion_value_ids", "in", (cls.marmara | cls.karadeniz).ids),
            ]
        )

    def _segment(self, user, domain, name="Test segment"):
        return self.env["miy.segment"].with_user(user).create({"name": name, "domain": domain})

    def test_members_live_and_never_stale(self):
        segment = self._segment(self.user_manager, self.region_domain)
        self.assertFalse(segment.uses_personal_data)
        self.assertEqual(segment.member_count, 1)
        self.assertEqual(segment._get_partners(), self.food_marmara)
        # a user (no manager) sees and uses it
        as_user = segment.with_user(self.user_miy)
        self.assertEqual(as_user._get_partners(), self.food_marmara)
        self.textile_karadeniz.miy_criterion_value_ids = [Command.link(self.dairy.id)]
        segment.invalidate_recordset(["member_count"])
        self.assertEqual(segment.member_count, 2)
        self.assertEqual(as_user._get_partners(), self.food_marmara | self.textile_karadeniz)
        action = as_user.action_open_members()
        self.assertEqual(action["res_model"], "res.partner")
        found = self.env["res.partner"].with_user(self.user_miy).search(action["domain"])
        self.assertEqual(found, self.food_marmara | self.textile_karadeniz)

    def test_form_with_domain(self):
        with Form(self.env["miy.segment"].with_user(self.user_manager)) as form:
            form.name = "Gıda, Marmara"
            form.domain = self.region_domain
            self.assertEqual(form.member_count, 1)
        self.assertEqual(form.record.model_name, "res.partner")
        self.assertIn(("miy_criterion_value_ids", "child_of", [self.food.id]), form.record._get_partner_domain())

    def test_invalid_domain_refused_on_save(self):
        Segment = self.env["miy.segment"].with_user(self.user_manager)
        for domain in (
            "[('no_such_field', '=', 1)]",
            "[('name', 'no_such_operator', 'x')]",
            "[('name', '=', 'x'",
            "'not a domain'",
            "[('miy_criterion_value_ids.no_field', '=', 1)]",
        ):
            with self.subTest(domain=domain):
                with self.assertRaisesRegex(ValidationError, "conditions of the segment Bad are not valid"):
                    with self.cr.savepoint(), mute_logger("odoo.sql_db"):
                        Segment.create({"name": "Bad", "domain": domain})
        self.assertFalse(Segment.search([("name", "=", "Bad")]))
        segment = self._segment(self.user_manager, "[]")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            segment.domain = "[('no_such_field', '=', 1)]"
        self.assertEqual(segment.domain, "[]")

    def test_domain_gone_bad_raises_user_error_naming_segment(self):
        segment = self._segment(self.user_manager, self.region_domain, name="Eski segment")
        # a field that disappeared (e.g. its addon was uninstalled) since the segment was saved
        self.env.cr.execute(
            "UPDATE miy_segment SET domain = %s WHERE id = %s", ["[('x_gone_field', '=', 1)]", segment.id]
        )
        segment.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "Eski segment"):
            segment._get_partners()
        segment.invalidate_recordset(["member_count"])
        self.assertEqual(segment.member_count, 0)
        self.assertTrue(segment.domain_error)
        self.env.cr.execute("UPDATE miy_segment SET domain = %s WHERE id = %s", ["[('name', '=',", segment.id])
        segment.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "Eski segment"):
            segment._get_partner_domain()

    def test_only_managers_save_segments(self):
        with self.assertRaises(AccessError):
            self._segment(self.user_miy, "[]")
        with self.assertRaises(AccessError):
            self.env["miy.segment"].with_user(self.user_plain).search([])
        segment = self._segment(self.user_manager, "[]")
        with self.assertRaises(AccessError):
            segment.with_user(self.user_miy).write({"domain": "[('is_company', '=', True)]"})
        with self.assertRaises(AccessError):
            segment.with_user(self.user_miy).unlink()

    @freeze_time("2026-11-26")
    def test_personal_data_segment(self):
        personal_manager = self.user_personal
        personal_manager.groups_id = [Command.link(self.env.ref("miy_contacts.group_miy_manager").id)]
        # a manager without the personal data right cannot save it
        with self.assertRaisesRegex(ValidationError, "personal data"), self.cr.savepoint():
            self._segment(self.user_manager, self.gm_domain)
        segment = self._segment(personal_manager, self.gm_domain, name="GM over 35")
        self.assertTrue(segment.uses_personal_data)
        self.assertEqual(segment._get_partners(), self.gm_old)
        self.assertEqual(segment.member_count, 1)
        # others do not even see it: its membership would reveal ages
        for user in (self.user_miy, self.user_manager):
            self.assertFalse(self.env["miy.segment"].with_user(user).search([("id", "=", segment.id)]))
            with self.assertRaises(AccessError):
                segment.with_user(user)._get_partners()
        # a plain segment becomes personal when its domain changes, and the other way round
        plain = self._segment(personal_manager, self.region_domain)
        self.assertTrue(self.env["miy.segment"].with_user(self.user_miy).search([("id", "=", plain.id)]))
        plain.domain = "[('miy_hobby_ids.name', '=', 'Golf')]"
        self.assertTrue(plain.uses_personal_data)
        plain.domain = "[('miy_education_ids', '!=', False)]"
        self.assertTrue(plain.uses_personal_data)
        plain.domain = "[('parent_id.name', 'ilike', 'x')]"
        self.assertFalse(plain.uses_personal_data)
        with freeze_time("2031-03-01"):  # five years later, the young GM is over 35 too
            self.assertEqual(segment._get_partners(), self.gm_old | self.gm_young)


@tagged("post_install", "-at_install")
class TestSegmentMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = ("miy_contacts.miy_segment_menu", "miy_contacts.res_partner_menu_classification")
    action_xmlids = ("miy_contacts.miy_segment_action", "miy_contacts.res_partner_action_classification")
