from datetime import datetime, time, timedelta

import holidays
import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError

HALF_DAY_FROM = time(13, 0)  # Turkish half-day eves (arife) start at 13:00


class ResourceCalendarLeaves(models.Model):
    """Company-wide holidays of MİY: Turkey's official and religious holidays computed by the
    ``holidays`` package, and the company's own holidays and bridge days.

    They are global leaves (no resource, no calendar) of the company, so every working-time
    computation of Odoo (``resource.calendar.plan_hours``/``plan_days``, SLA deadlines...) skips them.
    """

    _inherit = "resource.calendar.leaves"

    miy_holiday_kind = fields.Selection(
        [
            ("official", "Official Holiday"),
            ("religious", "Religious Holiday"),
            ("half_day", "Half-Day Eve"),
            ("company", "Company Holiday"),
            ("bridge", "Bridge Day"),
        ],
        string="Holiday Type",
        index=True,
    )
    miy_holiday_key = fields.Char(
        string="Holiday Key", readonly=True, copy=False, help="Set on computed holidays: the date and its category."
    )

    _sql_constraints = [
        (
            "miy_holiday_key_uniq",
            "unique (company_id, miy_holiday_key)",
            "This computed holiday already exists for the company.",
        )
    ]

    @api.model
    def _miy_turkish_holidays(self, year, lang="tr"):
        """``[(date, name, kind)]`` of Turkey's holidays of ``year``, from the ``holidays`` package,
        named in ``lang`` (``tr`` or ``en_US``; the leaves' names are not translatable: Turkish)."""
        public = holidays.country_holidays("TR", years=year, categories=("public",), language=lang)
        public_en = holidays.country_holidays("TR", years=year, categories=("public",), language="en_US")
        half = holidays.country_holidays("TR", years=year, categories=("half_day",), language=lang)
        result = []
        for day, name in sorted(public.items()):
            kind = "religious" if "Eid" in public_en.get(day, "") else "official"
            result.append((day, name, kind))
        for day, name in sorted(half.items()):
            result.append((day, name, "half_day"))
        return sorted(result)

    @api.model
    def _miy_fill_turkish_holidays(self, years, companies=None):
        """Write Turkey's holidays of ``years`` as global leaves of each company (default: the
        companies in Turkey or without a country). Idempotent: a day already written (even if a
        manager edited it) is left alone. Returns the leaves created."""
        if isinstance(companies, list):  # ids, from XML data
            companies = self.env["res.company"].browse(companies)
        if companies is None:
            companies = self.env["res.company"].search(
                ["|", ("partner_id.country_id", "=", False), ("partner_id.country_id.code", "=", "TR")]
            )
        created = self.browse()
        rows = [row for year in years for row in self._miy_turkish_holidays(year)]
        keys = [f"TR-{day.isoformat()}-{kind}" for day, _name, kind in rows]
        existing = set(
            self.with_context(active_test=False)
            .search_fetch(
                [("miy_holiday_key", "in", keys), ("company_id", "in", companies.ids)],
                ["company_id", "miy_holiday_key"],
            )
            .mapped(lambda leave: (leave.company_id.id, leave.miy_holiday_key))
        )
        for company in companies:
            vals_list = []
            tz = pytz.timezone(company.resource_calendar_id.tz or "Europe/Istanbul")
            for (day, name, kind), key in zip(rows, keys, strict=True):
                if (company.id, key) in existing:
                    continue
                start = tz.localize(datetime.combine(day, HALF_DAY_FROM if kind == "half_day" else time.min))
                stop = tz.localize(datetime.combine(day + timedelta(days=1), time.min))
                vals_list.append(
                    {
                        "name": name,
                        "company_id": company.id,
                        "calendar_id": False,
                        "resource_id": False,
                        "time_type": "leave",
                        "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                        "date_to": stop.astimezone(pytz.utc).replace(tzinfo=None),
                        "miy_holiday_kind": kind,
                        "miy_holiday_key": key,
                    }
                )
            # global leaves take their company from the environment (``_compute_company_id``)
            leaves = self.with_company(company).create(vals_list)
            leaves.flush_recordset()  # computes their company now, in this company's environment
            created |= leaves
        return created

    @api.model
    def _cron_fill_turkish_holidays(self):
        year = fields.Date.context_today(self).year
        self._miy_fill_turkish_holidays([year, year + 1])

    @api.model
    def action_miy_fill_holidays(self):
        """Button of the holiday list: this year's and next year's holidays for the current company."""
        if not self.env.user.has_group("miy_contacts.group_miy_manager"):
            raise AccessError(self.env._("Only MİY managers may compute the holidays."))
        year = fields.Date.context_today(self).year
        leaves = self._miy_fill_turkish_holidays([year, year + 1], companies=self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s holidays added for %(first)s and %(second)s.",
                    count=len(leaves),
                    first=year,
                    second=year + 1,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
