import importlib.util
from pathlib import Path
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import MiyInteractionCommon

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.2.0" / "post-migrate.py"
MIGRATION_1_3 = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.3.0" / "post-team-rules.py"


def _load_migration(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


@tagged("post_install", "-at_install")
class TestManagerTeamAccess(MiyInteractionCommon, MockEmail):
    """Managers see their team's interactions: members and leaders of the teams they lead or join."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.email = "bursa.manager@example.com"
        cls.team_bursa.user_id = cls.user_manager  # leads Bursa without being a member
        cls.manager_samsun = new_test_user(
            cls.env,
            login="miy_manager_samsun",
            name="MİY Samsun Manager",
            email="samsun.manager@example.com",
            groups="base.group_user,miy_contacts.group_miy_manager",
        )
        cls.team_samsun.user_id = cls.manager_samsun
        cls.bursa_note = (
            cls.env["miy.interaction"]
            .with_user(cls.user_miy)
            .create({"subject": "Bursa call", "partner_ids": [Command.set(cls.person.ids)]})
        )
        cls.samsun_note = (
            cls.env["miy.interaction"]
            .with_user(cls.user_other_team)
            .create({"subject": "Samsun call", "partner_ids": [Command.set(cls.other_person.ids)]})
        )

    def _visible(self, user):
        notes = self.bursa_note | self.samsun_note
        return self.env["miy.interaction"].with_user(user).search([("id", "in", notes.ids)])

    def test_manager_sees_only_the_teams_they_lead(self):
        self.assertEqual(self._visible(self.user_manager), self.bursa_note)
        self.assertEqual(self._visible(self.manager_samsun), self.samsun_note)
        self.bursa_note.with_user(self.user_manager).read(["subject"])
        with self.assertRaises(AccessError):
            self.samsun_note.with_user(self.user_manager).read(["subject"])
        with self.assertRaises(AccessError):
            self.bursa_note.with_user(self.manager_samsun).read(["subject"])

    def test_users_see_own_team_only(self):
        self.assertEqual(self._visible(self.user_colleague), self.bursa_note)
        self.assertEqual(self._visible(self.user_other_team), self.samsun_note)
        with self.assertRaises(AccessError):
            self.samsun_note.with_user(self.user_colleague).read(["subject"])

    def test_leader_change_applies_at_once(self):
        self.assertEqual(self._visible(self.manager_samsun), self.samsun_note)  # caches the rule domain
        self.team_bursa.user_id = self.manager_samsun
        self.assertEqual(self._visible(self.manager_samsun), self.bursa_note | self.samsun_note)
        self.assertFalse(self._visible(self.user_manager))

    def test_membership_change_applies_at_once(self):
        self.assertEqual(self._visible(self.user_manager), self.bursa_note)
        member = self.env["crm.team.member"].create(
            {"crm_team_id": self.team_samsun.id, "user_id": self.user_manager.id}
        )
        self.assertEqual(self._visible(self.user_manager), self.bursa_note | self.samsun_note)
        member.unlink()
        self.assertEqual(self._visible(self.user_manager), self.bursa_note)

    def test_administrators_see_all(self):
        admin = new_test_user(self.env, login="miy_sysadmin", groups="base.group_system,miy_contacts.group_miy_manager")
        self.assertEqual(self._visible(admin), self.bursa_note | self.samsun_note)

    def test_unread_list_and_digest_per_manager(self):
        own = (
            self.env["miy.interaction"]
            .with_user(self.user_manager)
            .create({"subject": "Manager's own visit", "partner_ids": [Command.set(self.person.ids)]})
        )
        unread = [("miy_is_my_team", "=", True), ("is_read_by_me", "=", False)]
        notes = self.bursa_note | self.samsun_note | own
        Interaction = self.env["miy.interaction"]
        self.assertEqual(
            Interaction.with_user(self.user_manager).search(unread + [("id", "in", notes.ids)]), self.bursa_note
        )
        self.assertEqual(
            Interaction.with_user(self.manager_samsun).search(unread + [("id", "in", notes.ids)]), self.samsun_note
        )
        self.assertEqual(
            Interaction.with_user(self.user_manager).search([("miy_is_my_team", "!=", True), ("id", "in", notes.ids)]),
            own,
        )
        # the cron's query gives what the filters give
        self.assertEqual(Interaction._miy_unread_for_manager(self.user_manager), self.bursa_note)
        self.assertEqual(Interaction._miy_unread_for_manager(self.manager_samsun), self.samsun_note)
        self.assertTrue(self.bursa_note.with_user(self.user_manager).miy_is_my_team)
        self.assertFalse(own.with_user(self.user_manager).miy_is_my_team)
        with self.mock_mail_gateway():
            Interaction._cron_send_unread_digest()
        bursa_mail = self._new_mails.filtered(lambda m: self.user_manager.partner_id in m.recipient_ids)
        samsun_mail = self._new_mails.filtered(lambda m: self.manager_samsun.partner_id in m.recipient_ids)
        self.assertEqual(len(bursa_mail), 1)
        self.assertEqual(len(samsun_mail), 1)
        self.assertIn("Bursa call", bursa_mail.body_html)
        self.assertNotIn("Samsun call", bursa_mail.body_html)
        self.assertNotIn("Manager&#39;s own visit", bursa_mail.body_html)
        self.assertNotIn("Manager's own visit", bursa_mail.body_html)
        self.assertIn("Samsun call", samsun_mail.body_html)
        self.assertNotIn("Bursa call", samsun_mail.body_html)

    def test_upgrade_restricts_the_old_see_all_rule(self):
        rule = self.env.ref("miy_interactions.miy_interaction_rule_manager")
        rule.domain_force = '[(1, "=", 1)]'  # what 18.0.1.1.0 shipped (noupdate)
        self.assertEqual(self._visible(self.user_manager), self.bursa_note | self.samsun_note)
        spec = importlib.util.spec_from_file_location("miy_interactions_post_migrate_1_2", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(rule.domain_force, migration.MANAGER_RULE_DOMAIN)
        self.assertEqual(self._visible(self.user_manager), self.bursa_note)
        user_rule = self.env.ref("miy_interactions.miy_interaction_rule_team")
        user_rule.domain_force = migration.USER_RULE_OLD_DOMAIN
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(user_rule.domain_force, migration.USER_RULE_DOMAIN)
        self.assertEqual(self._visible(self.user_colleague), self.bursa_note)
        # an administrator's own domain is left alone
        rule.domain_force = '[("channel", "=", "visit")]'
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(rule.domain_force, '[("channel", "=", "visit")]')

    def test_migration_domain_matches_the_shipped_rule(self):
        spec = importlib.util.spec_from_file_location("miy_interactions_post_migrate_1_2b", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        rule = self.env.ref("miy_interactions.miy_interaction_rule_manager")

        def squash(text):
            return "".join(text.split())

        self.assertEqual(squash(rule.domain_force), squash(migration.MANAGER_RULE_DOMAIN))
        self.assertEqual(rule.name, migration.MANAGER_RULE_NAME)
        user_rule = self.env.ref("miy_interactions.miy_interaction_rule_team")
        self.assertEqual(squash(user_rule.domain_force), squash(migration.USER_RULE_DOMAIN))

    def test_read_mark_leaves_the_unread_list(self):
        Interaction = self.env["miy.interaction"]
        self.bursa_note.with_user(self.user_manager).action_mark_read()
        self.assertFalse(Interaction._miy_unread_for_manager(self.user_manager))
        self.assertEqual(Interaction._miy_unread_for_manager(self.manager_samsun), self.samsun_note)

    def test_team_changes_do_not_clear_the_registry_cache(self):
        """A membership or leader change must not clear (and signal to every worker) the registry
        cache: the rules read the teams in each query, and access still follows at once."""
        Registry = type(self.registry)
        self.env["ir.config_parameter"].sudo().set_param("sales_team.membership_multi", True)
        self.assertEqual(self._visible(self.user_manager), self.bursa_note)  # the rule domain is cached
        self.assertEqual(self._visible(self.user_colleague), self.bursa_note)
        with (
            patch.object(Registry, "clear_cache", autospec=True, side_effect=Registry.clear_cache) as clear_cache,
            patch.object(
                Registry, "clear_all_caches", autospec=True, side_effect=Registry.clear_all_caches
            ) as clear_all,
        ):
            member = self.env["crm.team.member"].create(
                {"crm_team_id": self.team_samsun.id, "user_id": self.user_manager.id}
            )
            self.assertEqual(self._visible(self.user_manager), self.bursa_note | self.samsun_note)
            # a plain user who also joins the Samsun team sees its members' interactions
            colleague_member = self.env["crm.team.member"].create(
                {"crm_team_id": self.team_samsun.id, "user_id": self.user_colleague.id}
            )
            self.assertEqual(self._visible(self.user_colleague), self.bursa_note | self.samsun_note)
            colleague_member.action_archive()
            self.assertEqual(self._visible(self.user_colleague), self.bursa_note)
            member.unlink()
            self.assertEqual(self._visible(self.user_manager), self.bursa_note)
            self.team_bursa.user_id = self.manager_samsun
            self.assertEqual(self._visible(self.manager_samsun), self.bursa_note | self.samsun_note)
            self.assertFalse(self._visible(self.user_manager))
        self.assertEqual(clear_cache.call_count, 0, "no registry cache cleared")
        self.assertEqual(clear_all.call_count, 0)

    def test_rule_domains_hold_no_team_ids(self):
        """The cached rule domains name the user only: the teams come from the query."""
        for xmlid in (
            "miy_interactions.miy_interaction_rule_team",
            "miy_interactions.miy_interaction_rule_manager",
            "miy_interactions.miy_service_request_rule_team",
        ):
            domain = self.env.ref(xmlid).domain_force
            self.assertNotIn(".ids", domain, xmlid)
            self.assertNotIn("crm_team_ids", domain, xmlid)

    def test_upgrade_to_1_3_rewrites_the_shipped_team_rules(self):
        migration = _load_migration(MIGRATION_1_3, "miy_interactions_post_migrate_1_3")
        for xmlid, (old_domain, new_domain) in migration.RULES.items():
            rule = self.env.ref(xmlid)
            self.assertEqual(migration._squash(rule.domain_force), migration._squash(new_domain), xmlid)
            rule.domain_force = old_domain
        self.env.ref("miy_interactions.miy_interaction_rule_manager").domain_force = '[("channel", "=", "visit")]'
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(
            self.env.ref("miy_interactions.miy_interaction_rule_team").domain_force, migration.INTERACTION_USER_RULE
        )
        self.assertEqual(
            self.env.ref("miy_interactions.miy_service_request_rule_team").domain_force,
            migration.SERVICE_REQUEST_TEAM_RULE,
        )
        self.assertEqual(
            self.env.ref("miy_interactions.miy_interaction_rule_manager").domain_force,
            '[("channel", "=", "visit")]',
            "an administrator's own domain is left alone",
        )
        self.assertEqual(self._visible(self.user_colleague), self.bursa_note)
