from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestLifecycle(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales = new_test_user(
            cls.env,
            login="miy_sales_life",
            name="Satış Temsilcisi",
            groups="base.group_user,sales_team.group_sale_salesman,miy_contacts.group_miy_user",
        )
        cls.won_stage = cls.env["crm.stage"].create({"name": "Kazanıldı", "is_won": True, "sequence": 90})
        cls.open_stage = cls.env["crm.stage"].create({"name": "Yeni", "sequence": 1})
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Fiyat yüksek"})
        cls.ordu = cls.env["res.partner"].create({"name": "Ordu Fındık İşleme A.Ş.", "is_company": True})
        cls.hasan = cls.env["res.partner"].create({"name": "Hasan Çelik", "parent_id": cls.ordu.id})
        cls.Lead = cls.env["crm.lead"].with_user(cls.user_sales)

    def _events(self, leads):
        return self.env["miy.lifecycle.event"].search([("lead_id", "in", leads.ids)], order="id")

    def test_lead_qualified_then_won(self):
        lead = self.Lead.create({"name": "Kırma hattı", "type": "lead", "contact_name": "Hasan Çelik"})
        self.assertEqual(self._events(lead).mapped("event"), ["lead_created"])
        self.assertFalse(self._events(lead).partner_id)
        lead.write({"partner_id": self.hasan.id})
        lead.convert_opportunity(self.hasan)
        lead.action_set_won()
        events = self._events(lead)
        self.assertEqual(events.mapped("event"), ["lead_created", "qualified", "won"])
        self.assertEqual(events.partner_id, self.hasan, "earlier events follow the lead to its customer")
        self.assertEqual(events.commercial_partner_id, self.ordu)
        self.assertEqual(events.user_id, self.user_sales)
        today = fields.Date.context_today(self.hasan)
        self.assertEqual(self.hasan.miy_customer_since, today)
        self.assertEqual(self.ordu.miy_customer_since, today, "the firm became a customer through its contact")
        # the events show a lead's name and revenue: for those who may read the lead (here its salesman)
        self.assertEqual(self.ordu.with_user(self.user_sales).miy_lifecycle_event_count, 3)
        self.assertEqual(self.ordu.with_user(self.user_miy).miy_lifecycle_event_count, 0, "no CRM right")
        action = self.ordu.with_user(self.user_sales).action_miy_view_lifecycle()
        self.assertEqual(self.env["miy.lifecycle.event"].search(action["domain"]), events)

    def test_lost_with_reason_then_reopened(self):
        lead = self.Lead.create({"name": "Fırın", "type": "opportunity", "partner_id": self.ordu.id})
        # crm's own "Mark as lost" wizard: reuse of crm.lost.reason
        self.env["crm.lead.lost"].with_user(self.user_sales).create(
            {"lead_ids": lead.ids, "lost_reason_id": self.reason.id}
        ).action_lost_reason_apply()
        events = self._events(lead)
        self.assertEqual(events.mapped("event"), ["opportunity_created", "lost"])
        self.assertEqual(events[-1].lost_reason_id, self.reason)
        lead.toggle_active()
        self.assertEqual(self._events(lead).mapped("event"), ["opportunity_created", "lost", "reopened"])
        self.assertEqual(self._events(lead)[1].lost_reason_id, self.reason, "the lost event keeps its reason")
        self.assertFalse(self.ordu.miy_customer_since)

    def test_won_by_stage_and_by_probability_and_leaving_won(self):
        by_stage = self.Lead.create({"name": "A", "type": "opportunity", "stage_id": self.open_stage.id})
        by_probability = self.Lead.create({"name": "B", "type": "opportunity", "stage_id": self.open_stage.id})
        by_stage.write({"stage_id": self.won_stage.id})
        by_probability.write({"probability": 100})
        self.assertEqual(self._events(by_stage).mapped("event"), ["opportunity_created", "won"])
        self.assertEqual(self._events(by_probability).mapped("event"), ["opportunity_created", "won"])
        by_stage.write({"stage_id": self.open_stage.id, "probability": 40})
        self.assertEqual(self._events(by_stage).mapped("event"), ["opportunity_created", "won", "reopened"])
        # writing the same stage again records nothing
        by_probability.write({"probability": 100})
        self.assertEqual(len(self._events(by_probability)), 2)

    def test_batch_write_records_one_event_per_lead(self):
        leads = self.Lead.create(
            [{"name": f"Fırsat {i}", "type": "lead", "partner_id": self.hasan.id} for i in range(20)]
        )
        self.assertEqual(len(self._events(leads)), 20)
        leads.write({"type": "opportunity"})
        leads[:10].action_set_lost(lost_reason_id=self.reason.id)
        leads[10:].action_set_won()
        events = self._events(leads)
        self.assertEqual(len(events.filtered(lambda e: e.event == "qualified")), 20)
        lost = events.filtered(lambda e: e.event == "lost")
        self.assertEqual(lost.lead_id, leads[:10])
        self.assertEqual(lost.lost_reason_id, self.reason)
        self.assertEqual(events.filtered(lambda e: e.event == "won").lead_id, leads[10:])

    def test_analysis_by_event_and_lost_reason(self):
        leads = self.Lead.create([{"name": n, "type": "opportunity", "partner_id": self.ordu.id} for n in "ABC"])
        leads[0].action_set_won()
        leads[1:].action_set_lost(lost_reason_id=self.reason.id)
        sales_manager = new_test_user(
            self.env,
            login="miy_sales_manager_life",
            name="Satış Müdürü",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,miy_contacts.group_miy_manager",
        )
        groups = (
            self.env["miy.lifecycle.event"]
            .with_user(sales_manager)
            ._read_group(
                [("lead_id", "in", leads.ids), ("event", "in", ("won", "lost"))],
                ["event", "lost_reason_id"],
                ["__count"],
            )
        )
        self.assertEqual(
            sorted((e, r.name or "", c) for e, r, c in groups), [("lost", "Fiyat yüksek", 2), ("won", "", 1)]
        )

    def test_events_are_read_only_system_records(self):
        lead = self.Lead.create({"name": "Fırsat", "type": "opportunity", "partner_id": self.ordu.id})
        event = self._events(lead)
        self.assertTrue(event.with_user(self.user_sales).read(["event"]))
        for user in (self.user_miy, self.user_manager):
            with self.assertRaises(AccessError):
                event.with_user(user).write({"event": "won"})
            with self.assertRaises(AccessError):
                event.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["miy.lifecycle.event"].with_user(user).create({"event": "won", "partner_id": self.ordu.id})
        with self.assertRaises(AccessError):
            self.env["miy.lifecycle.event"].with_user(self.user_plain).search([])

    def test_batch_write_query_count_does_not_grow_with_the_batch(self):
        """Recording the events of a write costs as many queries for 5 leads as for 25 (crm's own
        write is not constant - it searches the team of each lead - so we count only the queries
        our recording adds, by comparing with the same write without it)."""
        Lead = type(self.env["crm.lead"])

        def queries_for(size, record=True):
            leads = self.Lead.create(
                [{"name": f"Ö{i}", "type": "lead", "partner_id": self.hasan.id} for i in range(size)]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            with patch.object(Lead, "_miy_record_transitions", Lead._miy_record_transitions if record else no_op):
                leads.write({"type": "opportunity"})
                leads.action_set_lost(lost_reason_id=self.reason.id)
                self.env.flush_all()
            return self.env.cr.sql_log_count - start

        def no_op(leads, before, vals):
            return None

        queries_for(3), queries_for(3, record=False)  # warm-up: registry caches, sequences
        extra_small = queries_for(5) - queries_for(5, record=False)
        extra_large = queries_for(25) - queries_for(25, record=False)
        self.assertGreater(extra_small, 0)
        self.assertEqual(extra_small, extra_large, "the recording adds the same queries whatever the batch size")

    def test_backfill_from_existing_crm_data(self):
        """Leads that predate MİY get their history from crm's data; a second run adds nothing."""
        converted = self.Lead.create({"name": "Eski aday", "type": "lead", "partner_id": self.hasan.id})
        converted.convert_opportunity(self.hasan)
        converted.action_set_won()
        lost = self.Lead.create({"name": "Eski fırsat", "type": "opportunity", "partner_id": self.ordu.id})
        lost.action_set_lost(lost_reason_id=self.reason.id)
        leads = converted | lost
        self._events(leads).sudo().unlink()  # as if MİY was installed after these leads
        self.env.flush_all()
        self.assertFalse(self.ordu.miy_customer_since)

        Event = self.env["miy.lifecycle.event"]
        self.assertGreaterEqual(Event._backfill_from_crm(), 5)
        self.assertEqual(self._events(converted).mapped("event"), ["lead_created", "qualified", "won"])
        self.assertEqual(self._events(lost).mapped("event"), ["opportunity_created", "lost"])
        self.assertEqual(self._events(lost)[-1].lost_reason_id, self.reason)
        self.assertEqual(self._events(converted).commercial_partner_id, self.ordu)
        self.assertTrue(self.ordu.miy_customer_since)
        self.assertTrue(self.hasan.miy_customer_since)
        self.assertEqual(Event._backfill_from_crm(), 0)

    def test_events_follow_crms_own_documents_rule(self):
        """A salesman under crm's 'own documents only' does not see, through the lifecycle history,
        analysis or a partner's counter, the leads of a colleague that crm hides from him."""
        colleague = new_test_user(
            self.env,
            login="miy_sales_colleague",
            name="Diğer Temsilci",
            groups="base.group_user,sales_team.group_sale_salesman,miy_contacts.group_miy_user",
        )
        hidden = self.Lead.create(
            {"name": "Gizli fırsat", "type": "opportunity", "partner_id": self.ordu.id, "expected_revenue": 90000}
        )
        hidden.action_set_won()
        own = (
            self.env["crm.lead"]
            .with_user(colleague)
            .create({"name": "Kendi fırsatım", "type": "opportunity", "partner_id": self.ordu.id})
        )
        with self.assertRaises(AccessError):
            hidden.with_user(colleague).read(["name"])  # crm's own rule
        Event = self.env["miy.lifecycle.event"].with_user(colleague)
        self.assertEqual(Event.search([("partner_id", "=", self.ordu.id)]).lead_id, own)
        self.assertFalse(Event._read_group([("lead_name", "=", "Gizli fırsat")], [], ["__count"])[0][0])
        with self.assertRaises(AccessError):
            self._events(hidden).with_user(colleague).read(["lead_name", "expected_revenue"])
        self.assertEqual(self.ordu.with_user(colleague).miy_lifecycle_event_count, 1)
        # a salesman who sees every lead sees every event; a MİY user without CRM rights sees none of them
        all_leads = new_test_user(
            self.env,
            login="miy_sales_all",
            name="Satış Müdürü",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,miy_contacts.group_miy_user",
        )
        self.assertEqual(self.ordu.with_user(all_leads).miy_lifecycle_event_count, 3)
        self.assertEqual(self.ordu.with_user(self.user_miy).miy_lifecycle_event_count, 0)


@tagged("post_install", "-at_install")
class TestLifecycleOnTheCard(MiyCommon):
    """An organization whose person won a deal: the card's Lifecycle tab, its Lifecycle button and
    its "Customer since" tell the same story; a person's card shows that person's events only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales = new_test_user(
            cls.env,
            login="miy_sales_card",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,miy_contacts.group_miy_user",
        )
        Partner = cls.env["res.partner"]
        cls.org = Partner.create({"name": "Nilüfer Gıda San. A.Ş.", "is_company": True})
        cls.ayse = Partner.create({"name": "Ayşe Yılmaz", "parent_id": cls.org.id})
        cls.colleague = Partner.create({"name": "Murat Koç", "parent_id": cls.org.id})
        cls.other_org = Partner.create({"name": "Gemlik Tekstil A.Ş.", "is_company": True})
        cls.stranger = Partner.create({"name": "Mehmet Kaya", "parent_id": cls.other_org.id})
        Lead = cls.env["crm.lead"].with_user(cls.user_sales)
        won = Lead.create({"name": "Paketleme hattı", "type": "opportunity", "partner_id": cls.ayse.id})
        won.action_set_won()
        Lead.create({"name": "Kazan", "type": "opportunity", "partner_id": cls.colleague.id})
        Lead.create({"name": "Dokuma", "type": "opportunity", "partner_id": cls.stranger.id})
        cls.Event = cls.env["miy.lifecycle.event"]

    def _card(self, partner):
        partner = partner.with_user(self.user_sales)
        partner.invalidate_recordset()
        action = partner.action_miy_view_lifecycle()
        return partner.miy_lifecycle_history_ids, self.Event.with_user(self.user_sales).search(action["domain"])

    def test_organization_tab_shows_its_peoples_events(self):
        tab, listed = self._card(self.org)
        self.assertTrue(self.org.miy_customer_since)
        self.assertEqual(tab.partner_id, self.ayse | self.colleague, "the tab is not empty beside 'Customer since'")
        self.assertEqual(tab, listed, "the tab and the Lifecycle button show the same events")
        self.assertEqual(len(tab), self.org.with_user(self.user_sales).miy_lifecycle_event_count)
        self.assertNotIn(self.stranger, tab.partner_id)

    def test_person_card_shows_only_that_persons_events(self):
        tab, listed = self._card(self.ayse)
        self.assertEqual(tab.partner_id, self.ayse)
        self.assertEqual(listed.partner_id, self.ayse, "no colleague's events on a person's card")
        self.assertEqual(tab, listed)
        tab, listed = self._card(self.colleague)
        self.assertEqual(tab.partner_id, self.colleague)
        self.assertEqual(listed, tab)

    def test_batch_of_cards(self):
        partners = (self.org | self.ayse | self.other_org).with_user(self.user_sales)
        self.assertEqual(partners[0].miy_lifecycle_history_ids.partner_id, self.ayse | self.colleague)
        self.assertEqual(partners[1].miy_lifecycle_history_ids.partner_id, self.ayse)
        self.assertEqual(partners[2].miy_lifecycle_history_ids.partner_id, self.stranger)
