"""18.0.1.4.0: service request numbers are an unbroken register (``no_gap``).

The sequence's data record is ``noupdate``, so an existing database keeps the standard
implementation (a PostgreSQL sequence, never rolled back) unless it is switched here. Odoo's
``ir.sequence.write`` starts a ``no_gap`` sequence from its stored ``number_next``, which a
standard sequence never updates: the number to continue from is passed explicitly.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    sequence = env.ref("miy_interactions.ir_sequence_service_request", raise_if_not_found=False)
    if sequence and sequence.implementation == "standard":
        sequence.write({"implementation": "no_gap", "number_next": sequence.number_next_actual})
