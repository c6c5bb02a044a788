from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class AgendaCheckinCommon(MiyCommon):
    """A meeting with gate check-in, external and internal participants, a front-desk user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_desk = new_test_user(
            cls.env,
            login="agenda_desk",
            name="Resepsiyon",
            groups="base.group_user,miy_agenda.group_miy_agenda_front_desk",
            tz="Europe/Istanbul",
        )
        cls.user_portal = new_test_user(cls.env, login="agenda_portal", name="Portal Guest", groups="base.group_portal")
        Partner = cls.env["res.partner"]
        cls.org = Partner.create({"name": "Nilüfer Gıda (checkin test)", "is_company": True})
        cls.ayse = Partner.create(
            {
                "name": "Ayşe Checkin",
                "email": "ayse.checkin@example.com",
                "parent_id": cls.org.id,
                "function": "Satın Alma Müdürü",
                "mobile": "+905321110001",
            }
        )
        cls.mehmet = Partner.create({"name": "Mehmet Checkin", "email": "mehmet.checkin@example.com"})
        cls.declined = Partner.create({"name": "Deniz Declined", "email": "deniz.checkin@example.com"})
        cls.event = cls._meeting("Ürün lansmanı (test)", minutes_from_now=30)
        cls.other_event = cls._meeting("Başka toplantı (test)", minutes_from_now=30)
        cls.attendee = cls.event.attendee_ids
        cls.att_ayse = cls.attendee.filtered(lambda a: a.partner_id == cls.ayse)
        cls.att_mehmet = cls.attendee.filtered(lambda a: a.partner_id == cls.mehmet)
        cls.att_plain = cls.attendee.filtered(lambda a: a.partner_id == cls.user_plain.partner_id)
        cls.att_declined = cls.attendee.filtered(lambda a: a.partner_id == cls.declined)
        cls.att_declined.state = "declined"
        cls.env["ir.config_parameter"].sudo().set_param("miy_agenda.checkin_early_minutes", "60")

    @classmethod
    def _meeting(cls, name, minutes_from_now=30, duration=120, **values):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(minutes=minutes_from_now)
        partners = cls.user_miy.partner_id | cls.ayse | cls.mehmet | cls.declined | cls.user_plain.partner_id
        return (
            cls.env["calendar.event"]
            .with_user(cls.user_miy)
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": name,
                    "start": start,
                    "stop": start + timedelta(minutes=duration),
                    "user_id": cls.user_miy.id,
                    "partner_ids": [(6, 0, partners.ids)],
                    "miy_use_checkin": True,
                    "miy_allow_walkin": True,
                    **values,
                }
            )
            .with_env(cls.env)
        )

    def code(self, attendee):
        return attendee.sudo().miy_checkin_code

    def scan(self, code, event=None, user=None):
        return (
            self.env["calendar.attendee"]
            .with_user(user or self.user_desk)
            .miy_checkin_scan((event or self.event).id, code)
        )
