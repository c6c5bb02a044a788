from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceRequestTour(HttpCase):
    """A MİY user opens, starts and resolves a service request in the back office."""

    def test_open_start_and_resolve_a_request(self):
        user = new_test_user(
            self.env,
            login="miy_sr_tour",
            name="Tur Servis Kullanıcı",
            email="sr.tour@miy-firm.example",
            groups="base.group_user,miy_contacts.group_miy_user",
            lang="en_US",
        )
        team = self.env["crm.team"].create({"name": "Tur Servis Ekibi", "user_id": user.id})
        # routed explicitly to the tour user (demo types and teams may exist: not relied on)
        request_type = self.env["miy.service.request.type"].create(
            {
                "name": "Tur Servis Arıza",
                "first_response_hours": 4,
                "resolution_hours": 16,
                "team_id": team.id,
                "user_id": user.id,
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Tur Servis Müşteri A.Ş.", "is_company": True, "email": "servis@tur-musteri.example"}
        )
        Request = self.env["miy.service.request"]
        self.assertFalse(Request.search([("partner_id", "=", customer.id)]))

        self.start_tour("/odoo", "miy_service_request_tour", login=user.login)

        service_request = Request.search([("partner_id", "=", customer.id)])
        self.assertEqual(len(service_request), 1)
        self.assertEqual(service_request.subject, "Tur servis talebi: pompa sızdırıyor")
        self.assertEqual(service_request.type_id, request_type)
        self.assertEqual(service_request.state, "resolved")
        self.assertEqual(service_request.channel, "form")
        self.assertEqual(service_request.user_id, user, "routed by its type")
        self.assertEqual(service_request.team_id, team)
        self.assertEqual(service_request.contact_id, customer, "the customer is the contact")
        self.assertEqual(service_request.create_uid, user)
        self.assertTrue(service_request.first_response_date, "Start is the first response")
        self.assertTrue(service_request.resolution_date)
        self.assertLessEqual(service_request.request_date, service_request.first_response_date)
        self.assertLessEqual(service_request.first_response_date, service_request.resolution_date)
        self.assertTrue(service_request.first_response_within_sla)
        self.assertTrue(service_request.resolution_within_sla)
        # the customer was e-mailed the resolution (template "MİY: service request resolved")
        emailed = service_request.message_ids.filtered(
            lambda m: not m.subtype_id.internal
            and any(n.res_partner_id == customer and n.notification_type == "email" for n in m.notification_ids)
        )
        self.assertEqual(len(emailed), 1, "one resolution e-mail to the customer")
        self.assertEqual(emailed.subject, f"{service_request.name}: your request is resolved")
        self.assertIn("is resolved", emailed.body)
        self.assertEqual(emailed.author_id, user.partner_id, "sent in the name of the user who resolved it")
        self.assertIn(customer, emailed.mail_ids.recipient_ids, "the e-mail is queued for the customer")
