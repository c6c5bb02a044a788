from .field_survey_common import FieldSurveyCommon


class TestFieldSurveyReport(FieldSurveyCommon):
    """The consolidated analysis by question, region and segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a_bursa = cls.answer(cls.customer_bursa, cls.choice_ours, 4, "Bakım (test)")
        cls.a_dealer = cls.answer(cls.dealer_partner_a, cls.choice_ours, 10)
        cls.a_samsun = cls.answer(cls.customer_samsun, cls.choice_rival, 1)
        cls.a_open = cls.answer(cls.customer_samsun, cls.choice_ours, 50, done=False)
        cls.Report = cls.env["miy.field.survey.report"].with_user(cls.user_surveyor)
        cls.base = [("survey_id", "=", cls.survey.id), ("answer_state", "=", "done")]

    def _grouped(self, domain, groupby, aggregates):
        return self.Report._read_group(self.base + domain, groupby, aggregates)

    def test_rows_carry_partner_region_and_answers(self):
        rows = self.Report.search([("user_input_id", "=", self.a_bursa.id)])
        self.assertEqual(len(rows), 3)
        self.assertEqual(set(rows.partner_id.ids), {self.customer_bursa.id})
        self.assertEqual(rows.region_id, self.region_marmara)
        self.assertEqual(rows.state_id, self.state_bursa)
        self.assertEqual(set(rows.mapped("partner_kind")), {"customer"})
        by_question = {row.question_id: row for row in rows}
        self.assertEqual(by_question[self.q_brand].suggested_answer_id, self.choice_ours)
        self.assertEqual(by_question[self.q_count].value_number, 4)
        self.assertEqual(by_question[self.q_note].value_text, "Bakım (test)")

    def test_choices_by_region(self):
        rows = self._grouped(
            [("question_id", "=", self.q_brand.id)], ["region_id", "suggested_answer_id"], ["survey_count:sum"]
        )
        figures = {(region, choice): count for region, choice, count in rows}
        self.assertEqual(
            figures,
            {(self.region_marmara, self.choice_ours): 2, (self.region_karadeniz, self.choice_rival): 1},
        )

    def test_numbers_by_region_and_kind(self):
        rows = self._grouped([("question_id", "=", self.q_count.id)], ["region_id"], ["value_number:avg"])
        self.assertEqual(dict(rows), {self.region_marmara: 7.0, self.region_karadeniz: 1.0})
        rows = self._grouped([("question_id", "=", self.q_count.id)], ["partner_kind"], ["value_number:avg"])
        self.assertEqual(dict(rows), {"customer": 2.5, "dealer": 10.0})

    def test_surveys_counts_distinct_answers(self):
        # three completed surveys, nine lines: "Surveys" is 3, the row count 9
        [(surveys, lines)] = self._grouped([], [], ["survey_count:sum", "__count"])
        self.assertEqual((surveys, lines), (3, 9))

    def test_the_region_follows_the_province(self):
        self.customer_samsun.state_id = self.state_bursa
        rows = self._grouped([("question_id", "=", self.q_brand.id)], ["region_id"], ["survey_count:sum"])
        self.assertEqual(dict(rows), {self.region_marmara: 3})

    def test_unfinished_answers_are_apart(self):
        rows = self.Report._read_group(
            [("survey_id", "=", self.survey.id), ("question_id", "=", self.q_count.id)],
            ["answer_state"],
            ["value_number:sum"],
        )
        self.assertEqual(dict(rows), {"done": 15.0, "new": 50.0})

    def test_segment_filter(self):
        Segment = self.env["miy.segment"]
        customers = Segment.create(
            {
                "name": "Test müşterileri (test)",
                "domain": str([("id", "in", [self.customer_bursa.id, self.customer_samsun.id])]),
            }
        )
        # a segment of persons selects the answers of their organizations
        persons = Segment.create(
            {"name": "Bursa yetkilileri (test)", "domain": str([("id", "=", self.contact_bursa.id)])}
        )
        rows = self.Report.search(self.base + [("segment_id", "=", customers.id)])
        self.assertEqual(rows.partner_id, self.customer_bursa | self.customer_samsun)
        rows = self.Report.search(self.base + [("segment_id", "=", persons.id)])
        self.assertEqual(rows.partner_id, self.customer_bursa)
        rows = self.Report.search(self.base + [("segment_id", "ilike", "yetkilileri (test)")])
        self.assertEqual(rows.partner_id, self.customer_bursa)

    def test_segment_comparison(self):
        Segment = self.env["miy.segment"]
        customers = Segment.create(
            {
                "name": "Test müşterileri (test)",
                "domain": str([("id", "in", [self.customer_bursa.id, self.customer_samsun.id])]),
            }
        )
        dealers = Segment.create(
            {"name": "Test bayileri (test)", "domain": str([("id", "=", self.dealer_partner_a.id)])}
        )
        wizard = (
            self.env["miy.field.survey.segment.wizard"]
            .with_user(self.user_surveyor)
            .create({"survey_id": self.survey.id, "segment_ids": [(6, 0, (customers | dealers).ids)]})
        )
        action = wizard.action_compare()
        lines = self.env["miy.field.survey.segment.line"].with_user(self.user_surveyor).search(action["domain"])
        brand = {
            (line.segment_id, line.suggested_answer_id): line.answer_count
            for line in lines
            if line.question_id == self.q_brand
        }
        self.assertEqual(
            brand,
            {(customers, self.choice_ours): 1, (customers, self.choice_rival): 1, (dealers, self.choice_ours): 1},
        )
        count = {line.segment_id: line.value_number for line in lines if line.question_id == self.q_count}
        self.assertEqual(count, {customers: 2.5, dealers: 10.0})

    def test_pivot_query_count_does_not_grow_with_answers(self):
        self.Report.invalidate_model()
        with self.assertQueryCount(__system__=2):
            self.Report.with_user(self.env.user)._read_group(
                self.base, ["region_id", "question_id"], ["survey_count:sum"]
            )
        for _index in range(5):
            self.answer(self.customer_bursa, self.choice_rival, 3)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=2):
            self.Report.with_user(self.env.user)._read_group(
                self.base, ["region_id", "question_id"], ["survey_count:sum"]
            )
