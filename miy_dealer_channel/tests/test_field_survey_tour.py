from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFieldSurveyTour(HttpCase):
    """A Turkish MİY user without rights in Odoo's Surveys app starts a field survey from a
    customer's card, answers it on Odoo's survey page and finds it on the card."""

    def test_field_survey_from_the_partner_card_in_turkish(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        env.ref("base.lang_tr").active = True
        user = new_test_user(
            env,
            login="miy_field_tour_user",
            groups="base.group_user,miy_contacts.group_miy_user",
            lang="tr_TR",
        )
        survey = env["survey.survey"].create(
            {
                "title": "Tur Kompresör Anketi",
                "access_mode": "token",
                "users_login_required": True,
                "questions_layout": "one_page",
                "miy_field_survey": True,
                "miy_field_audience": "customer",
            }
        )
        Question = env["survey.question"]
        brand = Question.create(
            {
                "survey_id": survey.id,
                "sequence": 1,
                "title": "Kullandığınız marka?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [(0, 0, {"value": "Uludağ Makina"}), (0, 0, {"value": "Diğer"})],
            }
        )
        Question.create(
            {"survey_id": survey.id, "sequence": 2, "title": "Kaç kompresör?", "question_type": "numerical_box"}
        )
        Question.create({"survey_id": survey.id, "sequence": 3, "title": "Öneriniz?", "question_type": "char_box"})
        customer = env["res.partner"].create(
            {"name": "Tur Nilüfer Test A.Ş.", "is_company": True, "state_id": env.ref("base.state_tr_16").id}
        )
        self.start_tour(f"/odoo/res.partner/{customer.id}", "miy_field_survey_tour", login=user.login)

        answer = env["survey.user_input"].search([("miy_field_partner_id", "=", customer.id)])
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.partner_id, user.partner_id)
        self.assertEqual(answer.miy_field_surveyor_id, user)
        lines = {line.question_id.title: line for line in answer.user_input_line_ids}
        self.assertEqual(lines["Kullandığınız marka?"].suggested_answer_id, brand.suggested_answer_ids[0])
        self.assertEqual(lines["Kaç kompresör?"].value_numerical_box, 7)
        self.assertEqual(lines["Öneriniz?"].value_char_box, "Filtre stoku artırılsın")
        report = env["miy.field.survey.report"].search([("user_input_id", "=", answer.id)])
        self.assertEqual(report.region_id, env.ref("miy_dealer_channel.region_marmara"))

        self.start_tour(f"/odoo/res.partner/{customer.id}", "miy_field_survey_card_tour", login=user.login)
