from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MiyInteractionCommon


@tagged("post_install", "-at_install")
class TestInteractions(MiyInteractionCommon):
    def test_log_interaction_defaults(self):
        with freeze_time("2026-03-02 09:30:00"):
            interaction = self._log(user=self.user_miy, reason_id=self.reason_visit.id, duration=1.5)
        self.assertEqual(interaction.user_ids, self.user_miy, "our person defaults to the current user")
        self.assertEqual(interaction.date, datetime(2026, 3, 2, 9, 30))
        self.assertEqual(interaction.company_id, self.env.company)
        self.assertEqual(interaction.display_name, "Price request")
        self.assertIn(interaction, self.person.miy_interaction_ids)

    def test_empty_subject_is_refused(self):
        count = self.env["miy.interaction"].search_count([])
        for subject in ("", "   ", False):
            with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
                self._log(user=self.user_miy, subject=subject)
        interaction = self._log(user=self.user_miy)
        with self.assertRaises(ValidationError):
            interaction.write({"subject": "  "})
        self.assertEqual(interaction.subject, "Price request")
        self.assertEqual(self.env["miy.interaction"].search_count([]), count + 1)

    def test_negative_duration_is_refused(self):
        with self.assertRaises(ValidationError):
            self._log(user=self.user_miy, duration=-1)

    def test_res_ref_lists_installed_models_only(self):
        models = [model for model, _label in self.env["miy.interaction"]._selection_res_ref()]
        self.assertIn("crm.lead", models)
        for model in models:
            self.assertIn(model, self.env)
        self.assertEqual(set(models), {m for m in ("crm.lead", "sale.order", "account.move") if m in self.env})

    def test_quick_create_from_partner_prefills_partner(self):
        action = self.person.with_user(self.user_miy).action_miy_log_interaction()
        self.assertEqual(action["target"], "new")
        Interaction = self.env["miy.interaction"].with_user(self.user_miy).with_context(**action["context"])
        form = Form(Interaction, view="miy_interactions.miy_interaction_view_form_quick")
        self.assertEqual(form.partner_ids[:], self.person)
        form.subject = "Called about the spare parts"
        form.channel = "phone"
        form.reason_id = self.reason_visit
        interaction = form.save()
        self.assertEqual(interaction.partner_ids, self.person)
        self.assertEqual(interaction.user_ids, self.user_miy)

    def test_quick_create_adds_the_organization_of_a_person(self):
        self.person.parent_id = self.org
        form = Form(
            self.env["miy.interaction"].with_user(self.user_miy), view="miy_interactions.miy_interaction_view_form"
        )
        form.subject = "Visit"
        form.partner_ids.add(self.person)
        interaction = form.save()
        self.assertEqual(interaction.partner_ids, self.person | self.org)

    def test_log_from_lead_prefills_partner_and_document(self):
        lead = self.env["crm.lead"].create({"name": "Packaging line", "partner_id": self.org.id})
        action = lead.with_user(self.user_miy).action_miy_log_interaction()
        Interaction = self.env["miy.interaction"].with_user(self.user_miy).with_context(**action["context"])
        form = Form(Interaction, view="miy_interactions.miy_interaction_view_form_quick")
        interaction = form.save()
        self.assertEqual(interaction.partner_ids, self.org)
        self.assertEqual(interaction.res_ref, lead)
        self.assertEqual(interaction.subject, "Packaging line")

    def test_partner_count_includes_the_people_of_an_organization(self):
        self.team_bursa.user_id = self.user_manager  # the manager oversees the Bursa team
        self._log(user=self.user_miy, partner_ids=[Command.set([self.person.id])])
        self._log(user=self.user_miy, partner_ids=[Command.set([self.org.id])])
        self._log(user=self.user_miy, partner_ids=[Command.set([self.org.id, self.person.id])])  # counted once
        self._log(user=self.user_colleague, partner_ids=[Command.set([self.other_person.id])])
        partners = (self.org | self.person | self.other_person).with_user(self.user_manager)
        partners.invalidate_recordset()
        self.assertEqual(partners.mapped("miy_interaction_count"), [3, 2, 1])
        action = self.org.with_user(self.user_manager).action_miy_open_interactions()
        self.assertEqual(self.env["miy.interaction"].search_count(action["domain"]), 3)

    def test_partner_count_is_batched(self):
        def count_queries(size):
            partners = self.env["res.partner"].create(
                [{"name": f"Batch {i}", "is_company": i % 2 == 0} for i in range(size)]
            )
            self.env["miy.interaction"].create(
                [{"subject": "Batch", "partner_ids": [Command.set([partner.id])]} for partner in partners]
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            counts = partners.mapped("miy_interaction_count")
            self.assertEqual(counts, [1] * size)
            return self.env.cr.sql_log_count - before

        count_queries(1)  # warm the caches (access rules, groups)
        # the same number of queries for 2 partners as for 20: no query per partner
        self.assertEqual(count_queries(2), count_queries(20))

    def test_partner_count_respects_access(self):
        self._log(user=self.user_other_team, partner_ids=[Command.set([self.person.id])])
        self._log(user=self.user_miy, partner_ids=[Command.set([self.person.id])])
        self.assertEqual(self.person.with_user(self.user_miy).miy_interaction_count, 1)
        self.assertEqual(self.person.with_user(self.user_manager).miy_interaction_count, 0, "leads no team")
        self.team_bursa.user_id = self.user_manager
        self.person.invalidate_recordset(["miy_interaction_count"])
        self.assertEqual(self.person.with_user(self.user_manager).miy_interaction_count, 1, "the Bursa team's")
        self.team_samsun.user_id = self.user_manager
        self.person.invalidate_recordset(["miy_interaction_count"])
        self.assertEqual(self.person.with_user(self.user_manager).miy_interaction_count, 2, "both teams'")

    def test_last_interaction_date_uses_interactions(self):
        self._log(date=datetime(2026, 1, 5, 10, 0), partner_ids=[Command.set([self.person.id])])
        self._log(date=datetime(2026, 2, 7, 10, 0), partner_ids=[Command.set([self.person.id])])
        self._log(date=datetime(2025, 2, 7, 10, 0), partner_ids=[Command.set([self.other_person.id])])
        (self.person | self.org | self.other_person).invalidate_recordset()
        self.assertEqual(self.person.miy_last_interaction_date, datetime(2026, 2, 7, 10, 0))
        self.assertEqual(self.org.miy_last_interaction_date, datetime(2026, 2, 7, 10, 0), "through its people")
        self.assertEqual(self.other_person.miy_last_interaction_date, datetime(2025, 2, 7, 10, 0))

    def test_attachments_belong_to_the_interaction(self):
        attachment = self.env["ir.attachment"].create({"name": "offer.pdf", "raw": b"%PDF-1.4"})
        interaction = self._log(attachment_ids=[Command.set([attachment.id])])
        self.assertEqual((attachment.res_model, attachment.res_id), ("miy.interaction", interaction.id))

    def test_attachments_of_another_user_are_not_adopted(self):
        """A file another user uploaded in a form (not attached to a record yet: only its uploader
        may read it) cannot be taken over by linking its id to one's own interaction."""
        upload = (
            self.env["ir.attachment"]
            .with_user(self.user_colleague)
            .create({"name": "maas-bordrosu.pdf", "raw": b"%PDF-1.4 secret", "res_model": "miy.interaction"})
        )
        self.assertEqual(upload.res_id, 0)
        self.env.invalidate_all()  # the attacker's request comes later, with an empty cache
        with self.assertRaises(AccessError):
            self._log(user=self.user_miy, attachment_ids=[Command.link(upload.id)])
        self.assertEqual((upload.res_model, upload.res_id), ("miy.interaction", 0), "the upload stays its uploader's")
        with self.assertRaises(AccessError):
            upload.with_user(self.user_miy).read(["raw"])
        interaction = self._log(user=self.user_miy)
        with self.assertRaises(AccessError):
            interaction.with_user(self.user_miy).attachment_ids = [Command.link(upload.id)]
        self.assertEqual(upload.res_id, 0)
        own = self.env["ir.attachment"].with_user(self.user_miy).create({"name": "teklif.pdf", "raw": b"%PDF-1.4"})
        interaction.with_user(self.user_miy).attachment_ids = [Command.link(own.id)]
        self.assertEqual((own.res_model, own.res_id), ("miy.interaction", interaction.id))

    def test_search_by_text_channel_and_person(self):
        self.team_bursa.user_id = self.user_manager
        a = self._log(user=self.user_miy, subject="Titreşim şikâyeti", channel="phone", details="<p>rulman</p>")
        b = self._log(
            user=self.user_colleague,
            subject="Fuar",
            channel="event",
            partner_ids=[Command.set([self.other_person.id])],
        )
        Interaction = self.env["miy.interaction"].with_user(self.user_manager)
        mine = [("id", "in", (a | b).ids)]  # demo data may hold other matches
        self.assertEqual(Interaction.search([("details", "ilike", "rulman"), *mine]), a)
        self.assertEqual(Interaction.search([("channel", "=", "event"), ("id", "in", (a | b).ids)]), b)
        self.assertEqual(Interaction.search([("partner_ids", "in", self.other_person.ids), *mine]), b)


@tagged("post_install", "-at_install")
class TestInteractionAccess(MiyInteractionCommon):
    def test_plain_user_is_refused(self):
        interaction = self._log(user=self.user_miy)
        with self.assertRaises(AccessError):
            self.env["miy.interaction"].with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            interaction.with_user(self.user_plain).read(["subject"])
        with self.assertRaises(AccessError):
            self._log(user=self.user_plain)

    def test_team_members_see_each_other_but_not_other_teams(self):
        mine = self._log(user=self.user_miy)
        colleagues = self._log(user=self.user_colleague)
        others = self._log(user=self.user_other_team)
        visible = (
            self.env["miy.interaction"]
            .with_user(self.user_miy)
            .search([("id", "in", (mine | colleagues | others).ids)])
        )
        self.assertEqual(visible, mine | colleagues)
        with self.assertRaises(AccessError):
            others.with_user(self.user_miy).read(["subject"])
        with self.assertRaises(AccessError):
            others.with_user(self.user_miy).write({"subject": "Hijacked"})

    def test_followup_responsible_sees_the_interaction(self):
        interaction = self._log(user=self.user_other_team, followup_user_ids=[Command.set([self.user_miy.id])])
        self.assertEqual(interaction.with_user(self.user_miy).subject, "Price request")

    def test_manager_sees_their_team_and_user_cannot_delete(self):
        others = self._log(user=self.user_other_team)
        with self.assertRaises(AccessError):
            others.with_user(self.user_manager).read(["subject"])
        self.team_samsun.user_id = self.user_manager  # now leads the Samsun team
        self.assertEqual(others.with_user(self.user_manager).subject, "Price request")
        with self.assertRaises(AccessError):
            others.with_user(self.user_other_team).unlink()
        others.with_user(self.user_manager).unlink()
        self.assertFalse(others.exists())

    def test_reasons_are_configured_by_managers(self):
        with self.assertRaises(AccessError):
            self.env["miy.interaction.reason"].with_user(self.user_miy).create({"name": "Trade fair"})
        reason = self.env["miy.interaction.reason"].with_user(self.user_manager).create({"name": "Trade fair"})
        self.assertTrue(reason.with_user(self.user_miy).name)

    def test_joining_a_team_opens_its_interactions(self):
        others = self._log(user=self.user_other_team)
        Interaction = self.env["miy.interaction"].with_user(self.user_miy)
        self.assertFalse(Interaction.search([("id", "=", others.id)]))
        self.team_samsun.member_ids = [Command.link(self.user_miy.id)]
        self.assertEqual(Interaction.search([("id", "=", others.id)]), others, "rules follow team membership")
        self.team_samsun.crm_team_member_ids.filtered(lambda m: m.user_id == self.user_miy).unlink()
        self.assertFalse(Interaction.search([("id", "=", others.id)]))

    def test_partner_stays_readable_without_miy_group(self):
        self._log(user=self.user_miy)
        person = self.person.with_user(self.user_plain)
        person.invalidate_recordset()
        values = person.read(["name", "miy_interaction_count", "miy_last_interaction_date"])[0]
        self.assertEqual(values["miy_interaction_count"], 0)
        person.get_views([(False, "form")])
        self.assertNotIn("miy_interaction_ids", person.fields_get())
