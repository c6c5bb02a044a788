"""Read-only routes (served from the database replica): helpers shared by the addons' tests.

Every MİY route is classified in its addon's ``test_readonly_routes.py``:

- ``READ_ONLY``: ``readonly=True``, the route only reads (downloads, public pages);
- ``READ_ONLY_PAGE``: ``readonly=miy_readonly_page``, a portal page: a GET reads the replica, a
  POST (the form saving) and the page shown right after a save use the primary;
- ``READ_WRITE``: the primary (Odoo's default), for anything that writes or may write.

In the test mode, Odoo gives a read-only route a cursor in ``SET TRANSACTION READ ONLY`` (as a
replica would be); a write there fails and Odoo runs the request again on a read/write cursor.
``record_cursors`` sees every run of a route with the kind of cursor it had, so a page that
writes where it should not shows up as a second, read/write run.
"""

import contextlib
from unittest.mock import patch

import odoo.http

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page

READ_ONLY = "read-only"
READ_ONLY_PAGE = "read-only GET"
READ_WRITE = "read/write"


def route_modes(env, module):
    """``{url rule: mode}`` of the routes whose handler is defined (or overridden) in ``module``."""
    prefix = f"odoo.addons.{module}."
    modes = {}
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        method = endpoint.func  # the controller's bound method
        name = method.__name__
        if not any(cls.__module__.startswith(prefix) and name in vars(cls) for cls in type(method.__self__).__mro__):
            continue
        readonly = endpoint.routing.get("readonly")
        if readonly is miy_readonly_page:
            mode = READ_ONLY_PAGE
        elif callable(readonly):
            mode = f"callable {readonly.__qualname__}"
        else:
            mode = READ_ONLY if readonly else READ_WRITE
        modes[rule.rule] = mode
    return modes


@contextlib.contextmanager
def record_cursors():
    """Yield a list that receives ``(path, cursor is read-only)`` for every run of a route."""
    runs = []
    serve = odoo.http.Request._serve_ir_http

    def recording_serve(self, rule, args):
        runs.append((self.httprequest.path, bool(self.env.cr.readonly)))
        return serve(self, rule, args)

    with patch.object(odoo.http.Request, "_serve_ir_http", recording_serve):
        yield runs


class ReadonlyRoutesMixin:
    """For an addon's tests: ``assert_route_modes`` (registry) and, in an ``HttpCase``, the checks
    of one request on a read-only or on a read/write cursor."""

    def assert_route_modes(self, module, expected):
        modes = route_modes(self.env, module)
        unclassified = sorted(set(modes) - set(expected))
        self.assertFalse(
            unclassified,
            f"{module} has routes nobody classified: {unclassified}. Decide whether each one only reads "
            f"(readonly=True, or readonly=miy_readonly_page for a portal page) or may write (leave Odoo's "
            f"read/write default), and add it to {module}/tests/test_readonly_routes.py (see the root "
            f"README, 'Several workers and a read replica').",
        )
        self.assertFalse(sorted(set(expected) - set(modes)), f"routes of the table that {module} no longer has")
        for rule, mode in expected.items():
            self.assertEqual(modes[rule], mode, f"{rule} must be {mode}")

    def open_read_only(self, url, *texts, status=200, **kwargs):
        """GET ``url``: one run, on a read-only cursor (no write retried on the primary); ``status``
        and ``texts`` in the page. Returns the response."""
        with record_cursors() as runs:
            response = self.url_open(url, allow_redirects=False, **kwargs)
        self.assertEqual(response.status_code, status, url)
        for text in texts:
            self.assertIn(text, response.text, url)
        self.assertEqual(
            runs,
            [(url.split("?")[0], True)],
            f"{url} must be served in one run on a read-only cursor (a second, read/write run means it wrote)",
        )
        return response

    def open_read_write(self, url, data=None, **kwargs):
        """``url`` (a POST when ``data`` is given) runs once, on a read/write cursor: never on the
        replica. Returns the response (not followed if it redirects)."""
        with record_cursors() as runs:
            response = self.url_open(url, data=data, allow_redirects=False, **kwargs)
        self.assertEqual(runs, [(url.split("?")[0], False)], f"{url} must run on the primary only")
        return response
