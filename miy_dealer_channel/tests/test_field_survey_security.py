from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .field_survey_common import FieldSurveyCommon

MODELS = (
    "survey.user_input",
    "survey.user_input.line",
    "miy.field.survey.report",
    "miy.field.survey.segment.line",
)


class TestFieldSurveySecurity(FieldSurveyCommon):
    """Who may start and see field survey answers: MİY users of the company; never dealers' portal
    staff, portal customers, employees without the MİY group, or another company's users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the dealer's own organization was surveyed: its portal staff still see nothing of it
        cls.a_dealer = cls.answer(cls.dealer_partner_a, cls.choice_ours, 5, "Konsinye (test)")
        cls.a_customer = cls.answer(cls.customer_bursa, cls.choice_rival, 2)

    def _assert_sees_nothing(self, user):
        for model in MODELS:
            with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                self.env[model].with_user(user).search_read([], ["id"])
        with self.assertRaises(AccessError):
            self.a_dealer.with_user(user).read(["miy_field_partner_id"])
        with self.assertRaises(AccessError):
            self.a_dealer.user_input_line_ids.with_user(user).read(["display_name"])
        with self.assertRaises(AccessError):
            self.env["miy.field.survey.report"].with_user(user)._read_group([], ["region_id"], ["__count"])

    def test_portal_dealer_staff_see_no_answer(self):
        for user in (self.portal_admin_a, self.portal_sales_a, self.portal_customer):
            self._assert_sees_nothing(user)

    def test_portal_dealer_cannot_start_a_field_survey(self):
        with self.assertRaises(AccessError):
            self.start(self.dealer_partner_a, user=self.portal_admin_a)
        with self.assertRaises(AccessError):
            self.env["miy.field.survey.start"].with_user(self.portal_admin_a).create(
                {"partner_id": self.dealer_partner_a.id, "survey_id": self.survey.id}
            )
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.portal_admin_a).create(
                {"survey_id": self.survey.id, "miy_field_partner_id": self.dealer_partner_a.id}
            )

    def test_employee_without_miy_group(self):
        self._assert_sees_nothing(self.user_plain)
        with self.assertRaises(AccessError):
            self.start(self.customer_bursa, user=self.user_plain)
        with self.assertRaises(AccessError):
            self.customer_bursa.with_user(self.user_plain).read(["miy_field_answer_count"])

    def test_miy_user_reads_but_never_writes_answers(self):
        answer = self.a_customer.with_user(self.user_surveyor)
        self.assertEqual(answer.miy_field_partner_id, self.customer_bursa)
        with self.assertRaises(AccessError):
            answer.write({"miy_field_partner_id": self.customer_samsun.id})
        with self.assertRaises(AccessError):
            answer.user_input_line_ids[:1].write({"value_char_box": "forged"})
        with self.assertRaises(AccessError):
            answer.unlink()
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.user_surveyor).create({"survey_id": self.survey.id})

    def test_miy_user_sees_field_surveys_only(self):
        Survey = self.env["survey.survey"].with_user(self.user_surveyor)
        visible = Survey.search([("id", "in", (self.survey | self.survey_plain).ids)])
        self.assertEqual(visible, self.survey)
        plain_answer = self.survey_plain._create_answer(user=self.user_miy)
        with self.assertRaises(AccessError):
            plain_answer.with_user(self.user_surveyor).read(["state"])
        with self.assertRaises(AccessError):
            self.survey_plain.question_ids.with_user(self.user_surveyor).read(["title"])

    def test_another_company_sees_nothing(self):
        other = self.env["res.company"].create({"name": "Başka şirket (test)"})
        users = [
            new_test_user(
                self.env,
                login=login,
                groups=groups,
                company_id=other.id,
                company_ids=[(6, 0, other.ids)],
            )
            for login, groups in (
                ("field_other_miy", "base.group_user,miy_contacts.group_miy_user"),
                ("field_other_survey", "base.group_user,survey.group_survey_manager"),
            )
        ]
        for user in users:
            with self.subTest(user=user.login):
                answers = self.env["survey.user_input"].with_user(user).search([("survey_id", "=", self.survey.id)])
                self.assertFalse(answers)
                lines = self.env["survey.user_input.line"].with_user(user).search([("survey_id", "=", self.survey.id)])
                self.assertFalse(lines)
                with self.assertRaises(AccessError):
                    self.a_customer.with_user(user).read(["state"])
        self.assertFalse(self.env["miy.field.survey.report"].with_user(users[0]).search([]))
        self.assertEqual(self.customer_bursa.with_user(users[0]).miy_field_answer_count, 0)

    def test_other_company_partner_cannot_be_surveyed_here(self):
        other = self.env["res.company"].create({"name": "Başka şirket 2 (test)"})
        partner = self.env["res.partner"].create(
            {"name": "Başka müşteri (test)", "is_company": True, "company_id": other.id}
        )
        # not readable in the surveyor's company
        with self.assertRaises(AccessError):
            self.start(partner)
        # readable by a user of both companies, but the answer would belong to the current one
        both = new_test_user(
            self.env,
            login="field_both_companies",
            groups="base.group_user,miy_contacts.group_miy_user",
            company_ids=[(6, 0, (self.env.company | other).ids)],
        )
        with self.assertRaisesRegex(UserError, "switch to that company"):
            self.start(partner, user=both)
        self.assertFalse(self.env["survey.user_input"].search([("miy_field_partner_id", "=", partner.id)]))
