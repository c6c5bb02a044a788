from odoo.tests import HttpCase, tagged

from odoo.addons.miy_contacts.tests.readonly_routes import READ_ONLY, ReadonlyRoutesMixin, record_cursors

from .agenda_checkin_common import AgendaCheckinCommon


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(AgendaCheckinCommon, ReadonlyRoutesMixin, HttpCase):
    """The participant's pass and the desk's look-ups read from the replica; a check-in writes on
    the primary. Odoo's test mode gives read-only routes a read-only transaction, as a replica."""

    def _call(self, model, method, args):
        with record_cursors() as runs:
            result = self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}", {"model": model, "method": method, "args": args, "kwargs": {}}
            )
        return result, [readonly for __, readonly in runs]

    def test_route_modes(self):
        self.assert_route_modes("miy_agenda", {"/miy_agenda/pass/<string:code>": READ_ONLY})
        # the desk's look-ups go through Odoo's /web/dataset/call_kw, read-only for @api.readonly methods
        Event, Attendee = self.env.registry["calendar.event"], self.env.registry["calendar.attendee"]
        self.assertTrue(getattr(Event.miy_checkin_desk_meetings, "_readonly", False))
        self.assertTrue(getattr(Event.miy_checkin_desk_info, "_readonly", False))
        self.assertFalse(getattr(Attendee.miy_checkin_scan, "_readonly", False))
        self.assertFalse(getattr(Attendee.miy_checkin_walkin, "_readonly", False))

    def test_pass_page_works_on_a_read_only_cursor(self):
        code = self.att_ayse.sudo().miy_checkin_code
        self.open_read_only(f"/miy_agenda/pass/{code}", "Ayşe Checkin", "Nilüfer Gıda (checkin test)")
        self.open_read_only(f"/miy_agenda/pass/{code[:-1]}x", status=404)

    def test_desk_reads_the_replica_and_checks_in_on_the_primary(self):
        self.authenticate(self.user_desk.login, self.user_desk.login)
        meetings, runs = self._call("calendar.event", "miy_checkin_desk_meetings", [])
        self.assertIn(self.event.id, [meeting["id"] for meeting in meetings])
        self.assertEqual(runs, [True])
        info, runs = self._call("calendar.event", "miy_checkin_desk_info", [[self.event.id]])
        self.assertEqual(info["counts"]["arrived"], 0)
        self.assertEqual(runs, [True])
        result, runs = self._call(
            "calendar.attendee", "miy_checkin_scan", [self.event.id, self.att_ayse.sudo().miy_checkin_code]
        )
        self.assertEqual(result["status"], "ok", result)
        self.assertEqual(runs, [False])
        self.assertTrue(self.att_ayse.miy_arrival_datetime)
        info, runs = self._call("calendar.event", "miy_checkin_desk_info", [[self.event.id]])
        self.assertEqual(info["counts"]["arrived"], 1)
        self.assertEqual(runs, [True])
