"""18.0.1.1.0: segment domains are data, never code.

Up to 18.0.1.0.0 a segment's domain was evaluated as Python with the user in scope. Rewrite the
stored domains into literal domains: the expressions that meant a relative date or the current
user (``context_today()``, ``relativedelta(...)``, ``uid``, ``user.id``...) become placeholders
(``{today-30d}``, ``{uid}``...). A domain that cannot be converted is left as it is (it is never
evaluated: it selects nobody and its form says why), logged, and noted in the segment's chatter
for a manager to rewrite. Nothing here raises on a segment's content.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    converted, flagged = env["miy.segment"]._migrate_legacy_domains()
    _logger.info(
        "miy_contacts 18.0.1.1.0: %s segment domains rewritten as literal domains, %s left for review (ids %s)",
        len(converted),
        len(flagged),
        flagged,
    )
