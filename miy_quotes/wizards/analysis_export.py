# Part of MİY. See LICENSE file for full copyright and licensing details.
import base64
import io
from datetime import timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# groupings of miy.quote.analysis, one win-rate sheet each
DIMENSIONS = ("user_id", "team_id", "partner_id", "categ_id", "value_band", "date:month")


class MiyQuoteAnalysisExport(models.TransientModel):
    _name = "miy.quote.analysis.export"
    _description = "Export Quote Win/Loss Analysis"

    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start date must be before the end date."))

    def _domain(self):
        domain = []
        if self.date_from:
            domain.append(("date", ">=", fields.Datetime.to_datetime(self.date_from)))
        if self.date_to:
            domain.append(("date", "<", fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)))
        return domain

    @staticmethod
    def _label(value):
        if isinstance(value, models.BaseModel):
            return value.display_name or ""
        if isinstance(value, tuple):  # selection (key, label)
            return value[1]
        return "" if value in (None, False) else str(value)

    def _rows(self, groupby):
        """(label, quotes, won, lost, win rate, amount, avg days to first sent, avg days to decision)."""
        Analysis = self.env["miy.quote.analysis"]  # as the user: record rules apply
        field_name = groupby.split(":")[0]
        selection = (
            dict(Analysis._fields[field_name]._description_selection(self.env))
            if (Analysis._fields[field_name].type == "selection")
            else None
        )
        groups = Analysis._read_group(
            self._domain(),
            [groupby],
            [
                "__count",
                "won_count:sum",
                "lost_count:sum",
                "win_rate:avg",
                "amount:sum",
                "days_to_first_sent:avg",
                "days_to_decision:avg",
            ],
        )
        rows = []
        for key, count, won, lost, rate, amount, to_sent, to_decision in groups:
            label = selection.get(key, "") if selection is not None else self._label(key)
            if hasattr(key, "strftime"):
                label = key.strftime("%Y-%m")
            rows.append((label, count, won, lost, rate, amount, to_sent, to_decision))
        return rows

    def _export_xlsx(self):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "#,##0.00"})
        headers = [
            "",
            self.env._("Quotes"),
            self.env._("Won"),
            self.env._("Lost"),
            self.env._("Win Rate (%)"),
            self.env._("Untaxed Amount"),
            self.env._("Days to First Sent"),
            self.env._("Days to Decision"),
        ]
        titles = {
            "user_id": self.env._("Salesperson"),
            "team_id": self.env._("Sales Team"),
            "partner_id": self.env._("Customer"),
            "categ_id": self.env._("Product Category"),
            "value_band": self.env._("Value Band"),
            "date:month": self.env._("Month"),
        }

        def sheet(title, head, rows):
            worksheet = workbook.add_worksheet(title[:31])
            worksheet.write_row(0, 0, head, bold)
            worksheet.freeze_panes(1, 1)
            for row_index, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    if isinstance(value, float):
                        worksheet.write_number(row_index, col, value, number)
                    else:
                        worksheet.write(row_index, col, "" if value is None else value)
            worksheet.set_column(0, 0, 32)
            worksheet.set_column(1, len(head) - 1, 16)

        for groupby in DIMENSIONS:
            sheet(titles[groupby], [titles[groupby], *headers[1:]], self._rows(groupby))
        Analysis = self.env["miy.quote.analysis"]
        lost_domain = [*self._domain(), ("outcome", "=", "lost")]
        reasons = Analysis._read_group(lost_domain, ["lost_reason_id"], ["__count", "amount:sum"], order="__count desc")
        sheet(
            self.env._("Lost Reasons"),
            [self.env._("Lost Reason"), self.env._("Quotes"), self.env._("Untaxed Amount")],
            [(self._label(reason), count, amount) for reason, count, amount in reasons],
        )
        competitors = Analysis._read_group(
            [*lost_domain, ("competitor_id", "!=", False)],
            ["competitor_id"],
            ["__count", "amount:sum", "competitor_price:sum"],
            order="__count desc",
        )
        sheet(
            self.env._("Competitors"),
            [
                self.env._("Won By Competitor"),
                self.env._("Quotes"),
                self.env._("Untaxed Amount"),
                self.env._("Competitor's Price"),
            ],
            [(self._label(partner), count, amount, price) for partner, count, amount, price in competitors],
        )
        workbook.close()
        return buffer.getvalue()

    def action_export(self):
        self.ensure_one()
        data = self._export_xlsx()
        self.write({"file": base64.b64encode(data), "filename": self.env._("quote_win_loss.xlsx")})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file&filename_field=filename&download=true",
            "target": "self",
        }
