from odoo.tests import new_test_user

from .common import DealerCommon


class FieldSurveyCommon(DealerCommon):
    """A field survey for customers and dealers (a choice, a number, a text), a dealers-only and a
    customers-only one, an ordinary Odoo survey, customers in Bursa and Samsun; the MİY user who
    runs them has no rights in Odoo's Surveys app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Survey = cls.env["survey.survey"]
        field_values = {"access_mode": "token", "users_login_required": True, "miy_field_survey": True}
        cls.survey = Survey.create({"title": "Kompresör anketi (test)", **field_values})
        Question = cls.env["survey.question"]
        cls.q_brand = Question.create(
            {
                "survey_id": cls.survey.id,
                "sequence": 1,
                "title": "Marka (test)",
                "question_type": "simple_choice",
                "suggested_answer_ids": [(0, 0, {"value": "Uludağ (test)"}), (0, 0, {"value": "Rakip (test)"})],
            }
        )
        cls.choice_ours, cls.choice_rival = cls.q_brand.suggested_answer_ids
        cls.q_count = Question.create(
            {"survey_id": cls.survey.id, "sequence": 2, "title": "Adet (test)", "question_type": "numerical_box"}
        )
        cls.q_note = Question.create(
            {"survey_id": cls.survey.id, "sequence": 3, "title": "Not (test)", "question_type": "char_box"}
        )
        cls.survey_dealers = Survey.create(
            {"title": "Bayi anketi (test)", "miy_field_audience": "dealer", **field_values}
        )
        Question.create({"survey_id": cls.survey_dealers.id, "title": "Stok (test)", "question_type": "char_box"})
        cls.survey_customers = Survey.create(
            {"title": "Müşteri anketi (test)", "miy_field_audience": "customer", **field_values}
        )
        Question.create({"survey_id": cls.survey_customers.id, "title": "Memnun (test)", "question_type": "char_box"})
        cls.survey_plain = Survey.create({"title": "İK anketi (test)", "access_mode": "token"})
        Question.create({"survey_id": cls.survey_plain.id, "title": "Maaş (test)", "question_type": "char_box"})

        Partner = cls.env["res.partner"]
        cls.state_bursa = cls.env.ref("base.state_tr_16")
        cls.customer_bursa = Partner.create(
            {"name": "Bursa müşteri (test)", "is_company": True, "state_id": cls.state_bursa.id}
        )
        cls.contact_bursa = Partner.create({"name": "Bursa yetkili (test)", "parent_id": cls.customer_bursa.id})
        cls.customer_samsun = Partner.create(
            {"name": "Samsun müşteri (test)", "is_company": True, "state_id": cls.state_samsun.id}
        )
        cls.region_marmara = cls.env.ref("miy_dealer_channel.region_marmara")
        cls.region_karadeniz = cls.env.ref("miy_dealer_channel.region_karadeniz")
        cls.user_surveyor = new_test_user(
            cls.env,
            login="miy_field_surveyor",
            name="Saha Personeli (test)",
            groups="base.group_user,miy_contacts.group_miy_user",
        )

    @classmethod
    def start(cls, partner, survey=None, user=None, visit=None):
        survey = (survey or cls.survey).with_user(user or cls.user_surveyor)
        return survey._miy_field_start(partner.with_user(user or cls.user_surveyor), visit=visit)

    @classmethod
    def answer(cls, partner, choice, count, note=None, survey=None, user=None, done=True):
        """Start a field survey and answer it as Odoo's survey page does (elevated, by token)."""
        answer = cls.start(partner, survey=survey, user=user).sudo()
        answer._save_lines(cls.q_brand, str(choice.id))
        answer._save_lines(cls.q_count, count)
        answer._save_lines(cls.q_note, note or "")
        if done:
            answer._mark_done()
        return answer.sudo(False)
