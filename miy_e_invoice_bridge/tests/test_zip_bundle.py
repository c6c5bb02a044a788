import io
import zipfile

from odoo.tests import tagged

from ..lib import zip_bundle
from .common import EInvoiceCommon, make_invoice, make_zip

MIB = 1024 * 1024


def zeros_zip(members, size=MIB, compression=zipfile.ZIP_DEFLATED):
    """``members`` members of ``size`` zero bytes each: a ZIP bomb made of small members."""
    buffer = io.BytesIO()
    chunk = b"0" * size
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        for index in range(members):
            archive.writestr(f"fatura_{index:04d}.xml", chunk)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestZipBombs(EInvoiceCommon):
    """ZIP bombs made of members of at most 1 MiB each: the caps count what is decompressed by the
    whole archive (and the archives nested in it), not each member."""

    def assertRefused(self, name, data):
        (line,) = self.import_files([(name, data)])
        self.assertEqual(line["status"], "rejected")
        self.assertIn("ZIP bomb", line["message"])
        self.assertFalse(self.env["miy.einvoice"].search([("company_id", "=", self.company.id)]))

    def test_470_members_of_1_mib(self):
        """The reported bomb: 470 MB out of half a megabyte."""
        bomb = zeros_zip(470)
        self.assertLess(len(bomb), MIB)
        self.assertRefused("bomba.zip", bomb)

    def test_total_cap_is_100_mb(self):
        bomb = zeros_zip(120)  # 120 MB, each member 1 MiB
        with self.assertRaises(zip_bundle.ZipRefused) as caught:
            zip_bundle.expand_nested(bomb)
        self.assertEqual(caught.exception.code, "zip_bomb")
        self.assertRefused("bomba.zip", bomb)

    def test_ratio_over_the_whole_archive(self):
        """60 MB under the size cap, but 1000:1 over the archive: refused."""
        bomb = zeros_zip(60)
        self.assertLess(60 * MIB, zip_bundle.MAX_TOTAL)
        with self.assertRaises(zip_bundle.ZipRefused) as caught:
            zip_bundle.expand_nested(bomb)
        self.assertEqual((caught.exception.code, caught.exception.detail), ("zip_bomb", "compression ratio"))
        self.assertRefused("oran.zip", bomb)

    def test_ratio_over_nested_archives(self):
        """Two archives of 30 MiB each, stored (not compressed) in an outer archive: the outer one
        has a ratio of 1:1, the inner ones of 1000:1; the tree as a whole is a bomb."""
        inner = zeros_zip(30)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("ocak.zip", inner)
            archive.writestr("subat.zip", inner)
        outer = buffer.getvalue()
        with self.assertRaises(zip_bundle.ZipRefused) as caught:
            zip_bundle.expand_nested(outer)
        self.assertEqual(caught.exception.code, "zip_bomb")
        self.assertRefused("ic_ice.zip", outer)

    def test_members_are_streamed(self):
        """Members come one by one as they are decompressed: the first one is there before the
        rest of the archive is read (so a bundle is never held twice, compressed and expanded)."""
        bundle = make_zip([("a.xml", make_invoice()), ("b.zip", make_zip([("c.xml", make_invoice())]))])
        members = zip_bundle.iter_nested(bundle)
        self.assertEqual(next(members)[0], "a.xml")
        self.assertEqual([name for name, _data in members], ["b.zip/c.xml"])

    def test_a_refusal_after_some_members_refuses_the_whole_archive(self):
        """The bomb comes after a valid invoice: nothing of the archive is imported."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.xml", make_invoice())
            for index in range(60):
                archive.writestr(f"b{index}.xml", b"0" * MIB)
        self.assertRefused("karisik.zip", buffer.getvalue())

    def test_sizes_declared_smaller_than_the_data(self):
        """A member whose headers declare 10 bytes and hold 2 MiB is not trusted: refused."""
        data = make_zip([("a.xml", b"<a>" + b"0" * (2 * MIB) + b"</a>")])
        size = (2 * MIB + 7).to_bytes(4, "little")
        self.assertEqual(data.count(size), 2)  # local header and central directory
        lying = data.replace(size, (10).to_bytes(4, "little"))
        with self.assertRaises(zip_bundle.ZipRefused):
            zip_bundle.expand_nested(lying)

    def test_legitimate_bundle_still_imported(self):
        bundle = make_zip(
            [
                (
                    f"fatura_{index}.xml",
                    make_invoice(number=f"Z{index}", ettn=f"5E1F1C2A-0000-4000-8000-00000000A{index:03d}"),
                )
                for index in range(20)
            ]
        )
        report = self.import_files([("ay.zip", bundle)])
        self.assertEqual({line["status"] for line in report}, {"linked"})
        self.assertEqual(len(report), 20)
