from odoo import api, models


class ReportAgendaCheckinBadge(models.AbstractModel):
    """Badges carry the participants' check-in codes: printed by the front desk only."""

    _name = "report.miy_agenda.agenda_checkin_badge"
    _description = "Meeting Badge"

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["calendar.attendee"]._miy_check_front_desk()
        return {
            "doc_ids": docids,
            "doc_model": "calendar.attendee",
            "docs": self.env["calendar.attendee"].browse(docids),
        }
