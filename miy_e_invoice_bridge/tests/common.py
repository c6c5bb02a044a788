import base64
import io
import zipfile
from pathlib import Path

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import file_open

from odoo.addons.miy_contacts.tests.common import MiyCommon

DATA = Path(__file__).parent / "data"

# GİB samples (tests/data, copied from the shared fixtures) and what each must read as.
# file: (profile, type, number, ETTN, supplier VKN, buyer VKN/TCKN, currency, payable, lines)
SAMPLES = {
    "EARSIVFATURA_YTBSATIS_gib-ubltr121-YTB_Satis_EArsiv.xml": (
        "EARSIVFATURA",
        "YTBSATIS",
        "GIB2025000000001",
        "A8005C43-2E67-4083-9DBA-B0E2A52D29CA",
        "3333333888",
        "3333333888",
        "TRY",
        1800.00,
        1,
    ),
    "TEMELFATURA_IADE_gib-efaturapaketi-7_TEMEL_FATURA_IADE-signed.xml": (
        "TEMELFATURA",
        "IADE",
        "TST2013000000292",
        "98638965-3BC4-4EC2-A70E-F685ABD641EA",
        "9999999999",
        "9999999999",
        "TRY",
        59.00,
        1,
    ),
    "TEMELFATURA_SATIS_gib-efaturapaketi-1_TEMEL_FATURA-signed.xml": (
        "TEMELFATURA",
        "SATIS",
        "TST2013000000766",
        "96A8B0F1-7E10-4A44-8D78-EB961539BB4B",
        "9999999999",
        "9999999999",
        "TRY",
        10.10,
        1,
    ),
    "TEMELFATURA_SATIS_gib-efaturapaketi-1_TEMEL_FATURA_ZARF-envelope.xml": (
        "TEMELFATURA",
        "SATIS",
        "TST2013000000766",
        "96A8B0F1-7E10-4A44-8D78-EB961539BB4B",
        "9999999999",
        "9999999999",
        "TRY",
        10.10,
        1,
    ),
    "TEMELFATURA_SATIS_gib-ubltr121-TemelFaturaOrnegi.xml": (
        "TEMELFATURA",
        "SATIS",
        "GIB20090000000001",
        "F47AC10B-58CC-4372-A567-0E02B2C3D479",
        "1288331521",
        "1234567890",
        "TRY",
        17.88,
        1,
    ),
    "TICARIFATURA_IADE_gib-ubltr121-IadeFaturasiOrnegi.xml": (
        "TICARIFATURA",
        "IADE",
        "GIB2009000000022",
        "F47AC10B-58CC-4372-A567-0E02B2C3D480",
        "9205121120",
        "1288331521",
        "TRY",
        812.43,
        1,
    ),
    "TICARIFATURA_ISTISNA_gib-ubltr121-ISTISNA-1.xml": (
        "TICARIFATURA",
        "ISTISNA",
        "BSS2010000028181",
        "F47AC10B-58CC-4372-A567-0E02B2C3D479",
        "0870612534",
        "",
        "USD",
        26475.0,
        2,
    ),
    "TICARIFATURA_ISTISNA_gib-ubltr121-ISTISNA-2.xml": (
        "TICARIFATURA",
        "ISTISNA",
        "SDT2012000033805",
        "F47AC10B-58CC-4372-A567-0E02B2C3D479",
        "7570308311",
        "8720013735",
        "USD",
        295864.0,
        2,
    ),
    "TICARIFATURA_SATIS_gib-efaturapaketi-2_TICARI_FATURA-signed.xml": (
        "TICARIFATURA",
        "SATIS",
        "TST2013000000045",
        "2D07CAB5-BF97-4AF5-96F8-AB45671A5E2E",
        "9999999999",
        "9999999999",
        "TRY",
        10.10,
        1,
    ),
    "TICARIFATURA_SATIS_gib-ubltr121-OTV.xml": (
        "TICARIFATURA",
        "SATIS",
        "SRM2012000045142",
        "F47AC10B-58CC-4372-A567-0E02B2C3D479",
        "7620006073",
        "0333063526",
        "TRY",
        9718.48,
        1,
    ),
    "TICARIFATURA_SATIS_gib-ubltr121-TicariFaturaOrnegi.xml": (
        "TICARIFATURA",
        "SATIS",
        "GIB2009000000011",
        "F47AC10B-58CC-4372-A567-0E02B2C3D479",
        "1288331521",
        "9205121120",
        "TRY",
        29755.47,
        8,
    ),
}
RESPONSES = {
    "APPRESPONSE_KABUL_gib-efaturapaketi-2_UYGULAMA_YANITI_KABUL.xml": (
        "KABUL",
        "2D07CAB5-BF97-4AF5-96F8-AB45671A5E2E",
        True,
    ),
    "APPRESPONSE_KABUL_gib-ubltr121-KabulUygulamaYanitiOrnegi.xml": ("KABUL", "GIB2009000000011", False),
    "APPRESPONSE_RED_gib-ubltr121-RedUygulamaYanitiOrnegi.xml": ("RED", "GIB2009000000011", False),
}
# Our firm in the tests is "AAA Anonim Şirketi" of the GİB samples.
COMPANY_VKN = "1288331521"


def read_data(name):
    with file_open(f"miy_e_invoice_bridge/tests/data/{name}", "rb") as handle:
        return handle.read()


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def make_invoice(
    number="MIY2024000000001",
    ettn="5E1F1C2A-0000-4000-8000-000000000001",
    supplier="1288331521",
    customer="9205121120",
    lines=2,
    rate=20,
    currency="TRY",
    embedded=b"",
    profile="TICARIFATURA",
    invoice_type="SATIS",
    customer_scheme="VKN",
    extra="",
):
    """A small valid UBL-TR 1.2 invoice built by the tests (cases the GİB samples do not cover)."""
    line_xml = []
    base = 0
    for index in range(1, lines + 1):
        amount = 100 * index
        base += amount
        line_xml.append(
            f"""<cac:InvoiceLine><cbc:ID>{index}</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">{index}</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="{currency}">{amount:.2f}</cbc:LineExtensionAmount>
            <cac:TaxTotal><cbc:TaxAmount currencyID="{currency}">{amount * rate / 100:.2f}</cbc:TaxAmount>
              <cac:TaxSubtotal><cbc:TaxableAmount currencyID="{currency}">{amount:.2f}</cbc:TaxableAmount>
              <cbc:TaxAmount currencyID="{currency}">{amount * rate / 100:.2f}</cbc:TaxAmount><cbc:Percent>{rate}</cbc:Percent>
              <cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory>
              </cac:TaxSubtotal></cac:TaxTotal>
            <cac:Item><cbc:Name>Ürün {index}</cbc:Name></cac:Item>
            <cac:Price><cbc:PriceAmount currencyID="{currency}">100</cbc:PriceAmount></cac:Price></cac:InvoiceLine>"""
        )
    tax = base * rate / 100
    attachment = ""
    if embedded:
        attachment = (
            "<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cbc:IssueDate>2024-01-15</cbc:IssueDate><cac:Attachment>"
            '<cbc:EmbeddedDocumentBinaryObject characterSetCode="UTF-8" encodingCode="Base64" filename="gorsel.xslt" '
            f'mimeCode="application/xml">{embedded.decode()}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>'
            "</cac:AdditionalDocumentReference>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>TR1.2</cbc:CustomizationID>
<cbc:ProfileID>{profile}</cbc:ProfileID><cbc:ID>{number}</cbc:ID><cbc:UUID>{ettn}</cbc:UUID>
<cbc:IssueDate>2024-01-15</cbc:IssueDate><cbc:InvoiceTypeCode>{invoice_type}</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>{extra}{attachment}
<cac:AccountingSupplierParty><cac:Party>
 <cac:PartyIdentification><cbc:ID schemeID="MERSISNO">0123456789000015</cbc:ID></cac:PartyIdentification>
 <cac:PartyIdentification><cbc:ID schemeID="VKN">{supplier}</cbc:ID></cac:PartyIdentification>
 <cac:PartyName><cbc:Name>Tedarikçi {supplier} A.Ş.</cbc:Name></cac:PartyName>
 <cac:PostalAddress><cbc:StreetName>Atatürk Cad.</cbc:StreetName><cbc:BuildingNumber>5</cbc:BuildingNumber>
 <cbc:CitySubdivisionName>Osmangazi</cbc:CitySubdivisionName><cbc:CityName>Bursa</cbc:CityName>
 <cbc:PostalZone>16000</cbc:PostalZone><cac:Country><cbc:Name>Türkiye</cbc:Name></cac:Country></cac:PostalAddress>
 <cac:PartyTaxScheme><cac:TaxScheme><cbc:Name>Osmangazi</cbc:Name></cac:TaxScheme></cac:PartyTaxScheme>
</cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party>
 <cac:PartyIdentification><cbc:ID schemeID="{customer_scheme}">{customer}</cbc:ID></cac:PartyIdentification>
 <cac:PartyName><cbc:Name>Müşteri {customer}</cbc:Name></cac:PartyName>
</cac:Party></cac:AccountingCustomerParty>
<cac:PaymentMeans><cbc:PaymentMeansCode>1</cbc:PaymentMeansCode><cbc:PaymentDueDate>2024-02-14</cbc:PaymentDueDate></cac:PaymentMeans>
<cac:TaxTotal><cbc:TaxAmount currencyID="{currency}">{tax:.2f}</cbc:TaxAmount>
 <cac:TaxSubtotal><cbc:TaxableAmount currencyID="{currency}">{base:.2f}</cbc:TaxableAmount>
 <cbc:TaxAmount currencyID="{currency}">{tax:.2f}</cbc:TaxAmount><cbc:Percent>{rate}</cbc:Percent>
 <cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory>
 </cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="{currency}">{base:.2f}</cbc:LineExtensionAmount>
<cbc:TaxExclusiveAmount currencyID="{currency}">{base:.2f}</cbc:TaxExclusiveAmount>
<cbc:TaxInclusiveAmount currencyID="{currency}">{base + tax:.2f}</cbc:TaxInclusiveAmount>
<cbc:PayableAmount currencyID="{currency}">{base + tax:.2f}</cbc:PayableAmount></cac:LegalMonetaryTotal>
{"".join(line_xml)}
</Invoice>""".encode()


class EInvoiceCommon(MiyCommon):
    """A Turkish company (chart 'tr') whose VKN is the GİB samples' "AAA Anonim Şirketi"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = (
            cls.env["res.company"]
            .with_context(no_vat_validation=True)
            .create(
                {
                    "name": "MİY Makina A.Ş.",
                    "country_id": cls.env.ref("base.tr").id,
                    "currency_id": cls.env.ref("base.TRY").id,
                    "vat": f"TR{COMPANY_VKN}",
                    "city": "Bursa",
                }
            )
        )
        cls.env["account.chart.template"].try_loading("tr", company=cls.company, install_demo=False)
        cls.env.ref("base.USD").active = True
        cls._create_accountant_taxes()
        company_values = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.accountant = new_test_user(
            cls.env,
            login="miy_einv_accountant",
            name="Muhasebe Kullanıcısı",
            groups="base.group_user,base.group_partner_manager,account.group_account_invoice",
            **company_values,
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="miy_einv_sales",
            name="Satış Kullanıcısı",
            groups="base.group_user,miy_contacts.group_miy_user",
            **company_values,
        )
        cls.user_plain.write(company_values)
        cls.customer_bbb = (
            cls.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "BBB Limited Şirketi", "is_company": True, "vat": "TR 9205 121 120"})
        )

    @classmethod
    def _create_accountant_taxes(cls):
        """The taxes the GİB samples need beyond the Turkish chart's, as an accountant sets them up
        (an import never creates taxes): the historic 18% KDV (archived), the ÖTV of the ÖTV
        sample and a 9/10 KDV withholding."""
        Tax = cls.env["account.tax"]
        common = {"company_id": cls.company.id}
        values = [
            {
                "name": f"KDV %18 ({use})",
                "type_tax_use": use,
                "amount_type": "percent",
                "amount": 18,
                "sequence": 20,
                "miy_gib_tax_code": "0015",
                "active": False,
            }
            for use in ("sale", "purchase")
        ]
        values.append(
            {
                "name": "ÖTV 1. liste 1842.62/birim",
                "type_tax_use": "purchase",
                "amount_type": "fixed",
                "amount": 1842.62,
                "include_base_amount": True,
                "sequence": 5,
                "miy_gib_tax_code": "0071",
            }
        )
        values.append(
            {
                "name": "KDV tevkifatı 9/10",
                "type_tax_use": "purchase",
                "amount_type": "percent",
                "amount": -18,
                "sequence": 20,
                "miy_gib_tax_code": "W9015",
            }
        )
        Tax.create([{**common, **vals} for vals in values])

    def import_files(self, files, user=None, create_moves=True):
        model = self.env["miy.einvoice"].with_user(user or self.accountant).with_company(self.company)
        return model._import_files(files, create_moves=create_moves)

    def import_samples(self, *names, **kwargs):
        return self.import_files([(name, read_data(name)) for name in names], **kwargs)

    def einvoice(self, report_line):
        return self.env["miy.einvoice"].browse(report_line["einvoice_id"])


def import_with_wizard(env, user, company, files, lang=None):
    """Import [(file name, bytes)] through the import dialog as ``user``; returns the done wizard."""
    Attachment = env["ir.attachment"].with_user(user)
    attachments = Attachment.create([{"name": name, "datas": base64.b64encode(data)} for name, data in files])
    Wizard = env["miy.einvoice.import.wizard"].with_user(user).with_company(company)
    if lang:
        Wizard = Wizard.with_context(lang=lang)
    wizard = Wizard.create({"attachment_ids": [Command.set(attachments.ids)]})
    wizard.action_import()
    return wizard
