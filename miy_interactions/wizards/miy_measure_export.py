import base64
import io
from collections import defaultdict

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.miy_interaction_report import VISIT_CHANNELS, utc_period_bounds

# Excel limits a sheet name to 31 characters and forbids a few characters in it.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


class MiyMeasureExport(models.TransientModel):
    """Excel workbook of the interaction measures over a date range: one sheet per customer,
    user and team, with interactions and visits by channel.

    Other features add sheets by extending ``_miy_measure_sheets``; service requests are picked
    up when ``miy.service.request`` offers ``_miy_measure_rows(date_from, date_to)``.
    """

    _name = "miy.measure.export"
    _description = "Export Interaction Measures"

    date_from = fields.Date(required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    # ------------------------------------------------------------------ defaults
    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    # ------------------------------------------------------------------ actions
    def action_export(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._(
                    "The period starts on %(start)s, after its end %(end)s: choose a start before the end.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        self.write(
            {
                "file_data": base64.b64encode(self._miy_workbook(self.date_from, self.date_to)),
                "file_name": f"miy_measures_{self.date_from}_{self.date_to}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file_data"
            "&filename_field=file_name&download=true",
            "target": "download",
        }

    # ------------------------------------------------------------------ business methods
    @api.model
    def _miy_workbook(self, date_from, date_to):
        """The .xlsx file's bytes: one sheet per entry of ``_miy_measure_sheets``."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        used = set()
        for name, headers, rows in self._miy_measure_sheets(date_from, date_to):
            sheet = workbook.add_worksheet(self._miy_sheet_name(name, used))
            sheet.write_row(0, 0, headers, bold)
            for index, row in enumerate(rows, start=1):
                sheet.write_row(index, 0, row)
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, max(len(headers) - 1, 1), 14)
            sheet.freeze_panes(1, 1)
        workbook.close()
        return output.getvalue()

    @api.model
    def _miy_sheet_name(self, name, used):
        base = (name or "Sheet").translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_MAX] or "Sheet"
        candidate, counter = base, 2
        while candidate.lower() in used:
            suffix = f" ({counter})"
            candidate, counter = base[: SHEET_NAME_MAX - len(suffix)] + suffix, counter + 1
        used.add(candidate.lower())
        return candidate

    @api.model
    def _miy_measure_sheets(self, date_from, date_to):
        """[(sheet name, headers, rows)] of the workbook. Extend to add sheets."""
        sheets = [
            (self.env._("Customers"), "partner_id", self.env._("Customer")),
            (self.env._("Users"), "user_id", self.env._("User")),
            (self.env._("Teams"), "team_id", self.env._("Sales Team")),
        ]
        result = [
            (name, *self._miy_interaction_measures(date_from, date_to, groupby, label))
            for name, groupby, label in sheets
        ]
        if "miy.service.request" in self.env and hasattr(self.env["miy.service.request"], "_miy_measure_rows"):
            headers, rows = self.env["miy.service.request"]._miy_measure_rows(date_from, date_to)
            result.append((self.env._("Service Requests"), headers, rows))
        return result

    @api.model
    def _miy_period_domain(self, date_from, date_to):
        """The interactions of the days ``date_from`` to ``date_to``, days of the user's time zone."""
        start, end = utc_period_bounds(self.env, date_from, date_to)
        return [("date", ">=", start), ("date", "<", end)]

    @api.model
    def _miy_interaction_measures(self, date_from, date_to, groupby, label):
        """(headers, rows) of interactions and visits per ``groupby`` value and channel, in one
        grouped query over the measures the current user may read."""
        channels = self.env["miy.interaction"]._fields["channel"]._description_selection(self.env)
        groups = self.env["miy.interaction.report"]._read_group(
            self._miy_period_domain(date_from, date_to),
            [groupby, "channel"],
            ["interaction_count:count_distinct"],
        )
        counts = defaultdict(dict)
        for record, channel, count in groups:
            counts[record][channel] = count
        headers = [label, self.env._("Interactions"), self.env._("Visits")] + [name for __, name in channels]
        rows = []
        for record, by_channel in counts.items():
            rows.append(
                [
                    record.sudo().display_name if record else self.env._("(none)"),
                    sum(by_channel.values()),
                    sum(by_channel.get(channel, 0) for channel in VISIT_CHANNELS),
                    *(by_channel.get(channel, 0) for channel, __ in channels),
                ]
            )
        rows.sort(key=lambda row: (-row[1], row[0]))
        return headers, rows
