import base64
import datetime
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.miy_contacts.wizards import vcard

from .common import MiyCommon

CARDS_V3 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Hasan Çelik\r\n"
    "N:Çelik;Hasan;;;\r\n"
    "ORG:Ünye Fındık İşleme A.Ş.;Satın Alma\r\n"
    "TITLE:Genel Müdür\r\n"
    "TEL;TYPE=CELL,VOICE:0532 123 45 67\r\n"
    "TEL;TYPE=WORK:+90 452 223 11 22\r\n"
    "EMAIL;TYPE=INTERNET:Hasan.Celik@OrduFindik.example.com\r\n"
    "ADR;TYPE=WORK:;;Fatsa Yolu 5\\, Kat 2;Ordu;;52200;Türkiye\r\n"
    "NOTE:İlk satır\\nikinci satır\\; noktalı virgül\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Şükrü Öztürk-Ğüneş İnce Iğdırlıoğlu Çağ\n"
    " lar\n"
    "N:Çağlar;Şükrü;;;\n"
    "TEL;TYPE=cell;VALUE=uri:tel:+905551112233\n"
    "END:VCARD\n"
)


@tagged("post_install", "-at_install")
class TestImportExport(MiyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.nilufer = Partner.create(
            {
                "name": "Nilüfer Test Gıda A.Ş.",
                "is_company": True,
                "street": "Organize Sanayi, 1. Cadde; No 4",
                "city": "Bursa",
                "phone": "0224 211 00 00",
            }
        )
        cls.ayse = Partner.create(
            {
                "name": "Ayşegül Yılmazer",
                "parent_id": cls.nilufer.id,
                "function": "Genel Müdür",
                "email": "ayse@nilufergida.example.com",
                "mobile": "+90 532 111 22 33",
            }
        )

    # ------------------------------------------------------------------ helpers
    def _import(self, text, user=None, lang=None):
        wizard = (
            self.env["miy.partner.import.wizard"]
            .with_user(user or self.user_miy)
            .with_context(lang=lang or self.env.lang)
            .create({"file_data": base64.b64encode(text.encode("utf-8")), "file_name": "rehber.vcf"})
        )
        wizard.action_import()
        return wizard

    def _export(self, partners, export_format, user=None):
        wizard = (
            self.env["miy.partner.export.wizard"]
            .with_user(user or self.user_miy)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"export_format": export_format})
        )
        action = wizard.action_export()
        self.assertIn(f"id={wizard.id}", action["url"])
        return base64.b64decode(wizard.file_data)

    # ------------------------------------------------------------------ parser
    def test_parser_unfolds_unescapes_and_reads_both_versions(self):
        cards = vcard.parse(CARDS_V3)
        self.assertEqual([card.version for card in cards], ["3.0", "4.0"])
        self.assertEqual(cards[0].get("NOTE").text(), "İlk satır\nikinci satır; noktalı virgül")
        self.assertEqual(cards[0].get("ADR").components()[2], "Fatsa Yolu 5, Kat 2")
        self.assertEqual(cards[0].get_all("TEL")[0].types, {"cell", "voice"})
        self.assertEqual(cards[1].text("FN"), "Şükrü Öztürk-Ğüneş İnce Iğdırlıoğlu Çağlar")

    def test_writer_folds_at_75_octets_without_splitting_characters(self):
        line = vcard.content_line("NOTE", "Ğ" * 100 + ";,\n")
        physical = line.split("\r\n")[:-1]
        self.assertTrue(all(len(part.encode("utf-8")) <= 75 for part in physical))
        self.assertEqual(
            vcard.parse("BEGIN:VCARD\r\nVERSION:3.0\r\n" + line + "END:VCARD\r\n")[0].get("NOTE").text(),
            "Ğ" * 100 + ";,\n",
        )

    # ------------------------------------------------------------------ import
    def test_import_creates_person_organization_and_link(self):
        wizard = self._import(CARDS_V3)
        self.assertEqual(wizard.line_ids.mapped("status"), ["created", "created"])
        hasan = wizard.line_ids[0].partner_id
        self.assertEqual(hasan.name, "Hasan Çelik")
        self.assertEqual(hasan.function, "Genel Müdür")
        self.assertEqual(hasan.email, "Hasan.Celik@OrduFindik.example.com")
        self.assertEqual(hasan.street, "Fatsa Yolu 5, Kat 2")
        ordu = self.env["res.partner"].search([("name", "=", "Ünye Fındık İşleme A.Ş."), ("is_company", "=", True)])
        self.assertEqual(len(ordu), 1)
        affiliation = self.env["miy.affiliation"].search([("person_id", "=", hasan.id)])
        self.assertEqual(affiliation.organization_id, ordu)
        self.assertEqual(affiliation.department, "Satın Alma")
        self.assertEqual(affiliation.function, "Genel Müdür")
        self.assertTrue(affiliation.is_primary)
        self.assertEqual(hasan.parent_id, ordu, "the primary affiliation is mirrored to parent_id")
        self.assertEqual(
            sorted(hasan.miy_phone_ids.mapped(lambda p: (p.phone_type, p.number_e164))),
            [("mobile", "+905321234567"), ("office", "+904522231122")],
        )
        sukru = wizard.line_ids[1].partner_id
        self.assertEqual(sukru.name, "Şükrü Öztürk-Ğüneş İnce Iğdırlıoğlu Çağlar")

    def test_organization_names_with_wildcards_match_exactly(self):
        """ORG:% or ORG:A_ Ltd must not attach the person to whatever firm a LIKE pattern matches."""
        Partner = self.env["res.partner"]
        victim = Partner.create({"name": "AB Ltd", "is_company": True})
        cards = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Joker Bir\r\nORG:%\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Joker İki\r\nORG:A_ Ltd\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gerçek Çalışan\r\nORG:ab ltd\r\nEND:VCARD\r\n"
        )
        wizard = self._import(cards)
        joker_1, joker_2, employee = wizard.line_ids.partner_id
        self.assertEqual(joker_1.parent_id.name, "%", "a new organization named '%'")
        self.assertEqual(joker_2.parent_id.name, "A_ Ltd")
        self.assertNotIn(victim, (joker_1 | joker_2).parent_id)
        self.assertEqual(employee.parent_id, victim, "any case still matches the same name")
        self.assertEqual(Partner.search_count([("miy_member_ids.person_id", "=", joker_1.id)]), 1)

    def test_import_twice_makes_no_duplicate(self):
        self._import(CARDS_V3)
        count = self.env["res.partner"].search_count([])
        wizard = self._import(CARDS_V3)
        self.assertEqual(self.env["res.partner"].search_count([]), count, "a second import creates nobody")
        self.assertEqual(wizard.line_ids.mapped("status"), ["skipped", "skipped"])
        self.assertTrue(all(wizard.line_ids.mapped("reason")))

    def test_import_matches_by_email_then_by_phone(self):
        by_email = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A. Yılmaz\r\nEMAIL:AYSE@nilufergida.example.com\r\n"
            "TITLE:Yönetim Kurulu Üyesi\r\nEND:VCARD\r\n"
        )
        wizard = self._import(by_email)
        self.assertEqual(wizard.line_ids.partner_id, self.ayse)
        self.assertEqual(self.ayse.function, "Genel Müdür", "an update never overwrites what Odoo knows")
        # the same mobile number typed another way
        by_phone = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ayşe Y.\r\nTEL;TYPE=cell:0532 111 2233\r\nEND:VCARD\r\n"
        wizard = self._import(by_phone)
        self.assertEqual(wizard.line_ids.partner_id, self.ayse)
        self.assertEqual(self.env["res.partner"].search_count([("name", "ilike", "Ayşegül")]), 1)

    def test_malformed_vcard_names_card_and_line_and_saves_nothing(self):
        count = self.env["res.partner"].search_count([])
        broken = CARDS_V3 + "BEGIN:VCARD\nVERSION:3.0\nFN:Yarım Kart\nthis line has no colon\nEND:VCARD\n"
        with self.assertRaises(UserError) as caught:
            self._import(broken)
        message = str(caught.exception)
        self.assertIn("card 3", message)
        self.assertIn("line 23", message)
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        with self.assertRaises(UserError) as caught:
            self._import("BEGIN:VCARD\nVERSION:3.0\nFN:Sonu yok\n")
        self.assertIn("END:VCARD", str(caught.exception))
        with self.assertRaises(UserError):
            self._import("just some text")

    def test_malformed_vcard_message_in_turkish(self):
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env["ir.module.module"]._load_module_terms(["miy_contacts"], ["tr_TR"])
        with self.assertRaises(UserError) as caught:
            self._import("BEGIN:VCARD\nVERSION:5.0\nFN:Hasan\nEND:VCARD\n", lang="tr_TR")
        self.assertEqual(
            str(caught.exception),
            "vCard dosyası hatalı (kart 1, satır 2): vCard sürümü 5.0 desteklenmiyor (3.0 veya 4.0). "
            "Hiçbir şey içe aktarılmadı.",
        )

    def test_batch_reports_per_card_and_keeps_the_good_ones(self):
        nameless = "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:kimsiz@example.com\r\nEND:VCARD\r\n"
        failing = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hatalı Kişi\r\nEND:VCARD\r\n"
        Wizard = type(self.env["miy.partner.import.wizard"])
        original = Wizard._import_card

        def import_card(wizard, data):
            result = original(wizard, data)
            if data["name"] == "Hatalı Kişi":
                raise ValueError("kayıt reddedildi")  # after writing: the savepoint must undo it
            return result

        with patch.object(Wizard, "_import_card", import_card):
            wizard = self._import(nameless + failing + CARDS_V3)
        lines = wizard.line_ids
        self.assertEqual(lines.mapped("status"), ["skipped", "skipped", "created", "created"])
        self.assertEqual(lines.mapped("card_number"), [1, 2, 3, 4])
        self.assertIn("no name", lines[0].reason)
        self.assertEqual(lines[1].reason, "kayıt reddedildi")
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Hatalı Kişi")]))
        self.assertTrue(self.env["res.partner"].search([("name", "=", "Hasan Çelik")]))
        self.assertEqual((wizard.created_count, wizard.updated_count, wizard.skipped_count), (2, 0, 2))

    # ------------------------------------------------------------------ export
    def test_export_xlsx_one_sheet_per_concept(self):
        data = self._export(self.nilufer | self.ayse, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames, ["Organizations", "Persons", "Affiliations", "Phones"])
        persons = list(book["Persons"].values)
        self.assertEqual(persons[1][1], "Ayşegül Yılmazer")
        self.assertNotIn("Birthday", persons[0])
        affiliations = list(book["Affiliations"].values)
        self.assertEqual(affiliations[1][:3], ("Ayşegül Yılmazer", "Nilüfer Test Gıda A.Ş.", "Genel Müdür"))
        phones = [row[0] for row in list(book["Phones"].values)[1:]]
        self.assertIn("Ayşegül Yılmazer", phones)
        self.assertIn("Nilüfer Test Gıda A.Ş.", phones)

    def test_export_vcard_3_and_4(self):
        for export_format, version in (("vcard3", "3.0"), ("vcard4", "4.0")):
            text = self._export(self.nilufer | self.ayse, export_format).decode("utf-8")
            cards = vcard.parse(text)
            self.assertEqual([card.version for card in cards], [version, version])
            ayse = next(card for card in cards if card.text("FN") == "Ayşegül Yılmazer")
            self.assertEqual(ayse.get("N").components()[:2], ["Yılmazer", "Ayşegül"])
            self.assertEqual(ayse.get("ORG").components()[0], "Nilüfer Test Gıda A.Ş.")
            self.assertEqual(ayse.text("TITLE"), "Genel Müdür")
            self.assertEqual(ayse.text("EMAIL"), "ayse@nilufergida.example.com")
            self.assertIn("cell", ayse.get("TEL").types)
            self.assertEqual(ayse.get("ADR").components()[2], "Organize Sanayi, 1. Cadde; No 4")
            self.assertIsNone(ayse.get("BDAY"))
            self.assertTrue(all(line.endswith("\r") or not line for line in text.split("\n")))
        nilufer_v4 = next(card for card in cards if card.text("FN") == "Nilüfer Test Gıda A.Ş.")
        self.assertEqual(nilufer_v4.text("KIND"), "org")
        # what we export, we import back onto the same records
        count = self.env["res.partner"].search_count([])
        wizard = self._import(text)
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        self.assertIn(self.ayse, wizard.line_ids.partner_id)

    def test_birthday_exported_only_with_personal_data_group(self):
        birthday = datetime.date(1975, 4, 23)
        Partner = type(self.env["res.partner"])
        with patch.object(Partner, "_miy_export_birthdays", lambda partners: {self.ayse.id: birthday}):
            plain = self._export(self.ayse, "vcard4", user=self.user_miy).decode()
            personal = self._export(self.ayse, "vcard4", user=self.user_personal).decode()
            sheet_plain = openpyxl.load_workbook(io.BytesIO(self._export(self.ayse, "xlsx", user=self.user_miy)))
            sheet_personal = openpyxl.load_workbook(
                io.BytesIO(self._export(self.ayse, "xlsx", user=self.user_personal))
            )
        self.assertNotIn("BDAY", plain)
        self.assertIn("BDAY:19750423", personal)
        self.assertNotIn("Birthday", next(sheet_plain["Persons"].values))
        self.assertIn("Birthday", next(sheet_personal["Persons"].values))

    def test_wizards_refused_without_miy_group(self):
        with self.assertRaises(AccessError):
            self.env["miy.partner.export.wizard"].with_user(self.user_plain).create({"partner_ids": self.ayse.ids})
        with self.assertRaises(AccessError):
            self.env["miy.partner.import.wizard"].with_user(self.user_plain).create({})
