from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests

from .field_survey_common import FieldSurveyCommon


class TestFieldSurveyStart(FieldSurveyCommon):
    """Starting a field survey from the partner card links the answer to the organization."""

    def test_surveyor_has_no_survey_app_rights(self):
        # the lowest-privilege user that may run field surveys: a MİY user, not a Surveys user
        self.assertFalse(self.user_surveyor.has_group("survey.group_survey_user"))

    def test_start_from_a_contact_links_its_organization(self):
        Wizard = self.env["miy.field.survey.start"].with_user(self.user_surveyor)
        action = self.contact_bursa.with_user(self.user_surveyor).action_miy_field_survey_start()
        with Form(Wizard.with_context(**action["context"])) as wizard:
            self.assertEqual(wizard.partner_kind, "customer")
            wizard.survey_id = self.survey
        result = wizard.record.action_start()
        answer = self.env["survey.user_input"].search([("miy_field_partner_id", "=", self.customer_bursa.id)])
        self.assertEqual(len(answer), 1)
        self.assertEqual(result["type"], "ir.actions.act_url")
        self.assertEqual(result["url"], f"/survey/start/{self.survey.access_token}?answer_token={answer.access_token}")
        # the surveyed organization, distinct from Odoo's respondent (the staff member on the phone)
        self.assertEqual(answer.miy_field_partner_id, self.customer_bursa)
        self.assertEqual(answer.partner_id, self.user_surveyor.partner_id)
        self.assertEqual(answer.miy_field_surveyor_id, self.user_surveyor)
        self.assertEqual(answer.miy_field_partner_kind, "customer")
        self.assertEqual(answer.miy_field_company_id, self.env.company)
        self.assertFalse(answer.miy_field_visit_id)

    def test_a_dealer_is_surveyed_as_a_dealer(self):
        answer = self.start(self.dealer_partner_a)
        self.assertEqual(answer.miy_field_partner_kind, "dealer")

    def test_audience_is_enforced(self):
        with self.assertRaisesRegex(UserError, "for dealers only"):
            self.start(self.customer_bursa, survey=self.survey_dealers)
        with self.assertRaisesRegex(UserError, "for customers only"):
            self.start(self.dealer_partner_a, survey=self.survey_customers)
        self.assertTrue(self.start(self.dealer_partner_a, survey=self.survey_dealers))
        self.assertTrue(self.start(self.customer_bursa, survey=self.survey_customers))

    def test_an_ordinary_survey_cannot_be_started_as_a_field_survey(self):
        # the MİY user does not even see it (record rule); a Surveys administrator sees it, but it is
        # no field survey: nothing is created either way
        with self.assertRaises(AccessError):
            self.start(self.customer_bursa, survey=self.survey_plain)
        admin = new_test_user(
            self.env,
            login="field_survey_admin",
            groups="base.group_user,miy_contacts.group_miy_user,survey.group_survey_manager",
        )
        with self.assertRaisesRegex(UserError, "not a field survey"):
            self.start(self.customer_bursa, survey=self.survey_plain, user=admin)
        self.assertFalse(self.env["survey.user_input"].search([("survey_id", "=", self.survey_plain.id)]))

    def test_archived_survey_is_refused(self):
        self.survey_customers.active = False
        with self.assertRaises(UserError):
            self.start(self.customer_bursa, survey=self.survey_customers)

    def test_field_survey_must_require_login_and_invitation(self):
        with self.assertRaises(ValidationError):
            self.survey.access_mode = "public"
        with Form(self.env["survey.survey"]) as form:
            form.title = "Yeni saha anketi (test)"
            form.miy_field_survey = True
            self.assertEqual(form.access_mode, "token")
            self.assertTrue(form.users_login_required)

    def test_only_the_surveyor_resumes(self):
        answer = self.answer(self.customer_bursa, self.choice_ours, 3, done=False)
        self.assertEqual(answer.with_user(self.user_surveyor).action_miy_field_resume()["type"], "ir.actions.act_url")
        colleague = new_test_user(
            self.env, login="field_colleague", groups="base.group_user,miy_contacts.group_miy_user"
        )
        with self.assertRaises(UserError):
            answer.with_user(colleague).action_miy_field_resume()


class TestFieldSurveyVisit(FieldSurveyCommon):
    """A field survey run from a logged visit is linked to it: an interaction when miy_interactions
    is installed, otherwise the chatter note on the dealer profile."""

    def _log_visit(self, survey):
        wizard = (
            self.env["miy.dealer.log.visit"]
            .with_user(self.user_surveyor)
            .create(
                {
                    "dealer_id": self.dealer_a.id,
                    "channel": "visit",
                    "subject": "Stok ziyareti (test)",
                    "survey_id": survey.id,
                }
            )
        )
        return wizard.action_log()

    def test_visit_as_chatter_note(self):
        self.patch(type(self.env["miy.dealer"]), "_miy_interactions_installed", lambda self: False)
        result = self._log_visit(self.survey)
        answer = self.env["survey.user_input"].search([("miy_field_partner_id", "=", self.dealer_partner_a.id)])
        self.assertEqual(result["url"], answer.get_start_url())
        self.assertEqual(answer.miy_field_visit_model, "mail.message")
        note = self.env["mail.message"].browse(answer.miy_field_visit_id)
        self.assertEqual((note.model, note.res_id), ("miy.dealer", self.dealer_a.id))
        self.assertIn("Stok ziyareti (test)", note.body)
        answer = answer.with_user(self.user_surveyor)
        self.assertIn("Dealer A (test)", answer.miy_field_visit_name)
        action = answer.action_miy_field_open_visit()
        self.assertEqual((action["res_model"], action["res_id"]), ("miy.dealer", self.dealer_a.id))

    def test_visit_as_interaction(self):
        if "miy.interaction" not in self.env:
            self.skipTest("miy_interactions is not installed")
        self._log_visit(self.survey)
        answer = self.env["survey.user_input"].search([("miy_field_partner_id", "=", self.dealer_partner_a.id)])
        self.assertEqual(answer.miy_field_visit_model, "miy.interaction")
        interaction = self.env["miy.interaction"].browse(answer.miy_field_visit_id)
        self.assertEqual(interaction.subject, "Stok ziyareti (test)")
        self.assertEqual(interaction.partner_ids, self.dealer_partner_a)
        answer = answer.with_user(self.user_surveyor)
        self.assertEqual(answer.miy_field_visit_name, interaction.display_name)
        action = answer.action_miy_field_open_visit()
        self.assertEqual((action["res_model"], action["res_id"]), ("miy.interaction", interaction.id))

    def test_a_refused_survey_logs_no_visit(self):
        self.patch(type(self.env["miy.dealer"]), "_miy_interactions_installed", lambda self: False)
        before = self.env["mail.message"].search_count(
            [("model", "=", "miy.dealer"), ("res_id", "=", self.dealer_a.id)]
        )
        with self.assertRaisesRegex(UserError, "for customers only"):
            self._log_visit(self.survey_customers)
        after = self.env["mail.message"].search_count([("model", "=", "miy.dealer"), ("res_id", "=", self.dealer_a.id)])
        self.assertEqual(before, after)

    def _start_with_visit(self, partner, survey=None):
        wizard = (
            self.env["miy.field.survey.start"]
            .with_user(self.user_surveyor)
            .create({"partner_id": partner.id, "survey_id": (survey or self.survey).id, "log_visit": True})
        )
        wizard.action_start()
        return self.env["survey.user_input"].search([("miy_field_partner_id", "=", partner.commercial_partner_id.id)])

    def test_card_logs_the_visit_as_a_note(self):
        self.patch(type(self.env["miy.dealer"]), "_miy_interactions_installed", lambda self: False)
        answer = self._start_with_visit(self.contact_bursa)
        note = self.env["mail.message"].browse(answer.miy_field_visit_id)
        self.assertEqual(answer.miy_field_visit_model, "mail.message")
        self.assertEqual((note.model, note.res_id), ("res.partner", self.customer_bursa.id))
        self.assertIn("Kompresör anketi (test)", note.body)
        action = answer.with_user(self.user_surveyor).action_miy_field_open_visit()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.customer_bursa.id))
        # a dealer's visit goes to its dealer profile, as Log a Visit/Call does
        answer = self._start_with_visit(self.dealer_partner_a)
        note = self.env["mail.message"].browse(answer.miy_field_visit_id)
        self.assertEqual((note.model, note.res_id), ("miy.dealer", self.dealer_a.id))

    def test_card_logs_the_visit_as_an_interaction(self):
        if "miy.interaction" not in self.env:
            self.skipTest("miy_interactions is not installed")
        answer = self._start_with_visit(self.customer_bursa)
        self.assertEqual(answer.miy_field_visit_model, "miy.interaction")
        interaction = self.env["miy.interaction"].browse(answer.miy_field_visit_id)
        self.assertEqual(interaction.channel, "visit")
        self.assertEqual(interaction.partner_ids, self.customer_bursa)

    def test_card_logs_no_visit_for_a_refused_survey(self):
        self.patch(type(self.env["miy.dealer"]), "_miy_interactions_installed", lambda self: False)
        before = self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer_bursa.id)]
        )
        with self.assertRaisesRegex(UserError, "for dealers only"):
            self._start_with_visit(self.customer_bursa, survey=self.survey_dealers)
        after = self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer_bursa.id)]
        )
        self.assertEqual(before, after)

    def test_a_visit_must_be_a_visit(self):
        with self.assertRaisesRegex(UserError, "Only a visit"):
            self.start(self.customer_bursa, visit=self.dealer_a)

    def test_a_forged_visit_is_refused(self):
        # the note of a visit to dealer A, forged into a survey of another partner through the
        # dialog's fields (as an RPC create would): refused, nothing created
        self.patch(type(self.env["miy.dealer"]), "_miy_interactions_installed", lambda self: False)
        note = self.dealer_a.with_user(self.user_surveyor)._miy_log_visit("visit", "Ziyaret (test)")
        Wizard = self.env["miy.field.survey.start"].with_user(self.user_surveyor)
        forged = [
            ({"visit_model": "mail.message", "visit_id": note.id}, "not made at"),
            ({"visit_model": "res.users", "visit_id": self.user_surveyor.id}, "Only a visit"),
        ]
        for values, message in forged:
            wizard = Wizard.create({"partner_id": self.customer_bursa.id, "survey_id": self.survey.id, **values})
            with self.subTest(values=values), self.assertRaisesRegex(UserError, message):
                wizard.action_start()
        self.assertFalse(self.env["survey.user_input"].search([("miy_field_partner_id", "=", self.customer_bursa.id)]))
        # the same note with its own dealer is accepted
        wizard = Wizard.create(
            {
                "partner_id": self.dealer_partner_a.id,
                "survey_id": self.survey.id,
                "visit_model": "mail.message",
                "visit_id": note.id,
            }
        )
        wizard.action_start()
        answer = self.env["survey.user_input"].search([("miy_field_partner_id", "=", self.dealer_partner_a.id)])
        self.assertEqual((answer.miy_field_visit_model, answer.miy_field_visit_id), ("mail.message", note.id))


class TestFieldSurveyPartnerCard(FieldSurveyCommon):
    """The partner card shows the organization's field surveys: answers, dates, who, score."""

    def test_card_counts_and_lists_the_organizations_answers(self):
        done = self.answer(self.customer_bursa, self.choice_ours, 4, "Filtre (test)")
        self.answer(self.customer_bursa, self.choice_rival, 2, done=False)
        self.answer(self.customer_samsun, self.choice_rival, 9)
        for partner in (self.customer_bursa, self.contact_bursa):
            partner = partner.with_user(self.user_surveyor)
            self.assertEqual(partner.miy_field_answer_count, 2)
            action = partner.action_miy_field_answers()
            answers = self.env["survey.user_input"].with_user(self.user_surveyor).search(action["domain"])
            self.assertEqual(len(answers), 2)
        card = self.customer_bursa.with_user(self.user_surveyor)
        self.assertEqual(len(card.miy_field_answer_ids), 2)
        done = done.with_user(self.user_surveyor)
        self.assertEqual(done.state, "done")
        self.assertTrue(done.end_datetime)
        self.assertEqual(done.miy_field_surveyor_id.name, "Saha Personeli (test)")
        self.assertEqual(
            sorted(done.user_input_line_ids.mapped("display_name")), sorted(["Uludağ (test)", "4.0", "Filtre (test)"])
        )

    def test_survey_form_counts_field_answers(self):
        self.answer(self.customer_bursa, self.choice_ours, 4)
        self.answer(self.dealer_partner_a, self.choice_ours, 1)
        self.assertEqual(self.survey.with_user(self.user_surveyor).miy_field_answer_count, 2)


@tagged("post_install", "-at_install")
class TestFieldSurveyMenus(MiyMenuTests, MiyCommon):
    """The field survey menus and actions open for a MİY user without Surveys rights, and for
    nobody else."""

    menu_xmlids = (
        "miy_dealer_channel.survey_user_input_menu_miy_field",
        "miy_dealer_channel.miy_field_survey_report_menu",
        "miy_dealer_channel.miy_field_survey_segment_wizard_menu",
    )
    action_xmlids = (
        "miy_dealer_channel.survey_user_input_action_miy_field",
        "miy_dealer_channel.miy_field_survey_report_action",
        "miy_dealer_channel.miy_field_survey_segment_line_action",
    )

    def test_actions_open_for_miy_user(self):
        self.assertFalse(self.user_miy.has_group("survey.group_survey_user"))
        self.assert_actions_open(self.user_miy)
        # the partner card with its field survey button and tab loads for the MİY user
        self.env["res.partner"].with_user(self.user_miy).get_views([(False, "form")])
