from contextlib import closing
from datetime import date

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestDealerCampaignClaim(TransactionCase):
    """Two cron workers at once: each claims the due steps with FOR UPDATE SKIP LOCKED, so a step
    claimed by one is skipped (not waited for, not run twice) by the other.

    Needs rows committed for other connections to see them: the test commits its own campaign on a
    connection of its own and deletes it at the end (nothing of the test transaction is touched)."""

    def test_two_workers_never_claim_the_same_step(self):
        dbname = self.env.cr.dbname
        with closing(sql_db.db_connect(dbname).cursor()) as setup_cr:
            env = api.Environment(setup_cr, SUPERUSER_ID, {"tracking_disable": True})
            segment = env["miy.segment"].create({"name": "Claim test segment", "domain": "[('id', '=', 0)]"})
            campaign = env["utm.campaign"].create(
                {
                    "title": "Claim test campaign",
                    "miy_segment_id": segment.id,
                    "miy_date_start": date(2026, 3, 1),
                    "miy_date_end": date(2026, 3, 31),
                    "miy_step_ids": [Command.create({"name": "Claim test step", "step_type": "visit"})],
                }
            )
            step_id = campaign.miy_step_ids.id
            setup_cr.commit()
            try:
                with (
                    closing(sql_db.db_connect(dbname).cursor()) as cr1,
                    closing(sql_db.db_connect(dbname).cursor()) as cr2,
                ):
                    cr2.execute("SET lock_timeout = '5s'")  # would fail, not hang, if SKIP LOCKED waited
                    Step1 = api.Environment(cr1, SUPERUSER_ID, {})["miy.campaign.step"]
                    Step2 = api.Environment(cr2, SUPERUSER_ID, {})["miy.campaign.step"]
                    claimed_1 = Step1.browse(step_id)._miy_claim()
                    self.assertEqual(claimed_1.ids, [step_id])
                    # worker 1 holds the row: worker 2 skips it at once
                    self.assertFalse(Step2.browse(step_id)._miy_claim())
                    cr1.commit()
                    # worker 1 committed: worker 2's transaction began before, its claim is refused
                    with mute_logger("odoo.sql_db"):
                        self.assertFalse(Step2.browse(step_id)._miy_claim())
                    cr2.rollback()
                    # its next run sees the step running (then done), never planned
                    self.assertFalse(Step2.browse(step_id)._miy_claim())
                    cr2.execute("SELECT state FROM miy_campaign_step WHERE id = %s", [step_id])
                    self.assertEqual(cr2.fetchone()[0], "running")
            finally:
                setup_cr.rollback()
                env = api.Environment(setup_cr, SUPERUSER_ID, {})
                env["utm.campaign"].browse(campaign.id).unlink()
                env["miy.segment"].browse(segment.id).unlink()
                setup_cr.commit()
