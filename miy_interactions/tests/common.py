from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class MiyInteractionCommon(MiyCommon):
    """MİY users in two sales teams, an organization with a person, and a helper to log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_colleague = new_test_user(
            cls.env, login="miy_colleague", name="MİY Colleague", groups="base.group_user,miy_contacts.group_miy_user"
        )
        cls.user_other_team = new_test_user(
            cls.env, login="miy_other_team", name="MİY Other Team", groups="base.group_user,miy_contacts.group_miy_user"
        )
        Team = cls.env["crm.team"]
        cls.team_bursa = Team.create(
            {"name": "Bursa Sales", "member_ids": [Command.set([cls.user_miy.id, cls.user_colleague.id])]}
        )
        cls.team_samsun = Team.create({"name": "Samsun Sales", "member_ids": [Command.set([cls.user_other_team.id])]})
        Partner = cls.env["res.partner"]
        cls.org = Partner.create({"name": "Test Gıda A.Ş.", "is_company": True})
        cls.person = Partner.create({"name": "Test Ayşe"})
        cls.env["miy.affiliation"].create({"person_id": cls.person.id, "organization_id": cls.org.id})
        cls.other_person = Partner.create({"name": "Test Başka"})
        cls.reason_visit = cls.env.ref("miy_interactions.miy_interaction_reason_sales_visit")

    def _log(self, user=None, **values):
        vals = {"subject": "Price request", "partner_ids": [Command.set([self.person.id])], "channel": "phone"}
        vals.update(values)
        Interaction = self.env["miy.interaction"]
        if user:
            Interaction = Interaction.with_user(user)
        return Interaction.create(vals)
