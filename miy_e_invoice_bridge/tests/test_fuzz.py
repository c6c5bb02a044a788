"""Malformed numbers and dates, missing elements, wrong namespaces, truncation: every file ends
with its own report line, never an exception, and the good files of the same import go in."""

import random
import re
import time
import uuid

from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from ..lib import ubl_tr
from .common import RESPONSES, SAMPLES, EInvoiceCommon, make_invoice, read_data

SEED = 20261202
MUTANTS = 300
FILES_PER_IMPORT = 15

_NUMERIC = re.compile(
    rb"(<cbc:(?:Percent|TaxAmount|TaxableAmount|PerUnitAmount|LineExtensionAmount|TaxExclusiveAmount|"
    rb"TaxInclusiveAmount|PayableAmount|PriceAmount|InvoicedQuantity|Amount|CalculationRate|"
    rb"AllowanceTotalAmount|PayableRoundingAmount)\b[^>]*>)([^<]*)(<)"
)
_DATE = re.compile(rb"(<cbc:(?:IssueDate|PaymentDueDate)>)([^<]*)(<)")
_ELEMENT = re.compile(rb"<(cac|cbc):(\w+)\b[^>]*>.*?</\1:\2>", re.DOTALL)
_UUID = re.compile(rb"(<cbc:UUID>)([^<]*)(<)")
BAD_NUMBERS = [
    b"20,00",
    b"1.234,56",
    b"1,234.56",
    b"NaN",
    b"Infinity",
    b"-inf",
    b"1E999999",
    b"1e3",
    b"",
    b" ",
    b"abc",
    b"%",
    b"12..5",
    b"\xd9\xa1\xd9\xa2",
    b"9" * 40,
    b"-0",
    b"0x10",
    b"+5",
    b"5.",
    b".5",
    b"99999999999999999999",
    b"0.0000000000001",
    b"-100000",
]
BAD_DATES = [b"2024-02-30", b"2024-13-01", b"15.01.2024", b"", b"2024-1-5", b"0000-00-00", b"9999-12-31", b"yarin"]
NAMESPACES = [
    (b"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", b"urn:example:wrong-cbc"),
    (b"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", b"urn:example:wrong-cac"),
    (
        b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-3",
    ),
]


def _sources():
    names = list(SAMPLES) + list(RESPONSES)
    sources = [(name, read_data(name)) for name in names]
    sources.append(("generated.xml", make_invoice(supplier="9205121120", customer="1288331521")))
    return sources


def mutate(rng, data):
    """One or two random mutations of ``data`` (bytes), mostly ones that keep the XML readable,
    so that most mutants reach the database."""
    kinds = ["number"] * 5 + ["date"] * 2 + ["drop"] * 4 + ["namespace", "truncate", "swap", "bytes"]
    for _round in range(rng.randint(1, 2)):
        kind = rng.choice(kinds)
        if kind == "number":
            matches = list(_NUMERIC.finditer(data))
            if matches:
                match = rng.choice(matches)
                value = rng.choice(BAD_NUMBERS + [str(rng.uniform(-1e6, 1e6)).encode()])
                data = data[: match.start(2)] + value + data[match.end(2) :]
        elif kind == "date":
            matches = list(_DATE.finditer(data))
            if matches:
                match = rng.choice(matches)
                data = data[: match.start(2)] + rng.choice(BAD_DATES) + data[match.end(2) :]
        elif kind == "drop":
            matches = list(_ELEMENT.finditer(data[:200000]))
            if matches:
                match = rng.choice(matches)
                data = data[: match.start()] + data[match.end() :]
        elif kind == "namespace":
            old, new = rng.choice(NAMESPACES)
            data = data.replace(old, new, 1 if rng.random() < 0.5 else -1)
        elif kind == "truncate":
            data = data[: rng.randint(0, len(data))]
        elif kind == "swap":
            matches = list(_ELEMENT.finditer(data[:200000]))
            if len(matches) > 1:
                first, second = sorted(rng.sample(matches, 2), key=lambda m: m.start())
                if first.end() <= second.start():
                    data = (
                        data[: first.start()]
                        + second.group(0)
                        + data[first.end() : second.start()]
                        + first.group(0)
                        + data[second.end() :]
                    )
        else:
            position = rng.randint(0, max(len(data) - 1, 0))
            data = data[:position] + bytes([rng.randint(0, 255)]) + data[position + 1 :]
    return data


def mutants(count=MUTANTS, seed=SEED):
    rng = random.Random(seed)
    sources = _sources()
    result = []
    for index in range(count):
        name, data = rng.choice(sources)
        # a fresh ETTN each, so that most mutants reach the database instead of being duplicates
        fresh = str(uuid.UUID(int=rng.getrandbits(128))).upper().encode()
        data = _UUID.sub(lambda m, f=fresh: m.group(1) + f + m.group(3), data, count=1)
        result.append((f"fuzz-{index:03d}-{name}", mutate(rng, data)))
    return result


@tagged("at_install", "-post_install")
class TestParserFuzz(BaseCase):
    def test_parser_raises_only_its_own_error(self):
        """The parser either reads a document or raises UblTrError with a code: nothing else."""
        for name, data in mutants(count=1500, seed=SEED + 1):
            with self.subTest(name=name):
                try:
                    ubl_tr.parse_document(data)
                except ubl_tr.UblTrError as exc:
                    self.assertTrue(exc.code)

    def test_turkish_decimal_comma_and_bad_numbers(self):
        data = make_invoice().replace(b"<cbc:Percent>20</cbc:Percent>", b"<cbc:Percent>20,00</cbc:Percent>")
        (doc,) = ubl_tr.parse_document(data)
        self.assertEqual([str(tax.percent) for tax in doc.taxes], ["20.00"])
        for bad in (b"1.234,56", b"NaN", b"1E999999", b"abc", b"Infinity"):
            with self.subTest(value=bad), self.assertRaises(ubl_tr.UblTrError) as caught:
                ubl_tr.parse_document(
                    make_invoice().replace(b"<cbc:Percent>20</cbc:Percent>", b"<cbc:Percent>" + bad + b"</cbc:Percent>")
                )
            self.assertEqual(caught.exception.code, "bad_number")
            self.assertIn("Percent", caught.exception.detail)
        with self.assertRaises(ubl_tr.UblTrError) as caught:
            ubl_tr.parse_document(
                make_invoice().replace(b"2024-01-15</cbc:IssueDate>", b"15.01.2024</cbc:IssueDate>", 1)
            )
        self.assertEqual(caught.exception.code, "bad_date")


@tagged("post_install", "-at_install")
class TestImportFuzz(EInvoiceCommon):
    def test_one_bad_number_does_not_block_the_others(self):
        """A Turkish decimal comma that cannot be read in one file: that file is rejected with the
        reason, the other file of the same import goes in (before: InvalidOperation aborted all)."""
        bad = make_invoice(number="BAD1", ettn="5E1F1C2A-0000-4000-8000-0000000000F1").replace(
            b"<cbc:Percent>20</cbc:Percent>", b"<cbc:Percent>1.234,00</cbc:Percent>", 1
        )
        good = make_invoice(number="GOOD1", ettn="5E1F1C2A-0000-4000-8000-0000000000F2")
        report = self.import_files([("bozuk-sayi.xml", bad), ("iyi.xml", good)])
        by_name = {line["filename"]: line for line in report}
        self.assertEqual(by_name["bozuk-sayi.xml"]["status"], "rejected")
        self.assertIn("Percent", by_name["bozuk-sayi.xml"]["message"])
        self.assertEqual(by_name["iyi.xml"]["status"], "linked")

    def test_fuzzed_gib_samples(self):
        """300 deterministic mutants of the GİB samples, imported 15 per call: every file ends with
        a report line and no call raises."""
        files = mutants()
        start = time.monotonic()
        with mute_logger(
            "odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_import",
            "odoo.addons.miy_e_invoice_bridge.models.miy_einvoice_move_batch",
        ):
            for offset in range(0, len(files), FILES_PER_IMPORT):
                batch = files[offset : offset + FILES_PER_IMPORT]
                with self.subTest(first=batch[0][0]):
                    report = self.import_files(batch, create_moves=offset % 2 == 0)
                    reported = {line["filename"].split("/", 1)[0] for line in report}
                    self.assertEqual(reported, {name for name, _data in batch})
                    for line in report:
                        self.assertIn(
                            line["status"],
                            (
                                "imported",
                                "linked",
                                "warning",
                                "needs_partner",
                                "mismatch",
                                "duplicate",
                                "response",
                                "rejected",
                            ),
                        )
                        if line["status"] == "rejected":
                            self.assertTrue(line["message"], line["filename"])
        self.assertLess(time.monotonic() - start, 120)
