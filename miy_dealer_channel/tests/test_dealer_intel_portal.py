from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDealerIntelPortal(HttpCase):
    """The portal pages of field reports: a dealer's own only, by URL too; the tour files one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.dealer_partner_a = Partner.create({"name": "Tur Bayi A", "is_company": True})
        cls.dealer_partner_b = Partner.create({"name": "Tur Bayi B", "is_company": True})
        cls.dealer_a = cls.env["miy.dealer"].create({"partner_id": cls.dealer_partner_a.id})
        cls.dealer_b = cls.env["miy.dealer"].create({"partner_id": cls.dealer_partner_b.id})
        # the screens are checked in Turkish: also on a database installed without it
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.env["ir.module.module"]._load_module_terms(["miy_dealer_channel"], ["tr_TR"], overwrite=True)
        cls.user_a = cls._user("intel_tour_a", cls.dealer_partner_a)
        cls.user_b = cls._user("intel_tour_b", cls.dealer_partner_b)
        cls.customer = new_test_user(
            cls.env,
            login="intel_tour_customer",
            groups="base.group_portal",
            partner_id=Partner.create({"name": "Tur Müşterisi", "is_company": True}).id,
        )
        role = cls.env.ref("miy_contacts.partner_role_competitor")
        cls.competitor = Partner.create(
            {"name": "Tur Rakibi Makina", "is_company": True, "miy_role_ids": [Command.link(role.id)]}
        )
        cls.report_b = (
            cls.env["miy.field.report"]
            .with_user(cls.user_b)
            ._miy_portal_create(
                {
                    "name": "B'nin gizli raporu",
                    "kind": "price",
                    "competitor_id": str(cls.competitor.id),
                    "description": "x",
                },
                [("b-kanit.txt", "text/plain", b"B secret")],
            )
        )
        cls.staff_report = cls.env["miy.field.report"].create(
            {"name": "Firmanın raporu", "competitor_id": cls.competitor.id, "description": "y"}
        )

    @classmethod
    def _user(cls, login, dealer_partner):
        person = cls.env["res.partner"].create({"name": login, "parent_id": dealer_partner.id, "lang": "tr_TR"})
        return new_test_user(
            cls.env,
            login=login,
            groups="miy_dealer_channel.group_miy_dealer_portal",
            partner_id=person.id,
            lang="tr_TR",
        )

    def test_other_reports_are_404_by_url(self):
        self.authenticate("intel_tour_a", "intel_tour_a")
        listing = self.url_open("/my/dealer/intel")
        self.assertEqual(listing.status_code, 200)
        self.assertNotIn("B&#39;nin gizli raporu", listing.text)
        self.assertNotIn("gizli raporu", listing.text)
        self.assertNotIn("Firmanın raporu", listing.text)
        for report in (self.report_b, self.staff_report):
            self.assertEqual(self.url_open(f"/my/dealer/intel/{report.id}").status_code, 404)
        attachment = self.report_b.sudo().attachment_ids
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"B secret", response.content)
        # dealer B itself gets the page and the file
        self.authenticate("intel_tour_b", "intel_tour_b")
        page = self.url_open(f"/my/dealer/intel/{self.report_b.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("gizli raporu", page.text)
        [(_id, _name, url)] = self.report_b.with_user(self.user_b)._miy_portal_attachment_data()
        self.assertIn(url.replace("&", "&amp;"), page.text)
        self.assertEqual(self.url_open(url).content, b"B secret")

    def test_home_entry_for_dealer_staff_only(self):
        self.authenticate("intel_tour_a", "intel_tour_a")
        html = self.url_open("/my").text
        link = html.index('href="/my/dealer/intel"')
        card = html[html.rindex("o_portal_index_card", 0, link) : link]
        self.assertNotIn("d-none", card, "shown even before the dealer's first report")
        self.authenticate("intel_tour_customer", "intel_tour_customer")
        self.assertNotIn('href="/my/dealer/intel"', self.url_open("/my").text)

    def test_plain_customer_is_sent_home(self):
        self.authenticate("intel_tour_customer", "intel_tour_customer")
        response = self.url_open("/my/dealer/intel/new", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.url_open(f"/my/dealer/intel/{self.report_b.id}").status_code, 404)

    def test_tour_dealer_files_a_report(self):
        self.start_tour("/my/dealer/intel", "miy_dealer_intel_tour", login="intel_tour_a")
        report = self.env["miy.field.report"].search([("name", "=", "Tur rakibi yaz kampanyası")])
        self.assertEqual(len(report), 1)
        self.assertEqual(report.dealer_id, self.dealer_a)
        self.assertEqual(report.reporter_id, self.user_a)
        self.assertEqual(report.kind, "campaign")
        self.assertEqual(report.competitor_id, self.competitor)
        self.assertEqual(report.place, "İnegöl sanayi fuarı")
        self.assertEqual(report.attachment_ids.mapped("name"), ["brosur.txt"])
        self.assertEqual(report.attachment_ids.raw, "broşür".encode())
