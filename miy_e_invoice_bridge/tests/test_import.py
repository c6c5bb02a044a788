import io
import zipfile

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..lib import zip_bundle
from .common import SAMPLES, EInvoiceCommon, make_invoice, make_zip, read_data


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestImport(EInvoiceCommon):
    def test_every_gib_sample_imported(self):
        """Each sample alone (several share an ETTN): profile, type, number, ETTN, counterparty,
        currency, payable amount and line count as read from the file."""
        for name, expected in SAMPLES.items():
            profile, invoice_type, number, ettn, supplier, buyer, currency, payable, lines = expected
            with self.subTest(sample=name):
                try:
                    with self.env.cr.savepoint():
                        (line,) = self.import_samples(name)
                        self.assertIn(
                            line["status"],
                            ("imported", "linked", "warning", "needs_partner", "mismatch"),
                            line["message"],
                        )
                        einvoice = self.einvoice(line)
                        self.assertEqual(einvoice.profile, profile)
                        self.assertEqual(einvoice.invoice_type, invoice_type)
                        self.assertEqual(einvoice.number, number)
                        self.assertEqual(einvoice.ettn, ettn)
                        # we are 1288331521: the counterparty is the other side
                        counterparty = buyer if supplier == "1288331521" else supplier
                        self.assertEqual(einvoice.counterparty_vkn or "", counterparty)
                        self.assertEqual(einvoice.direction, "out" if supplier == "1288331521" else "in")
                        self.assertEqual(einvoice.currency_id.name, currency)
                        self.assertAlmostEqual(einvoice.amount_total, payable, places=2)
                        self.assertEqual(einvoice.line_count, lines)
                        self.assertTrue(einvoice.xml_attachment_id)
                        raise _Rollback
                except _Rollback:
                    self.env.invalidate_all()

    def test_envelope_and_display_document(self):
        (line,) = self.import_samples("TEMELFATURA_SATIS_gib-efaturapaketi-1_TEMEL_FATURA_ZARF-envelope.xml")
        einvoice = self.einvoice(line)
        self.assertEqual(einvoice.number, "TST2013000000766")
        self.assertEqual(einvoice.display_attachment_id.name, "TST2013000000766.xslt")
        self.assertIn("TRL", einvoice.warnings)

    def test_per_file_report(self):
        """A bad file never blocks the others; every file gets a status and a reason."""
        files = [
            ("iyi.xml", make_invoice()),
            ("xxe.xml", read_data("xxe_file.xml.hostile")),
            ("lol.xml", read_data("billion_laughs.xml.hostile")),
            ("bozuk.xml", b"<Invoice><cbc:ID>"),
            ("baska.xml", b"<?xml version='1.0'?><Order/>"),
            ("ettnsiz.xml", make_invoice(ettn="")),
            ("resim.png", b"\x89PNG\r\n"),
            (
                "bilinmeyen.xml",
                make_invoice(profile="UYDURMA", number="X9", ettn="5E1F1C2A-0000-4000-8000-0000000000AA"),
            ),
            # fails while its batch is created: the batch is redone one by one, only this one is lost
            ("para.xml", make_invoice(currency="XYZ", number="X8", ettn="5E1F1C2A-0000-4000-8000-0000000000AB")),
            ("iyi2.xml", make_invoice(number="X7", ettn="5E1F1C2A-0000-4000-8000-0000000000AC")),
        ]
        with mute_logger("odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_import"):
            report = self.import_files(files)
        statuses = {line["filename"]: line["status"] for line in report}
        self.assertEqual(list(statuses), [name for name, _data in files])  # the report keeps the file order
        self.assertEqual(statuses.pop("iyi.xml"), "linked")
        self.assertEqual(statuses.pop("iyi2.xml"), "linked")
        self.assertEqual(set(statuses.values()), {"rejected"})
        messages = {line["filename"]: line["message"] for line in report}
        self.assertIn("DOCTYPE", messages["xxe.xml"])
        self.assertIn("DOCTYPE", messages["lol.xml"])
        self.assertIn("Malformed", messages["bozuk.xml"])
        self.assertIn("Not a UBL-TR", messages["baska.xml"])
        self.assertIn("Missing ETTN", messages["ettnsiz.xml"])
        self.assertIn("Not an XML", messages["resim.png"])
        self.assertIn("Unsupported", messages["bilinmeyen.xml"])
        self.assertIn("Unknown currency XYZ", messages["para.xml"])
        self.assertEqual(self.env["miy.einvoice"].search_count([("company_id", "=", self.company.id)]), 2)

    def test_zip_nested_folders_turkish_names(self):
        bundle = make_zip(
            [
                ("2024/Ocak/Müşteri Faturaları/YTB_Satıs_EArşiv.xml", read_data(next(iter(SAMPLES)))),
                (
                    "2024/Şubat/İade/İadeFaturası.xml",
                    read_data("TICARIFATURA_IADE_gib-ubltr121-IadeFaturasiOrnegi.xml"),
                ),
                ("2024/Şubat/okubeni.txt", b"not an invoice"),
            ]
        )
        report = self.import_files([("GİB_portal_indirme.zip", bundle)])
        by_name = {line["filename"]: line for line in report}
        self.assertEqual(
            set(by_name),
            {
                "GİB_portal_indirme.zip/2024/Ocak/Müşteri Faturaları/YTB_Satıs_EArşiv.xml",
                "GİB_portal_indirme.zip/2024/Şubat/İade/İadeFaturası.xml",
                "GİB_portal_indirme.zip/2024/Şubat/okubeni.txt",
            },
        )
        self.assertEqual(by_name["GİB_portal_indirme.zip/2024/Şubat/okubeni.txt"]["status"], "rejected")
        iade = self.einvoice(by_name["GİB_portal_indirme.zip/2024/Şubat/İade/İadeFaturası.xml"])
        self.assertEqual(iade.xml_attachment_id.name, "İadeFaturası.xml")

    def test_zip_cp437_names_without_utf8_flag(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            info = zipfile.ZipInfo("Fatura_Müşteri.xml")
            archive.writestr(info, make_invoice())
            # like old Windows archivers: UTF-8 bytes stored without the UTF-8 flag
            archive.filelist[0].flag_bits &= ~0x800
        data = buffer.getvalue()
        (line,) = self.import_files([("eski.zip", data)])
        self.assertEqual(line["filename"], "eski.zip/Fatura_Müşteri.xml")
        self.assertEqual(line["status"], "linked")

    def test_zip_traversal_and_bomb_refused(self):
        evil = make_zip([("faturalar/a.xml", make_invoice()), ("../../etc/cron.d/evil.xml", make_invoice())])
        (line,) = self.import_files([("kotu.zip", evil)])
        self.assertEqual(line["status"], "rejected")
        self.assertIn("path traversal", line["message"])
        bomb = make_zip([("bomba.xml", b"<a>" + b"0" * (20 * 1024 * 1024) + b"</a>")])
        self.assertLess(len(bomb), 100 * 1024)
        (line,) = self.import_files([("bomba.zip", bomb)])
        self.assertEqual(line["status"], "rejected")
        self.assertIn("ZIP bomb", line["message"])
        (line,) = self.import_files([("yarim.zip", b"PK\x03\x04broken")])
        self.assertIn("damaged", line["message"])
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))

    def test_zip_inside_zip(self):
        """An integrator's monthly bundle of daily bundles: every level expanded, names kept."""
        subat = make_zip([("b.xml", make_invoice(number="N2", ettn="5E1F1C2A-0000-4000-8000-0000000000C2"))])
        ocak = make_zip(
            [("a.xml", make_invoice(number="N1", ettn="5E1F1C2A-0000-4000-8000-0000000000C1")), ("şubat.zip", subat)]
        )
        outer = make_zip([("2024/ocak.zip", ocak), ("c.xml", make_invoice(number="N3"))])
        report = self.import_files([("dış.zip", outer)])
        self.assertEqual(
            {line["filename"]: line["status"] for line in report},
            {
                "dış.zip/2024/ocak.zip/a.xml": "linked",
                "dış.zip/2024/ocak.zip/şubat.zip/b.xml": "linked",
                "dış.zip/c.xml": "linked",
            },
        )
        by_name = {line["filename"]: line for line in report}
        self.assertEqual(
            self.einvoice(by_name["dış.zip/2024/ocak.zip/şubat.zip/b.xml"]).xml_attachment_id.name, "b.xml"
        )

    def test_zip_nesting_caps_apply_to_the_whole_tree(self):
        level = make_zip([("derin.xml", make_invoice())])
        for depth in range(3):
            level = make_zip([(f"seviye{depth}.zip", level)])
        (line,) = self.import_files([("cok_derin.zip", level)])  # 4 levels of archives
        self.assertEqual(line["status"], "rejected")
        self.assertIn("nested too deeply", line["message"])
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))
        # three levels are fine
        three = make_zip([("iki.zip", make_zip([("bir.zip", make_zip([("x.xml", make_invoice())]))]))])
        self.assertEqual([name for name, _data in zip_bundle.expand_nested(three)], ["iki.zip/bir.zip/x.xml"])
        # size and count caps count every level together
        inner = make_zip([("a.xml", b"<a>" + b"1" * 600 + b"</a>")])
        two = make_zip([("i1.zip", inner), ("i2.zip", inner)])
        self.assertEqual(len(zip_bundle.expand_nested(two, max_total=10000)), 2)
        with self.assertRaises(zip_bundle.ZipRefused) as caught:
            zip_bundle.expand_nested(two, max_total=1200)
        self.assertEqual(caught.exception.code, "zip_bomb")
        with self.assertRaises(zip_bundle.ZipRefused) as caught:
            zip_bundle.expand_nested(two, max_members=3)
        self.assertEqual(caught.exception.code, "zip_bomb")
        self.assertEqual(len(zip_bundle.expand_nested(two, max_members=4)), 2)

    def test_duplicates(self):
        data = make_invoice()
        (first,) = self.import_files([("a.xml", data)])
        self.assertEqual(first["status"], "linked")
        # same file again, and the same file twice in one import
        report = self.import_files([("a.xml", data), ("kopya.xml", data)])
        self.assertEqual([line["status"] for line in report], ["duplicate", "duplicate"])
        self.assertEqual({line["einvoice_id"] for line in report}, {first["einvoice_id"]})
        # same sender and number under another ETTN
        (line,) = self.import_files([("b.xml", make_invoice(ettn="5E1F1C2A-0000-4000-8000-0000000000FF"))])
        self.assertEqual(line["status"], "duplicate")
        self.assertEqual(line["einvoice_id"], first["einvoice_id"])
        # another sender reusing the number is not a duplicate
        other = make_invoice(ettn="5E1F1C2A-0000-4000-8000-0000000000EE", supplier="9205121120", customer="1288331521")
        (line,) = self.import_files([("c.xml", other)])
        self.assertIn(line["status"], ("linked", "imported"))
        self.assertNotEqual(line["einvoice_id"], first["einvoice_id"])
        einvoices = self.env["miy.einvoice"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(einvoices), 2)
        self.assertEqual(len(einvoices.move_id), 2)

    def test_gib_samples_sharing_an_ettn(self):
        """GİB reuses UUID F47AC10B-...D479 in five samples: the first wins; the other one of the
        same sender (us) is a duplicate, the three of other senders are ETTN conflicts (issue 9:
        they used to be reported as duplicates, "already imported")."""
        names = [name for name, values in SAMPLES.items() if values[3] == "F47AC10B-58CC-4372-A567-0E02B2C3D479"]
        self.assertEqual(len(names), 5)
        senders = [SAMPLES[name][4] for name in names]
        report = self.import_samples(*names)
        statuses = [line["status"] for line in report]
        self.assertIn(statuses[0], ("imported", "linked", "warning", "needs_partner", "mismatch"))
        for sender, line in zip(senders[1:], report[1:], strict=True):
            if sender == senders[0]:
                self.assertEqual(line["status"], "duplicate")
            else:
                self.assertEqual(line["status"], "rejected")
                self.assertIn("ETTN conflict", line["message"])
        self.assertEqual(statuses.count("duplicate"), 1)
        self.assertEqual(len({line["einvoice_id"] for line in report}), 1)

    def test_wizard_report(self):
        wizard = (
            self.env["miy.einvoice.import.wizard"]
            .with_user(self.accountant)
            .with_company(self.company)
            .create(
                {
                    "attachment_ids": [
                        Command.create({"name": "iyi.xml", "raw": make_invoice()}),
                        Command.create({"name": "bozuk.xml", "raw": b"<Invoice>"}),
                        Command.create({"name": "paket.zip", "raw": make_zip([("a/b/ç.xml", make_invoice())])}),
                    ]
                }
            )
        )
        action = wizard.action_import()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        self.assertEqual(
            [(line.filename, line.status) for line in wizard.line_ids],
            [("iyi.xml", "linked"), ("bozuk.xml", "rejected"), ("paket.zip/a/b/ç.xml", "duplicate")],
        )
        self.assertIn("Rejected: 1", wizard.summary)
        self.assertEqual(wizard.line_ids[2].einvoice_id, wizard.line_ids[0].einvoice_id)
        opened = wizard.action_open_einvoices()
        self.assertEqual(self.env["miy.einvoice"].search(opened["domain"]), wizard.line_ids[0].einvoice_id)
