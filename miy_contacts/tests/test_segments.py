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


# The payload of issue 9: a MİY manager's segment whose domain, when evaluated, makes its author a
# Settings administrator.
ESCALATION = "[('name', '=', user.sudo().write({'groups_id': [(4, user.env.ref('base.group_system').id)]}))]"


@tagged("post_install", "-at_install")
class TestSegmentDomainIsData(MiyCommon):
    """Stored domains are data, never code: a hostile manager's formula is refused and never run."""

    def assert_not_admin(self, user):
        user.invalidate_recordset(["groups_id"])
        self.assertFalse(user.has_group("base.group_system"), "the segment's author became an administrator")
        self.assertFalse(user.has_group("base.group_erp_manager"))

    def test_manager_escalation_refused_on_save(self):
        Segment = self.env["miy.segment"].with_user(self.user_manager)
        for payload in (
            ESCALATION,
            "[('id', 'in', user.env['res.users'].sudo().search([]).ids)]",
            "[('name', '=', __import__('os').getcwd())]",
            "[('id', '=', uid + 1)]",
            "[('name', '=', 'x'.upper())]",
        ):
            with self.subTest(payload=payload):
                with self.assertRaisesRegex(ValidationError, "formula"), self.cr.savepoint():
                    Segment.create({"name": "Kötü", "domain": payload})
                self.assert_not_admin(self.user_manager)
        segment = Segment.create({"name": "Masum", "domain": "[('is_company', '=', True)]"})
        with self.assertRaisesRegex(ValidationError, "formula"), self.cr.savepoint():
            segment.write({"domain": ESCALATION})
        self.assert_not_admin(self.user_manager)
        # the form's onchange counts members of the unsaved text: it must not run it either
        values = Segment.onchange(
            {"name": "Kötü", "domain": ESCALATION}, ["domain"], {"domain": {}, "member_count": {}}
        )
        self.assertEqual(values["value"].get("member_count", 0), 0)
        self.assert_not_admin(self.user_manager)

    @mute_logger("odoo.addons.miy_contacts.models.miy_segment")
    def test_stored_formula_is_never_run(self):
        """A formula already in the database (stored before this fix) is never evaluated: not
        by the member count, not by the members' list, not by a superuser job."""
        segment = self.env["miy.segment"].with_user(self.user_manager).create({"name": "Eski", "domain": "[]"})
        self.env.cr.execute("UPDATE miy_segment SET domain = %s WHERE id = %s", [ESCALATION, segment.id])
        segment.invalidate_recordset()
        as_manager = segment.with_user(self.user_manager)
        self.assertEqual(as_manager.member_count, 0)
        self.assertIn("formula", as_manager.domain_error)
        with self.assertRaisesRegex(UserError, "Eski"):
            as_manager._get_partners()
        with self.assertRaisesRegex(UserError, "Eski"):
            segment.sudo()._get_partner_domain()
        with self.assertRaisesRegex(UserError, "Eski"):
            as_manager.action_open_members()
        self.assert_not_admin(self.user_manager)

    @freeze_time("2026-11-26 09:00:00")
    def test_relative_dates_as_placeholders(self):
        Partner = self.env["res.partner"]
        old = Partner.create({"name": "Placeholder Eski", "ref": "PLH"})
        new = Partner.create({"name": "Placeholder Yeni", "ref": "PLH", "user_id": self.user_manager.id})
        self.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id = %s", ["2026-09-01 10:00:00", old.id])
        old.invalidate_recordset()
        Segment = self.env["miy.segment"].with_user(self.user_manager)
        recent = Segment.create(
            {"name": "Son 30 gün", "domain": "[('ref', '=', 'PLH'), ('create_date', '>=', '{today-30d}')]"}
        )
        self.assertEqual(recent._get_partners(), new)
        mine = Segment.create({"name": "Benim", "domain": "[('ref', '=', 'PLH'), ('user_id', '=', '{uid}')]"})
        self.assertEqual(mine._get_partners(), new)
        self.assertFalse(mine.with_user(self.user_miy)._get_partners(), "{uid} is the user the segment is used for")
        # what Odoo's domain editor writes for "within the last 3 months" is stored as a placeholder
        editor = (
            "[('ref', '=', 'PLH'), ('create_date', '>=', datetime.datetime.combine(context_today() + "
            'relativedelta(months=-3), datetime.time(0, 0, 0)).to_utc().strftime("%Y-%m-%d %H:%M:%S"))]'
        )
        within = Segment.create({"name": "Son 3 ay", "domain": editor})
        self.assertEqual(within.domain, "[('ref', '=', 'PLH'), ('create_date', '>=', '{today-3m}')]")
        self.assertEqual(within._get_partners(), old | new)
        self.assertIn(
            ("create_date", ">=", "2026-08-25 21:00:00"),
            within.with_context(tz="Europe/Istanbul")._get_partner_domain(),
        )
        # a date placeholder inside an any sub-domain is resolved on the sub-domain's model
        parent = Partner.create({"name": "Placeholder Firma", "is_company": True, "ref": "PLHF"})
        new.parent_id = parent
        nested = Segment.create(
            {
                "name": "Yeni kişili firmalar",
                "domain": "[('ref', '=', 'PLHF'), ('child_ids', 'any', [('create_date', '>=', '{today-7d}')])]",
            }
        )
        self.assertEqual(nested._get_partners(), parent)

    def test_legacy_domains_migrated(self):
        Segment = self.env["miy.segment"]
        legacy = {
            "[('user_id', '=', uid)]": "[('user_id', '=', '{uid}')]",
            "[('user_id', '=', user.id)]": "[('user_id', '=', '{uid}')]",
            "[('create_date', '>=', (context_today() - relativedelta(days=30)).strftime('%Y-%m-%d'))]": (
                "[('create_date', '>=', '{today-30d}')]"
            ),
            "[('create_date', '<', time.strftime('%Y-%m-%d'))]": "[('create_date', '<', '{today}')]",
            '[("is_company", "=", True)]': "[('is_company', '=', True)]",
        }
        unconvertible = [ESCALATION, "[('create_date', '>=', time.strftime('%Y-%m-01'))]", "[('name', '=',"]
        segments = Segment.create([{"name": f"Eski {index}", "domain": "[]"} for index in range(len(legacy) + 3)])
        for segment, text in zip(segments, list(legacy) + unconvertible, strict=True):
            self.env.cr.execute("UPDATE miy_segment SET domain = %s WHERE id = %s", [text, segment.id])
        segments.invalidate_recordset()
        with mute_logger("odoo.addons.miy_contacts.models.miy_segment"):
            converted, flagged = Segment._migrate_legacy_domains()
        self.assertLessEqual(set(segments[-3:].ids), set(flagged))
        self.assertLessEqual(set(segments[:-3].ids), set(converted))
        self.assertFalse(set(segments[:-3].ids) & set(flagged))
        for segment, expected in zip(segments, legacy.values(), strict=False):
            self.assertEqual(segment.domain, expected)
            segment._get_partner_domain()  # usable again
        for segment, text in zip(segments[-3:], unconvertible, strict=True):
            self.assertEqual(segment.domain, text, "left as it was, for review")
            self.assertIn("Review needed", segment.message_ids[0].body)
            self.assertTrue(segment.domain_error)

    def test_personal_data_inside_any_and_dotted_paths(self):
        Segment = self.env["miy.segment"].with_user(self.user_personal)
        self.user_personal.groups_id = [Command.link(self.env.ref("miy_contacts.group_miy_manager").id)]
        for domain in (
            "[('child_ids', 'any', [('miy_gender', '=', 'female')])]",
            "[('parent_id', 'not any', [('child_ids', 'any', [('miy_age', '>', 35)])])]",
            "[('child_ids.miy_birthdate', '<', '{today-40y}')]",
            "[('child_ids', 'any', [('miy_hobby_ids.name', '=', 'Golf')])]",
        ):
            with self.subTest(domain=domain):
                segment = Segment.create({"name": "Kişisel", "domain": domain})
                self.assertTrue(segment.uses_personal_data)
                self.assertFalse(self.env["miy.segment"].with_user(self.user_miy).search([("id", "=", segment.id)]))
                with self.assertRaisesRegex(ValidationError, "personal data"), self.cr.savepoint():
                    self.env["miy.segment"].with_user(self.user_manager).create({"name": "Kişisel", "domain": domain})
        self.assertFalse(
            Segment.create({"name": "Düz", "domain": "[('child_ids', 'any', [('name', '=', 'x')])]"}).uses_personal_data
        )
