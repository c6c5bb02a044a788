from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInteractionsTour(HttpCase):
    def test_log_interaction_with_followup_from_partner_form(self):
        user = new_test_user(
            self.env, login="miy_int_tour", groups="base.group_user,miy_contacts.group_miy_user", lang="en_US"
        )
        colleague = new_test_user(
            self.env,
            login="miy_int_tour_colleague",
            name="Tur Meslektaş",
            groups="base.group_user,miy_contacts.group_miy_user",
        )
        partner = self.env["res.partner"].create({"name": "Tur Müşteri", "is_company": True})
        self.start_tour(f"/odoo/res.partner/{partner.id}", "miy_interactions_tour", login=user.login)
        interaction = self.env["miy.interaction"].search([("subject", "=", "Tur görüşmesi")])
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.partner_ids, partner)
        self.assertEqual(interaction.user_ids, user)
        self.assertEqual(interaction.followup_date, date(2030, 6, 14))
        self.assertEqual(interaction.followup_user_ids, colleague)
        activities = interaction.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, colleague, "the chosen responsible gets the follow-up")
        self.assertEqual(activities.activity_type_id, self.env.ref("miy_interactions.mail_activity_type_followup"))
        self.assertEqual(activities.date_deadline, interaction.followup_date)
        self.assertEqual(partner.miy_interaction_count, 1)


@tagged("post_install", "-at_install")
class TestMailingTour(HttpCase):
    def test_create_mailing_to_segment(self):
        user = new_test_user(
            self.env,
            login="miy_mailing_tour",
            email="tour@miy-firm.example",
            groups="base.group_user,miy_contacts.group_miy_user,mass_mailing.group_mass_mailing_user",
            lang="en_US",
        )
        partners = self.env["res.partner"].create(
            [
                {"name": "Tur Alıcı Bir", "email": "bir@tur.example", "ref": "TURMLG"},
                {"name": "Tur Alıcı İki", "email": "iki@tur.example", "ref": "TURMLG"},
            ]
        )
        self.env["miy.segment"].create({"name": "Tur segmenti", "domain": "[('ref', '=', 'TURMLG')]"})
        self.start_tour(
            "/odoo/action-miy_interactions.mailing_mailing_action_miy", "miy_mailing_tour", login=user.login
        )
        mailing = self.env["mailing.mailing"].search([("subject", "=", "Tur kataloğu")])
        self.assertEqual(len(mailing), 1)
        self.assertEqual(mailing.miy_audience, "segment")
        self.assertEqual(mailing.mailing_model_id.model, "res.partner")
        self.assertEqual(mailing.total, len(partners))
        self.assertNotEqual(mailing.state, "draft", "sent after the confirmation")
