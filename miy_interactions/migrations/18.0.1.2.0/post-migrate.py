"""18.0.1.2.0: managers see their teams' interactions instead of all of them.

The rule ``miy_interaction_rule_manager`` sits in a ``noupdate`` block, so an upgrade would keep
the old "see all" domain: write the new one here (the same as in
security/miy_interactions_security.xml). The new administrators' rule is created by the upgrade.
"""

from odoo import SUPERUSER_ID, api

MANAGER_RULE_NAME = "Interactions: managers see their teams'"
MANAGER_RULE_DOMAIN = """[
    "|", "|",
    ("user_ids", "in", user.miy_team_user_ids.ids),
    ("create_uid", "in", user.miy_team_user_ids.ids),
    ("followup_user_ids", "in", user.miy_team_user_ids.ids),
]"""


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("miy_interactions.miy_interaction_rule_manager", raise_if_not_found=False)
    if rule and rule.domain_force.replace(" ", "").replace("\n", "") == '[(1,"=",1)]':
        # only the shipped "see all" domain: a domain an administrator changed is kept
        rule.write({"name": MANAGER_RULE_NAME, "domain_force": MANAGER_RULE_DOMAIN})
