from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoEscalation(TransactionCase):
    """Demo requests flagged escalated carry the trace the escalation leaves (an activity for the
    team leader), and their team has a leader. Runs on a database with MİY's demo data only."""

    def test_escalated_demo_requests_have_a_trace_and_a_leader(self):
        complaint = self.env.ref(
            "miy_interactions.miy_service_request_marmara_complaint_demo", raise_if_not_found=False
        )
        if not complaint:
            self.skipTest("no demo data")
        escalation = self.env.ref("miy_interactions.mail_activity_type_sla_escalation")
        escalated = self.env["miy.service.request"].search(
            ["|", ("first_response_escalated", "=", True), ("resolution_escalated", "=", True)]
        )
        self.assertIn(complaint, escalated)
        for request in escalated:
            with self.subTest(request=request.name):
                leader = request.team_id.user_id
                self.assertTrue(leader, "the team has a leader to escalate to")
                activities = request.activity_ids.filtered(lambda a: a.activity_type_id == escalation)
                self.assertIn(leader, activities.user_id, "the escalation activity of the team leader")
        # and nothing is flagged without its escalation having run
        for request in self.env["miy.service.request"].search([]) - escalated:
            self.assertFalse(request.activity_ids.filtered(lambda a: a.activity_type_id == escalation))
