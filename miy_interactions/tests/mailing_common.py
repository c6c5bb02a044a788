from odoo.tests import new_test_user

from odoo.addons.mail.tests.common import MockEmail

from .common import MiyInteractionCommon


class MiyMailingCommon(MiyInteractionCommon, MockEmail):
    """Contacts of a test segment (a woman, a man, a person of unknown gender, an organization,
    one blacklisted address, one without address), a marketing user, an alias domain with the
    interactions alias, and helpers to create and send MİY mailings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_marketing = new_test_user(
            cls.env,
            login="miy_marketing",
            name="MİY Marketing",
            email="marketing@miy-firm.example",
            groups="base.group_user,miy_contacts.group_miy_user,mass_mailing.group_mass_mailing_user",
        )
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "miy-firm.example", "bounce_alias": "bounce", "catchall_alias": "catchall"}
        )
        cls.env.company.alias_domain_id = cls.alias_domain
        # the interactions alias made at installation (moved into the company's new alias domain)
        Alias = cls.env["mail.alias"]
        cls.alias = Alias.search([("alias_model_id.model", "=", "miy.interaction")], limit=1) or Alias.create(
            {"alias_name": "crm-notes", "alias_model_id": cls.env["ir.model"]._get_id("miy.interaction")}
        )
        cls.alias.write({"alias_name": "crm-notes", "alias_domain_id": cls.alias_domain.id})
        Partner = cls.env["res.partner"]
        cls.firm = Partner.create({"name": "Mlg Makina A.Ş.", "is_company": True, "email": "info@mlg-makina.example"})
        cls.ayse = Partner.create(
            {
                "name": "Ayşe Nur Mlgtest",
                "email": "ayse@mlg-makina.example",
                "mobile": "+90 532 111 22 33",
                "parent_id": cls.firm.id,
            }
        )
        cls.mehmet = Partner.create(
            {"name": "Mehmet Mlgtest", "email": "mehmet@mlg-gida.example", "mobile": "+90 533 444 55 66"}
        )
        cls.deniz = Partner.create(
            {"name": "Deniz Mlgtest", "email": "deniz@mlg-gida.example", "phone": "+90 224 111 22 33"}
        )
        cls.blocked = Partner.create({"name": "Engel Mlgtest", "email": "engel@mlg-gida.example"})
        cls.no_email = Partner.create({"name": "Adressiz Mlgtest"})
        cls.firm.ref = cls.ayse.ref = cls.mehmet.ref = cls.deniz.ref = cls.blocked.ref = cls.no_email.ref = "MLG"
        cls.ayse.sudo().miy_gender = "female"
        cls.mehmet.sudo().miy_gender = "male"
        cls.env["mail.blacklist"].sudo()._add("engel@mlg-gida.example")
        cls.segment = cls.env["miy.segment"].create({"name": "Mlg test segment", "domain": "[('ref', '=', 'MLG')]"})
        cls.members = cls.firm | cls.ayse | cls.mehmet | cls.deniz | cls.blocked | cls.no_email

    def _mailing(self, user=None, **values):
        vals = {
            "subject": "Yeni katalog",
            "mailing_type": "mail",
            "miy_audience": "segment",
            "miy_segment_id": self.segment.id,
            "body_html": "<p>Katalogumuz hazır.</p>",
        }
        vals.update(values)
        return self.env["mailing.mailing"].with_user(user or self.user_marketing).create(vals)

    def _send(self, mailing):
        """Queue as the user, then let Odoo's mass mailing cron send it (the audience is read then)."""
        mailing.action_launch()
        self.env["mailing.mailing"].sudo()._process_mass_mailing_queue()
        return mailing.mailing_trace_ids
