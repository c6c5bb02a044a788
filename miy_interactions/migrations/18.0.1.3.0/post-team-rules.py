"""18.0.1.3.0: team-scoped record rules read the sales teams in the query itself.

The rules of 18.0.1.2.0 embedded the ids of the user's team members in their domains
(``user.crm_team_ids.member_ids.ids``, ``user.miy_team_user_ids.ids``); Odoo caches rule
domains per user, so every membership change cleared the registry cache of every worker. The
new domains name only ``user.id`` and reach the memberships through relations, which
PostgreSQL resolves in each query. The rules sit in ``noupdate`` blocks: rewrite them here (the
same text as in security/*.xml) unless an administrator had changed them.
"""

from odoo import SUPERUSER_ID, api

INTERACTION_USER_RULE_OLD = """[
    "|", "|", "|",
    ("user_ids", "in", user.crm_team_ids.member_ids.ids + [user.id]),
    ("create_uid", "=", user.id),
    ("followup_user_ids", "in", user.id),
    "&", ("user_ids", "=", False), ("partner_ids", "=", False),
]"""
INTERACTION_USER_RULE = """[
    "|", "|", "|",
    ("miy_with_my_sales_teams", "=", True),
    ("create_uid", "=", user.id),
    ("followup_user_ids", "in", user.id),
    "&", ("user_ids", "=", False), ("partner_ids", "=", False),
]"""
INTERACTION_MANAGER_RULE_OLD = """[
    "|", "|",
    ("user_ids", "in", user.miy_team_user_ids.ids),
    ("create_uid", "in", user.miy_team_user_ids.ids),
    ("followup_user_ids", "in", user.miy_team_user_ids.ids),
]"""
INTERACTION_MANAGER_RULE = """[("miy_with_my_team", "=", True)]"""
SERVICE_REQUEST_TEAM_RULE_OLD = """[
    "|", "|", "|", "|", "|",
    "&", ("user_id", "=", False), ("team_id", "=", False),
    ("user_id", "=", user.id),
    ("team_id.user_id", "=", user.id),
    ("create_uid", "=", user.id),
    ("team_id", "in", user.crm_team_ids.ids),
    ("user_id", "in", user.crm_team_ids.member_ids.ids),
]"""
SERVICE_REQUEST_TEAM_RULE = """[
    "|", "|", "|", "|", "|",
    "&", ("user_id", "=", False), ("team_id", "=", False),
    ("user_id", "=", user.id),
    ("team_id.user_id", "=", user.id),
    ("create_uid", "=", user.id),
    ("team_id.crm_team_member_ids.user_id", "=", user.id),
    ("user_id.crm_team_member_ids.crm_team_id.crm_team_member_ids.user_id", "=", user.id),
]"""

RULES = {
    "miy_interactions.miy_interaction_rule_team": (INTERACTION_USER_RULE_OLD, INTERACTION_USER_RULE),
    "miy_interactions.miy_interaction_rule_manager": (INTERACTION_MANAGER_RULE_OLD, INTERACTION_MANAGER_RULE),
    "miy_interactions.miy_service_request_rule_team": (SERVICE_REQUEST_TEAM_RULE_OLD, SERVICE_REQUEST_TEAM_RULE),
}


def _squash(text):
    return "".join((text or "").replace("&amp;", "&").split())


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old_domain, new_domain) in RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        # only the shipped domain is replaced: a domain an administrator changed is kept
        if rule and _squash(rule.domain_force) == _squash(old_domain):
            rule.write({"domain_force": new_domain})
