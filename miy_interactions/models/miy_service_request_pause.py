from odoo import fields, models
from odoo.tools.sql import column_exists, table_exists

# The SLA clock runs in these states; in "waiting" (for the customer) it is paused.
CLOCK_RUNNING_STATES = ("new", "in_progress")


class MiyServiceRequest(models.Model):
    """The SLA clock pauses while a request waits for the customer.

    Entering *Waiting Customer* stamps ``waiting_since``; leaving it adds the working hours
    of the wait (the request's calendar) to ``sla_paused_hours`` (``_miy_book_wait``), which
    moves the resolution deadline later and is left out of the resolution time (see
    ``_compute_deadlines`` and ``_compute_durations``). The escalation cron skips waiting
    requests. ``create`` and ``write`` (in ``miy_service_request.py``) call these helpers.
    """

    _inherit = "miy.service.request"

    waiting_since = fields.Datetime(
        copy=False,
        readonly=True,
        help="When the request started waiting for the customer: the SLA clock is paused since then.",
    )
    sla_paused_hours = fields.Float(
        string="SLA Paused (h)",
        copy=False,
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="Working hours the request spent waiting for the customer: they do not count toward the "
        "resolution time, and the resolution deadline moved later by them.",
    )

    def _auto_init(self):
        # requests already waiting when the pause is installed: their wait counts from their
        # last change (the best trace of when they started waiting)
        cr = self.env.cr
        fill = table_exists(cr, "miy_service_request") and not column_exists(cr, "miy_service_request", "waiting_since")
        result = super()._auto_init()
        if fill:
            cr.execute("UPDATE miy_service_request SET waiting_since = write_date WHERE state = 'waiting'")
        return result

    def _miy_book_wait(self, until):
        """The requests stop waiting at ``until``: add the working hours of their wait to their
        paused hours (called by ``write`` before the new state is written)."""
        for service_request in self:
            paused = service_request._miy_waited_hours(until)
            service_request.write(
                {"sla_paused_hours": service_request.sla_paused_hours + paused, "waiting_since": False}
            )

    def _miy_waited_hours(self, until):
        """Working hours from the start of the current wait to ``until``."""
        self.ensure_one()
        if not self.waiting_since:
            return 0.0
        return self._miy_work_hours(self._miy_calendar(), until, start=self.waiting_since)
