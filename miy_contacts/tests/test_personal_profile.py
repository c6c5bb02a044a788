from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import MiyCommon

PERSONAL_FIELDS = [
    "miy_gender",
    "miy_birthdate",
    "miy_age",
    "miy_hobby_ids",
    "miy_association_ids",
    "miy_education_ids",
    "miy_language_ids",
    "miy_measurement_ids",
    "miy_favorite_team",
    "miy_kvkk_legal_basis",
    "miy_kvkk_consent_date",
]
PERSONAL_MODELS = [
    "miy.hobby",
    "miy.association",
    "miy.partner.education",
    "miy.partner.language",
    "miy.partner.measurement",
]


@tagged("post_install", "-at_install")
class TestPersonalProfile(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.golf = cls.env["miy.hobby"].create({"name": "Golf (test)"})
        cls.club = cls.env["miy.association"].create({"name": "Test Golf Kulübü", "association_type": "club"})
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Profil Kişi",
                "miy_gender": "female",
                "miy_birthdate": "1980-06-15",
                "miy_hobby_ids": [Command.link(cls.golf.id)],
                "miy_association_ids": [Command.link(cls.club.id)],
                "miy_favorite_team": "Bursaspor",
                "miy_kvkk_legal_basis": "consent",
                "miy_kvkk_consent_date": "2024-01-10",
                "miy_education_ids": [Command.create({"school": "Uludağ Üniversitesi", "graduation_year": 2002})],
                "miy_language_ids": [Command.create({"lang_id": cls.env.ref("base.lang_en").id, "level": "c1"})],
                "miy_measurement_ids": [Command.create({"date": "2025-01-01", "kind": "shirt", "value": "M"})],
            }
        )
        cls.org = cls.env["res.partner"].create({"name": "Profil Org A.Ş.", "is_company": True})

    # ------------------------------------------------------------------ access
    def test_personal_data_holder_reads_and_edits(self):
        person = self.person.with_user(self.user_personal)
        values = person.read(PERSONAL_FIELDS)[0]
        self.assertEqual(values["miy_gender"], "female")
        self.assertEqual(values["miy_favorite_team"], "Bursaspor")
        self.assertEqual(len(values["miy_measurement_ids"]), 1)
        rows = (
            self.env["res.partner"]
            .with_user(self.user_personal)
            .search_read([("id", "=", self.person.id)], ["miy_birthdate", "miy_hobby_ids"])
        )
        self.assertEqual(rows[0]["miy_hobby_ids"], self.golf.ids)
        person.write(
            {
                "miy_favorite_team": "Galatasaray",
                "miy_measurement_ids": [Command.create({"kind": "shoe", "value": "38"})],
                "miy_hobby_ids": [Command.create({"name": "Satranç (test)"})],
            }
        )
        self.assertEqual(self.person.miy_favorite_team, "Galatasaray")
        self.assertEqual(len(self.person.miy_measurement_ids), 2)
        for model in PERSONAL_MODELS:
            self.env[model].with_user(self.user_personal).search([], limit=1).read()

    def test_other_users_get_access_error_on_fields(self):
        for user in (self.user_plain, self.user_miy, self.user_manager):
            Partner = self.env["res.partner"].with_user(user)
            partner = self.person.with_user(user)
            partner.read(["name", "email"])  # the rest of the partner stays readable
            for fname in PERSONAL_FIELDS:
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaises(AccessError):
                        partner.read([fname])
                    with self.assertRaises(AccessError):
                        Partner.search_read([("id", "=", self.person.id)], [fname])
            with self.assertRaises(AccessError):
                Partner.search([("miy_birthdate", "<", "2000-01-01")])
            with self.assertRaises(AccessError):
                Partner.search([("miy_age", ">", 35)])
            with self.assertRaises(AccessError):
                partner.write({"miy_favorite_team": "Fenerbahçe"})
            self.assertNotIn("miy_birthdate", Partner.fields_get())
        self.assertEqual(self.person.miy_favorite_team, "Bursaspor")

    def test_other_users_cannot_touch_personal_models(self):
        for user in (self.user_plain, self.user_miy, self.user_manager):
            for model in PERSONAL_MODELS:
                with self.subTest(user=user.login, model=model):
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).search([], limit=1)
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).browse(self.person.miy_education_ids.ids).read(["id"])
            with self.assertRaises(AccessError):
                self.env["miy.partner.measurement"].with_user(user).create(
                    {"partner_id": self.person.id, "kind": "shoe", "value": "40"}
                )

    def test_profile_page_hidden_from_others(self):
        arch = self.env["res.partner"].with_user(self.user_miy).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="miy_personal_profile"', arch)
        self.assertNotIn('name="miy_birthdate"', arch)
        arch = (
            self.env["res.partner"].with_user(self.user_personal).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("miy_personal_profile", arch)
        self.assertIn("miy_measurement_ids", arch)

    def test_other_users_still_edit_and_copy_partners(self):
        partner = self.person.with_user(self.user_miy)
        partner.write({"email": "profil@example.com", "is_company": False})
        copy = partner.copy()
        self.assertFalse(copy.sudo().miy_birthdate, "personal data is not copied")
        self.assertFalse(copy.sudo().miy_measurement_ids)
        with Form(self.env["res.partner"].with_user(self.user_miy)) as form:
            form.name = "Yeni Kişi"
        self.assertTrue(form.record.id)

    # ------------------------------------------------------------------ age
    @freeze_time("2026-06-14")
    def test_age_the_day_before_the_birthday(self):
        self.person.invalidate_recordset(["miy_age"])
        self.assertEqual(self.person.miy_age, 45)
        Partner = self.env["res.partner"].with_user(self.user_personal)
        base = [("id", "=", self.person.id)]
        self.assertTrue(Partner.search([*base, ("miy_age", "=", 45)]))
        self.assertTrue(Partner.search([*base, ("miy_age", ">", 44)]))
        self.assertFalse(Partner.search([*base, ("miy_age", ">", 45)]))
        self.assertTrue(Partner.search([*base, ("miy_age", ">=", 45)]))
        self.assertFalse(Partner.search([*base, ("miy_age", "<", 45)]))
        self.assertTrue(Partner.search([*base, ("miy_age", "<=", 45)]))
        self.assertTrue(Partner.search([*base, ("miy_age", "!=", 46)]))
        self.assertFalse(Partner.search([*base, ("miy_age", "!=", 45)]))

    @freeze_time("2026-06-15")
    def test_age_on_the_birthday(self):
        self.person.invalidate_recordset(["miy_age"])
        self.assertEqual(self.person.miy_age, 46)
        Partner = self.env["res.partner"]
        self.assertTrue(Partner.search([("id", "=", self.person.id), ("miy_age", "=", 46)]))
        self.assertTrue(Partner.search([("id", "=", self.person.id), ("miy_age", "<", 47)]))
        self.assertFalse(Partner.search([("id", "=", self.person.id), ("miy_age", "<", 46)]))

    # ------------------------------------------------------------------ validation
    @freeze_time("2026-06-15")
    def test_birthday_and_consent_date_not_in_future(self):
        person = self.person.with_user(self.user_personal)
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"), self.cr.savepoint():
            person.miy_birthdate = "2026-07-01"
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"), self.cr.savepoint():
            person.miy_kvkk_consent_date = "2027-01-01"
        self.env.invalidate_all()
        self.assertEqual(str(self.person.miy_birthdate), "1980-06-15")

    def test_consent_needs_a_date(self):
        with self.assertRaisesRegex(ValidationError, "consent date"), self.cr.savepoint():
            self.person.with_user(self.user_personal).miy_kvkk_consent_date = False
        person = self.person.with_user(self.user_personal)
        person.write({"miy_kvkk_legal_basis": "contract", "miy_kvkk_consent_date": False})
        self.assertFalse(self.person.miy_kvkk_consent_date)

    def test_form_requires_consent_date(self):
        with Form(self.env["res.partner"].with_user(self.user_personal)) as form:
            form.name = "Onaylı Kişi"
            form.miy_kvkk_legal_basis = "consent"
            with self.assertRaises(AssertionError):  # consent date is required in the form
                form.save()
            form.miy_kvkk_consent_date = "2025-05-05"
        self.assertEqual(form.record.sudo().miy_kvkk_legal_basis, "consent")

    def test_profile_for_persons_only(self):
        with self.assertRaisesRegex(ValidationError, "persons only"), self.cr.savepoint():
            self.org.miy_gender = "male"
        with self.assertRaisesRegex(ValidationError, "persons only"), self.cr.savepoint():
            self.env["miy.partner.measurement"].create({"partner_id": self.org.id, "kind": "shoe", "value": "42"})
        with self.assertRaisesRegex(ValidationError, "persons only"), self.cr.savepoint():
            self.person.with_user(self.user_personal).is_company = True
        with self.assertRaisesRegex(ValidationError, "persons only"), self.cr.savepoint():
            # the check reads personal data with sudo: it also protects writes of other users
            self.person.with_user(self.user_miy).is_company = True
        self.assertFalse(self.person.is_company)

    def test_graduation_year_plausible(self):
        with self.assertRaisesRegex(ValidationError, "not plausible"), self.cr.savepoint():
            self.env["miy.partner.education"].with_user(self.user_personal).create(
                {"partner_id": self.person.id, "school": "Okul", "graduation_year": 202}
            )
        self.assertEqual(len(self.person.miy_education_ids), 1)

    def test_language_needs_a_name_and_no_duplicate(self):
        Language = self.env["miy.partner.language"].with_user(self.user_personal)
        with self.assertRaisesRegex(ValidationError, "Choose a language"), self.cr.savepoint():
            Language.create({"partner_id": self.person.id, "level": "a1"})
        with self.assertRaisesRegex(ValidationError, "already has the language"), self.cr.savepoint():
            Language.create({"partner_id": self.person.id, "lang_id": self.env.ref("base.lang_en").id, "level": "a2"})
        other = Language.create({"partner_id": self.person.id, "other_language": "Lazca", "level": "b2"})
        self.assertEqual(other.name, "Lazca")
        self.assertEqual(self.person.miy_language_ids.mapped("name"), ["English (US)", "Lazca"])

    def test_measurements_history_latest_first(self):
        self.env["miy.partner.measurement"].create(
            {"partner_id": self.person.id, "date": "2026-01-01", "kind": "shirt", "value": "L"}
        )
        shirts = self.person.miy_measurement_ids.filtered(lambda m: m.kind == "shirt")
        self.assertEqual(shirts.mapped("value"), ["L", "M"], "the history is kept, latest first")
