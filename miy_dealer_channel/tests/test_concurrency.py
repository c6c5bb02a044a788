import uuid

from psycopg2 import errors as pg_errors

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.miy_contacts.tests.concurrency import MiyConcurrencyCase


@tagged("post_install", "-at_install")
class TestRoutingConcurrency(MiyConcurrencyCase):
    """A lead routed twice at the same moment (the routing wizard by the rules, and a
    salesperson routing it to a dealer by hand, or two routing runs): it ends with one dealer and
    one line in its routing history (the tracked dealer), the other run fails on PostgreSQL's
    serialization check (the request is replayed and sees the lead routed)."""

    cleanup_models = ("mail.message", "crm.lead", "miy.dealer.routing.rule", "miy.dealer", "res.partner")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = uuid.uuid4().hex[:8]
        with cls.committed(context={"miy_no_dealer_routing": True}) as env:
            state = env.ref("base.state_tr_30")  # Hakkari: no dealer of the demo covers it
            Partner = env["res.partner"]
            dealers = env["miy.dealer"].create(
                [
                    {
                        "partner_id": Partner.create({"name": f"CC Bayi {name} {tag}", "is_company": True}).id,
                        "state_ids": [(6, 0, state.ids)],
                    }
                    for name in ("Bir", "İki")
                ]
            )
            env["miy.dealer.routing.rule"].create({"name": f"CC Hakkari {tag}", "state_ids": [(6, 0, state.ids)]})
            lead = env["crm.lead"].create({"name": f"CC lead {tag}", "type": "lead", "state_id": state.id})
            cls.lead_id, cls.dealer_ids = lead.id, dealers.ids

    def _by_rules(self, env):
        env["crm.lead"].browse(self.lead_id)._miy_route_by_rules()

    def _by_hand(self, env):
        wizard = env["miy.dealer.route.wizard"].create(
            {"lead_ids": [(6, 0, [self.lead_id])], "mode": "dealer", "dealer_id": self.dealer_ids[1]}
        )
        wizard.action_route()

    def _reset(self):
        with self.committed(context={"tracking_disable": True}) as env:
            lead = env["crm.lead"].browse(self.lead_id)
            lead.message_ids.filtered(lambda message: message.tracking_value_ids).unlink()
            lead.write({"miy_dealer_id": False, "miy_dealer_state": False, "miy_routed_date": False})

    def _check_one_dealer(self, *outcomes):
        for outcome in outcomes:
            if outcome.error is not None:
                self.assertIsInstance(outcome.error, pg_errors.SerializationFailure, repr(outcome.error))
        self.assertEqual(sum(outcome.error is None for outcome in outcomes), 1, outcomes)
        with self.committed() as env:
            lead = env["crm.lead"].browse(self.lead_id)
            self.assertIn(lead.miy_dealer_id.id, self.dealer_ids)
            self.assertEqual(lead.miy_dealer_state, "routed")
            tracked = lead.message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "miy_dealer_id")
            self.assertEqual(len(tracked), 1, "one routing in the lead's history")
            self.assertEqual(tracked.new_value_integer, lead.miy_dealer_id.id)

    @mute_logger("odoo.sql_db")
    def test_rules_and_hand_started_together(self):
        self._reset()
        self._check_one_dealer(*self.stale_snapshot(self._by_rules, self._by_hand))

    @mute_logger("odoo.sql_db")
    def test_hand_while_rules_uncommitted(self):
        self._reset()
        self._check_one_dealer(*self.overlapping(self._by_rules, self._by_hand))

    @mute_logger("odoo.sql_db")
    def test_two_rule_runs_by_two_threads(self):
        self._reset()
        self._check_one_dealer(*self.run_concurrently(self._by_rules, self._by_rules))
