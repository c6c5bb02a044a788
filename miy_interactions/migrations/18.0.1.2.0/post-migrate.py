"""18.0.1.2.0: managers see their teams' interactions instead of all of them.

The rule ``miy_interaction_rule_manager`` sits in a ``noupdate`` block, so an upgrade would keep
the old "see all" domain: write the new one here (the same as in
security/miy_interactions_security.xml). The users' rule is rewritten with the same meaning and
its common case first (faster on large lists). The new administrators' rule is created by the
upgrade.
"""

from odoo import SUPERUSER_ID, api

MANAGER_RULE_NAME = "Interactions: managers see their teams'"
# The domain as of 18.0.1.3.0 (teams read in the query: see ../18.0.1.3.0/post-team-rules.py),
# written directly when upgrading from 18.0.1.1.0.
MANAGER_RULE_DOMAIN = """[("miy_with_my_team", "=", True)]"""

# The users' rule: the same records as 18.0.1.1.0's, with the common case first (one condition
# instead of three probes per row on large lists), in its 18.0.1.3.0 form.
USER_RULE_OLD_DOMAIN = """[
    "|", "|", "|", "|",
    "&", ("user_ids", "=", False), ("partner_ids", "=", False),
    ("create_uid", "=", user.id),
    ("user_ids", "in", user.id),
    ("followup_user_ids", "in", user.id),
    ("user_ids", "in", user.crm_team_ids.member_ids.ids),
]"""
USER_RULE_DOMAIN = """[
    "|", "|", "|",
    ("miy_with_my_sales_teams", "=", True),
    ("create_uid", "=", user.id),
    ("followup_user_ids", "in", user.id),
    "&", ("user_ids", "=", False), ("partner_ids", "=", False),
]"""


def _squash(text):
    return "".join((text or "").split())


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("miy_interactions.miy_interaction_rule_manager", raise_if_not_found=False)
    # only the shipped domains are replaced: a domain an administrator changed is kept
    if rule and _squash(rule.domain_force) == '[(1,"=",1)]':
        rule.write({"name": MANAGER_RULE_NAME, "domain_force": MANAGER_RULE_DOMAIN})
    user_rule = env.ref("miy_interactions.miy_interaction_rule_team", raise_if_not_found=False)
    if user_rule and _squash(user_rule.domain_force) == _squash(USER_RULE_OLD_DOMAIN):
        user_rule.write({"domain_force": USER_RULE_DOMAIN})
