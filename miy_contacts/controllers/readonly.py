"""Which MİY routes Odoo may serve from a read-only database replica.

Odoo opens the cursor of a route declared ``readonly`` on the replica (``--db_replica_host``),
and on the primary otherwise. A route only reads may be read-only; anything that writes, even
as a side effect, stays on the primary. Should a read-only route write after all, PostgreSQL
refuses the write (``ReadOnlySqlTransaction``) and Odoo runs the whole request again on the
primary: slower, and logged as a warning, but never lost.

``miy_readonly_page`` is the ``readonly=`` of the portal pages: read-only for a GET, except for
the page a form lands on right after saving (``?submitted=1``, ``?message=...``), which reads
the primary so that the user sees what was just saved even if the replica is a moment behind.
The POST of the same route (a form that saves) always runs on the primary.
"""

from odoo.http import request

# query parameters of the pages a form redirects to after a write
JUST_SAVED_PARAMS = frozenset(("submitted", "message"))


def miy_readonly_page(controller):
    """``readonly=`` of a page route: a plain GET reads the replica; a POST, or the page shown
    just after a save, uses the primary. Odoo calls it with the controller, before the route runs."""
    httprequest = request.httprequest
    return httprequest.method in ("GET", "HEAD") and not JUST_SAVED_PARAMS.intersection(httprequest.args)
