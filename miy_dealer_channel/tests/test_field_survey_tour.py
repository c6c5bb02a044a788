from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import make_portal_dealer_admin


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
        self.assertEqual(customer.miy_field_answer_count, 1, "the card's smart button counts it")

        self.start_tour(f"/odoo/res.partner/{customer.id}", "miy_field_survey_card_tour", login=user.login)


@tagged("post_install", "-at_install")
class TestFieldSurveyRpc(HttpCase):
    """A dealer's portal user logged in over HTTP, whose own organization was surveyed: every
    JSON-RPC call on surveys, answers, lines, the analysis and the dialogs is refused."""

    def test_portal_dealer_gets_nothing_over_json_rpc(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        dealer, _user = make_portal_dealer_admin(env, "rpc_field_dealer", "RPC anket bayi (test)")
        dealer_partner = dealer.partner_id
        surveyor = new_test_user(env, login="rpc_field_surveyor", groups="base.group_user,miy_contacts.group_miy_user")
        survey = env["survey.survey"].create(
            {
                "title": "RPC anketi (test)",
                "access_mode": "token",
                "users_login_required": True,
                "miy_field_survey": True,
            }
        )
        question = env["survey.question"].create(
            {"survey_id": survey.id, "title": "Not (test)", "question_type": "char_box"}
        )
        answer = survey.with_user(surveyor)._miy_field_start(dealer_partner.with_user(surveyor))
        answer.sudo()._save_lines(question, "Gizli not (test)")
        answer.sudo()._mark_done()
        self.authenticate("rpc_field_dealer", "rpc_field_dealer")

        def call(model, method, args, kwargs=None):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            )

        calls = [
            ("survey.user_input", "search_read", [[]], {"fields": ["miy_field_partner_id"]}),
            ("survey.user_input", "read", [answer.ids, ["miy_field_partner_id"]]),
            ("survey.user_input", "web_read_group", [[]], {"fields": [], "groupby": ["miy_field_partner_id"]}),
            ("survey.user_input.line", "search_read", [[]], {"fields": ["value_char_box"]}),
            ("survey.survey", "search_read", [[]], {"fields": ["title"]}),
            ("miy.field.survey.report", "search_read", [[]], {"fields": ["value_text"]}),
            ("miy.field.survey.report", "web_read_group", [[]], {"fields": [], "groupby": ["region_id"]}),
            ("miy.field.survey.start", "create", [{"partner_id": dealer_partner.id, "survey_id": survey.id}]),
            ("miy.field.survey.segment.wizard", "create", [{"survey_id": survey.id}]),
            ("res.partner", "read", [dealer_partner.ids, ["miy_field_answer_ids", "miy_field_answer_count"]]),
        ]
        # the same session reads what a dealer's staff may read: the refusals below are the rights
        self.assertEqual(call("res.partner", "read", [dealer_partner.ids, ["name"]])[0]["name"], dealer_partner.name)
        for model, method, args, *kwargs in calls:
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                call(model, method, args, kwargs[0] if kwargs else None)
        self.assertEqual(env["survey.user_input"].search_count([("survey_id", "=", survey.id)]), 1)
