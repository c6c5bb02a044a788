import math
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a, b):
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def order_route(start, points):
    """A short open route from ``start`` through every point: nearest neighbour, then 2-opt.

    Returns the indexes of ``points`` in visiting order. O(n²) per 2-opt pass: a day of 25 visits
    takes milliseconds.
    """
    nodes = [start, *points]
    n = len(nodes)
    dist = [[haversine_km(nodes[i], nodes[j]) for j in range(n)] for i in range(n)]
    todo = set(range(1, n))
    path = [0]
    while todo:
        last = path[-1]
        nearest = min(todo, key=lambda j: (dist[last][j], j))
        path.append(nearest)
        todo.remove(nearest)
    improved = True
    while improved:
        improved = False
        for i in range(1, n - 1):
            for k in range(i + 1, n):
                before = dist[path[i - 1]][path[i]] + (dist[path[k]][path[k + 1]] if k + 1 < n else 0.0)
                after = dist[path[i - 1]][path[k]] + (dist[path[i]][path[k + 1]] if k + 1 < n else 0.0)
                if after < before - 1e-9:
                    path[i : k + 1] = reversed(path[i : k + 1])
                    improved = True
    return [index - 1 for index in path[1:]]


def _located(partner):
    return bool(partner.partner_latitude or partner.partner_longitude)


class MiyAgendaRoute(models.TransientModel):
    """The field visit day plan (rota) of a salesperson or technician: the day's meetings at
    customers' addresses in a short order, with distances, travel times and map links."""

    _name = "miy.agenda.route"
    _description = "Field Visit Day Plan"

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson / Technician",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    start_point = fields.Selection(
        [("office", "Office"), ("home", "Home")], required=True, default="office", string="Start From"
    )
    speed_kmh = fields.Float(
        string="Average Speed (km/h)",
        required=True,
        default=lambda self: self.env.company.miy_route_speed_kmh or 40.0,
        help="Travel times are the straight-line distance at this average speed.",
    )
    start_partner_id = fields.Many2one("res.partner", string="Start Address", readonly=True)
    stop_ids = fields.One2many(
        "miy.agenda.route.stop", "route_id", string="Route", domain=[("located", "=", True)], readonly=True
    )
    missing_stop_ids = fields.One2many(
        "miy.agenda.route.stop",
        "route_id",
        string="Without Coordinates",
        domain=[("located", "=", False)],
        readonly=True,
    )
    total_km = fields.Float(string="Total Distance (km)", digits=(16, 1), readonly=True)
    total_minutes = fields.Integer(string="Total Travel (min)", readonly=True)
    planned = fields.Boolean(readonly=True)
    geocoder_available = fields.Boolean(compute="_compute_geocoder_available")

    def _compute_geocoder_available(self):
        available = "base.geocoder" in self.env
        for route in self:
            route.geocoder_available = available

    # ------------------------------------------------------------------ actions
    def action_plan(self):
        self.ensure_one()
        self._miy_check_user()
        if self.speed_kmh <= 0:
            raise UserError(self.env._("The average speed must be above zero km/h."))
        start = self.user_id.company_id.partner_id if self.start_point == "office" else self.user_id.partner_id
        if not _located(start):
            raise UserError(
                self.env._(
                    "The start point %(start)s has no coordinates: type its latitude and longitude on its "
                    "contact card, or start from the other point.",
                    start=start.display_name,
                )
            )
        visits = self._miy_day_visits()
        located = [(event, partner) for event, partner in visits if _located(partner)]
        missing = [(event, partner) for event, partner in visits if not _located(partner)]
        origin = (start.partner_latitude, start.partner_longitude)
        points = [(partner.partner_latitude, partner.partner_longitude) for _event, partner in located]
        order = order_route(origin, points) if points else []
        values = []
        previous = origin
        total_km = 0.0
        total_minutes = 0
        for sequence, index in enumerate(order, start=1):
            event, partner = located[index]
            km = haversine_km(previous, points[index])
            minutes = round(km / self.speed_kmh * 60)
            total_km += km
            total_minutes += minutes
            values.append(
                {
                    "sequence": sequence,
                    "event_id": event.id,
                    "partner_id": partner.id,
                    "located": True,
                    "distance_km": km,
                    "travel_minutes": minutes,
                    "from_latitude": previous[0],
                    "from_longitude": previous[1],
                }
            )
            previous = points[index]
        for sequence, (event, partner) in enumerate(missing, start=len(values) + 1):
            values.append({"sequence": sequence, "event_id": event.id, "partner_id": partner.id, "located": False})
        self.stop_ids.unlink()
        self.missing_stop_ids.unlink()
        self.write(
            {
                "start_partner_id": start.id,
                "stop_ids": [(0, 0, vals) for vals in values if vals["located"]],
                "missing_stop_ids": [(0, 0, vals) for vals in values if not vals["located"]],
                "total_km": total_km,
                "total_minutes": total_minutes,
                "planned": True,
            }
        )
        return self._miy_reopen()

    def action_print(self):
        self.ensure_one()
        if not self.planned:
            self.action_plan()
        return self.env.ref("miy_agenda.action_report_agenda_route").report_action(self)

    def action_geolocate_missing(self):
        """Geocode the partners lacking coordinates through Odoo's own geolocation (base_geolocalize)
        when the firm has it installed; otherwise coordinates are typed or imported."""
        self.ensure_one()
        if "base.geocoder" not in self.env:
            raise UserError(
                self.env._(
                    "Odoo's partner geolocation is not installed: type or import the latitude and longitude "
                    "of these contacts."
                )
            )
        self.missing_stop_ids.partner_id.geo_localize()
        return self.action_plan()

    def action_log_visits(self):
        """Log the day's visits back: as interactions (miy_interactions) or as a note on the meeting."""
        self.ensure_one()
        self._miy_check_user()
        if not self.planned:
            self.action_plan()
        stops = (self.stop_ids | self.missing_stop_ids).filtered(
            lambda s: s.event_id and not s.event_id.miy_visit_logged
        )
        stops._miy_log_visit()
        return self._miy_reopen()

    # ------------------------------------------------------------------ business methods
    def _miy_check_user(self):
        if self.user_id != self.env.user and not self.env.user.has_group("miy_contacts.group_miy_manager"):
            raise AccessError(self.env._("Only MİY managers may plan or log the day of another user."))

    def _miy_day_bounds(self):
        tz = pytz.timezone(self.user_id.tz or self.env.user.tz or "Europe/Istanbul")
        start = tz.localize(datetime.combine(self.date, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        return start, start + timedelta(days=1)

    def _miy_day_visits(self):
        """(meeting, customer) of the user's day: meetings the user organises or attends, at the
        first attendee who is not an internal user; meetings without such an attendee are internal."""
        day_start, day_stop = self._miy_day_bounds()
        user_partner = self.user_id.partner_id
        events = self.env["calendar.event"].search(
            [
                ("start", "<", day_stop),
                ("stop", ">=", day_start),
                "|",
                ("user_id", "=", self.user_id.id),
                ("partner_ids", "in", user_partner.ids),
            ],
            order="start, id",
        )
        visits = []
        for event in events:
            customers = event.partner_ids.filtered(
                lambda p: p != user_partner and not p.user_ids.filtered(lambda u: not u.share)
            )
            if not customers:
                continue
            customer = customers[0]
            if not _located(customer) and _located(customer.commercial_partner_id):
                customer = customer.commercial_partner_id
            visits.append((event, customer))
        return visits

    def _miy_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }


class MiyAgendaRouteStop(models.TransientModel):
    _name = "miy.agenda.route.stop"
    _description = "Field Visit Stop"
    _order = "sequence, id"

    route_id = fields.Many2one("miy.agenda.route", required=True, ondelete="cascade")
    sequence = fields.Integer()
    event_id = fields.Many2one("calendar.event", string="Meeting", readonly=True)
    event_start = fields.Datetime(related="event_id.start", string="Time")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    address = fields.Char(compute="_compute_address")
    located = fields.Boolean(readonly=True)
    distance_km = fields.Float(string="Distance (km)", digits=(16, 1), readonly=True)
    travel_minutes = fields.Integer(string="Travel (min)", readonly=True)
    from_latitude = fields.Float(digits=(10, 7))
    from_longitude = fields.Float(digits=(10, 7))
    map_url = fields.Char(string="Map", compute="_compute_urls")
    directions_url = fields.Char(string="Directions", compute="_compute_urls")
    geo_uri = fields.Char(compute="_compute_urls")
    logged = fields.Boolean(related="event_id.miy_visit_logged")

    @api.depends("partner_id")
    def _compute_address(self):
        for stop in self:
            stop.address = stop.partner_id._display_address(without_company=True).replace("\n", ", ").strip(", ")

    @api.depends("partner_id", "located", "from_latitude", "from_longitude")
    def _compute_urls(self):
        for stop in self:
            if not stop.located:
                stop.map_url = stop.directions_url = stop.geo_uri = False
                continue
            lat, lon = stop.partner_id.partner_latitude, stop.partner_id.partner_longitude
            stop.map_url = f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=16/{lat:.6f}/{lon:.6f}"
            stop.directions_url = (
                "https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route="
                f"{stop.from_latitude:.6f},{stop.from_longitude:.6f};{lat:.6f},{lon:.6f}"
            )
            stop.geo_uri = f"geo:{lat:.6f},{lon:.6f}"

    def _miy_log_visit(self):
        """Each visit as a miy_interactions interaction when that addon is installed (through the
        ORM, no dependency), a note on the meeting otherwise; the meeting is marked as logged."""
        with_interactions = "miy.interaction" in self.env
        for stop in self:
            event = stop.event_id
            user = stop.route_id.user_id
            if with_interactions:
                self.env["miy.interaction"].create(
                    {
                        "subject": self.env._("Visit: %(meeting)s", meeting=event.name),
                        "date": event.start,
                        "duration": event.duration,
                        "channel": "visit",
                        "partner_ids": [(6, 0, stop.partner_id.ids)],
                        "user_ids": [(6, 0, user.ids)],
                        "company_id": user.company_id.id,
                        "details": Markup("<p>%s</p>")
                        % self.env._(
                            "Field visit of the day plan of %(date)s, stop %(stop)s.",
                            date=fields.Date.to_string(stop.route_id.date),
                            stop=stop.sequence,
                        ),
                    }
                )
            else:
                event.message_post(
                    body=escape(
                        self.env._(
                            "Visited %(customer)s by %(user)s (field day plan, stop %(stop)s).",
                            customer=stop.partner_id.display_name,
                            user=user.name,
                            stop=stop.sequence,
                        )
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            event.miy_visit_logged = True
