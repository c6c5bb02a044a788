"""Plain-Python reader of Turkish UBL-TR e-invoices (e-Fatura, e-Arşiv) and application responses.

No Odoo import here: the Odoo models call :func:`parse_document` and map the error codes of
:class:`UblTrError` to translated messages.

Safety: the bytes are checked for ``<!DOCTYPE``/``<!ENTITY`` before parsing (XXE and entity
expansion are refused outright, no local file is read), embedded base64 display documents over
``max_embedded`` bytes are cut out with a streaming regex *before* parsing, and lxml runs with
``resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False``.

Legacy currency: GİB's TR1.0 samples (2013) carry ``TRL``, a code abolished in 2005 when the
lira was redenominated (1 TRY = 1,000,000 TRL). A document dated 2005 or later cannot be in old
lira, so its ``TRL`` is read as ``TRY`` unchanged (with a warning); a document dated before 2005
is converted to TRY by dividing every amount by 1,000,000 (with a warning).
"""

import base64
import binascii
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

try:  # python-stdnum, listed in requirements.txt
    from stdnum.tr import tckimlik as _stdnum_tckimlik
    from stdnum.tr import vkn as _stdnum_vkn
except ImportError:  # pragma: no cover
    _stdnum_tckimlik = _stdnum_vkn = None

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "ar": "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2",
}
INVOICE_TAG = "{{{}}}Invoice".format(NS["inv"])
RESPONSE_TAG = "{{{}}}ApplicationResponse".format(NS["ar"])
SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"

MAX_FILE_SIZE = 50 * 1024 * 1024
MAX_EMBEDDED = 5 * 1024 * 1024
KDV = "0015"
WITHHOLDING_PROFILES_BUYER = {"IHRACAT", "YOLCUBERABERFATURA"}
ID_SCHEMES = {"VKN", "TCKN"}
TRL_REDENOMINATION = Decimal(1000000)
TRL_END = datetime.date(2005, 1, 1)

_FORBIDDEN = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_EMBEDDED = re.compile(
    rb"(<(?:[A-Za-z_][\w.-]*:)?EmbeddedDocumentBinaryObject\b[^>]*>)([^<]*)(</(?:[A-Za-z_][\w.-]*:)?EmbeddedDocumentBinaryObject\s*>)"
)


class UblTrError(ValueError):
    """A document that cannot be read. ``code`` is one of: malformed, forbidden, too_large,
    not_ubl_tr, missing_ettn, unsupported."""

    def __init__(self, code, detail="", position=None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail  # for the log; shown to users only when it names data (see the model)
        self.position = position  # (line, column) of a malformed document


@dataclass
class Party:
    vkn: str = ""  # VKN or TCKN, digits only, 9-digit VKN restored to 10
    scheme: str = ""  # "VKN" or "TCKN"
    name: str = ""
    tax_office: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""
    other_ids: dict = field(default_factory=dict)


@dataclass
class Tax:
    code: str = ""
    name: str = ""
    percent: Decimal | None = None
    amount: Decimal = Decimal(0)
    taxable: Decimal | None = None
    per_unit: Decimal | None = None
    exemption_code: str = ""
    exemption_reason: str = ""


@dataclass
class Line:
    sequence: str = ""
    name: str = ""
    quantity: Decimal = Decimal(0)
    unit_code: str = ""
    price: Decimal = Decimal(0)
    allowance: Decimal = Decimal(0)
    charge: Decimal = Decimal(0)
    line_extension: Decimal = Decimal(0)
    taxes: list = field(default_factory=list)
    withholdings: list = field(default_factory=list)


@dataclass
class Attachment:
    filename: str = ""
    mimetype: str = ""
    data: bytes = b""


@dataclass
class Invoice:
    customization: str = ""
    profile: str = ""
    invoice_type: str = ""
    number: str = ""
    ettn: str = ""
    issue_date: datetime.date | None = None
    due_date: datetime.date | None = None
    currency: str = ""
    currency_rate: Decimal | None = None
    supplier: Party = field(default_factory=Party)
    customer: Party = field(default_factory=Party)
    buyer: Party | None = None
    lines: list = field(default_factory=list)
    taxes: list = field(default_factory=list)
    withholdings: list = field(default_factory=list)
    tax_amount: Decimal = Decimal(0)  # every tax (KDV, ÖTV...), from the TaxSubtotals
    tax_header_amount: Decimal = Decimal(0)  # TaxTotal/TaxAmount as written (net of withholding in some files)
    kdv_amount: Decimal = Decimal(0)  # KDV (0015) alone
    withholding_amount: Decimal = Decimal(0)
    line_extension_amount: Decimal = Decimal(0)
    tax_exclusive_amount: Decimal = Decimal(0)
    tax_inclusive_amount: Decimal = Decimal(0)
    allowance_total: Decimal = Decimal(0)
    charge_total: Decimal = Decimal(0)
    rounding_amount: Decimal = Decimal(0)
    payable_amount: Decimal = Decimal(0)
    billing_reference: str = ""
    notes: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    # (code, detail) pairs; a party's detail is (role, text), the role one of PARTY_ROLES
    warnings: list = field(default_factory=list)
    mismatches: list = field(default_factory=list)  # (code, expected, found)

    @property
    def customer_party(self):
        """The real buyer: BuyerCustomerParty for exports and tax-free passenger sales."""
        if self.profile in WITHHOLDING_PROFILES_BUYER and self.buyer and (self.buyer.vkn or self.buyer.name):
            return self.buyer
        return self.customer

    @property
    def kdv_included(self):
        """ÖZELMATRAH (special base, KDV art. 23) documents may state the KDV as included in the
        line amounts ("KDV dahil"): then TaxInclusiveAmount equals TaxExclusiveAmount."""
        return (
            self.invoice_type == "OZELMATRAH"
            and self.tax_amount > 0
            and abs(self.tax_inclusive_amount - self.tax_exclusive_amount) <= Decimal("0.01")
        )

    @property
    def totals_consistent(self):
        return not self.mismatches


@dataclass
class Response:
    profile: str = ""
    number: str = ""
    ettn: str = ""
    issue_date: datetime.date | None = None
    response_code: str = ""  # KABUL / RED / IADE
    description: str = ""
    reference: str = ""  # ETTN or invoice number of the answered invoice
    reference_is_ettn: bool = False
    sender: Party = field(default_factory=Party)
    receiver: Party = field(default_factory=Party)
    warnings: list = field(default_factory=list)


# ---------------------------------------------------------------- safety


def make_parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def strip_embedded(data, max_embedded=MAX_EMBEDDED):
    """Remove base64 payloads larger than ``max_embedded`` bytes; return (bytes, stripped count)."""
    stripped = 0

    def _cut(match):
        nonlocal stripped
        if len(match.group(2)) <= max_embedded:
            return match.group(0)
        stripped += 1
        return match.group(1) + match.group(3)

    if b"EmbeddedDocumentBinaryObject" not in data:
        return data, 0
    return _EMBEDDED.sub(_cut, data), stripped


def parse_xml(data, max_size=MAX_FILE_SIZE, max_embedded=MAX_EMBEDDED):
    """Bytes to an lxml root, refusing DTDs/entities; returns (root, stripped_count)."""
    if len(data) > max_size:
        raise UblTrError("too_large", str(len(data)))
    if _FORBIDDEN.search(data):
        raise UblTrError("forbidden", "DOCTYPE/ENTITY")
    data, stripped = strip_embedded(data, max_embedded)
    try:
        root = etree.fromstring(data, parser=make_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        position = getattr(exc, "position", None)
        raise UblTrError("malformed", str(exc), position=position if isinstance(position, tuple) else None) from None
    if root is None:
        raise UblTrError("malformed", "empty document")
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise UblTrError("forbidden", "DOCTYPE")
    return root, stripped


# ---------------------------------------------------------------- helpers


def _text(node, path):
    if node is None:
        return ""
    found = node.find(path, NS)
    if found is None or found.text is None:
        return ""
    return found.text.strip()


_NUMBER = re.compile(r"[+-]?[0-9]{1,20}(?:\.[0-9]{1,12})?")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def to_decimal(value, where=""):
    """The one conversion of a number read from a document: ``Decimal`` or :class:`UblTrError`
    ``bad_number`` naming the element. A single Turkish decimal comma (``20,00``) is read as a
    point; thousands separators, exponents, NaN/Infinity and over-long numbers are refused."""
    text = (value or "").strip()
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise UblTrError("bad_number", f"{where}: {value[:40]!r}" if where else repr(value[:40]))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets plain decimals through
        raise UblTrError("bad_number", f"{where}: {value[:40]!r}") from None


def _dec(node, path, default=Decimal(0)):
    value = _text(node, path)
    if not value:
        return default
    return to_decimal(value, path.rsplit("/", 1)[-1])


def _dec_or_none(node, path):
    return _dec(node, path, default=None)


def _date(value, where=""):
    """The one conversion of a date: ``None`` when absent, :class:`UblTrError` ``bad_date`` when
    it is not an ISO date (``YYYY-MM-DD``, optionally followed by a time zone)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if not _DATE_RE.match(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise UblTrError("bad_date", f"{where}: {text[:40]!r}" if where else repr(text[:40])) from None


def normalize_id(value):
    """Digits only: ' TR 0123 456 789' -> '0123456789'."""
    return re.sub(r"\D", "", value or "")


def check_vkn_tckn(value, scheme):
    """True when the checksum is valid (python-stdnum)."""
    if not value or _stdnum_vkn is None:
        return True
    if scheme == "TCKN" or len(value) == 11:
        return _stdnum_tckimlik.is_valid(value)
    return _stdnum_vkn.is_valid(value)


PARTY_ROLES = ("supplier", "customer", "buyer", "sender", "receiver")


def _party(node, warnings, role):
    party = Party()
    if node is None:
        return party
    for ident in node.findall("cac:PartyIdentification/cbc:ID", NS):
        scheme = (ident.get("schemeID") or "").strip().upper()
        value = (ident.text or "").strip()
        if not value:
            continue
        if scheme in ID_SCHEMES and not party.vkn:
            digits = normalize_id(value)
            if scheme == "VKN" and len(digits) == 9:
                digits = "0" + digits
                warnings.append(("vkn_leading_zero", (role, f"{value} -> {digits}")))
            party.vkn, party.scheme = digits, scheme
            if not check_vkn_tckn(digits, scheme):
                warnings.append(("checksum", (role, f"{scheme} {digits}")))
        elif scheme:
            party.other_ids[scheme] = value
    name = _text(node, "cac:PartyName/cbc:Name")
    if not name:
        name = " ".join(
            filter(None, [_text(node, "cac:Person/cbc:FirstName"), _text(node, "cac:Person/cbc:FamilyName")])
        )
    party.name = re.sub(r"\s+", " ", name)
    party.tax_office = _text(node, "cac:PartyTaxScheme/cac:TaxScheme/cbc:Name")
    address = node.find("cac:PostalAddress", NS)
    if address is not None:
        street = " ".join(
            filter(
                None,
                [
                    _text(address, "cbc:StreetName"),
                    _text(address, "cbc:BuildingName"),
                    _text(address, "cbc:BuildingNumber"),
                    _text(address, "cbc:Room") and f"No:{_text(address, 'cbc:Room')}",
                ],
            )
        )
        party.street = street
        party.state = _text(address, "cbc:CitySubdivisionName")
        party.city = _text(address, "cbc:CityName")
        party.zip = _text(address, "cbc:PostalZone")
        party.country = _text(address, "cac:Country/cbc:Name")
    party.email = _text(node, "cac:Contact/cbc:ElectronicMail")
    party.phone = _text(node, "cac:Contact/cbc:Telephone")
    return party


def _taxes(node, path):
    taxes = []
    for sub in node.findall(f"{path}/cac:TaxSubtotal", NS):
        percent = _dec_or_none(sub, "cbc:Percent")
        if percent is None:
            percent = _dec_or_none(sub, "cac:TaxCategory/cbc:Percent")
        taxes.append(
            Tax(
                code=_text(sub, "cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode"),
                name=_text(sub, "cac:TaxCategory/cac:TaxScheme/cbc:Name"),
                percent=percent,
                amount=_dec(sub, "cbc:TaxAmount"),
                taxable=_dec_or_none(sub, "cbc:TaxableAmount"),
                per_unit=_dec_or_none(sub, "cbc:PerUnitAmount"),
                exemption_code=_text(sub, "cac:TaxCategory/cbc:TaxExemptionReasonCode"),
                exemption_reason=_text(sub, "cac:TaxCategory/cbc:TaxExemptionReason"),
            )
        )
    return taxes


def _allowances(node):
    allowance = charge = Decimal(0)
    for ac in node.findall("cac:AllowanceCharge", NS):
        amount = _dec(ac, "cbc:Amount")
        if _text(ac, "cbc:ChargeIndicator").lower() == "true":
            charge += amount
        else:
            allowance += amount
    return allowance, charge


def _attachments(root, warnings):
    result = []
    for obj in root.iterfind(".//cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject", NS):
        payload = "".join((obj.text or "").split())
        if not payload:
            continue
        try:
            data = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            warnings.append(("bad_attachment", obj.get("filename") or ""))
            continue
        result.append(Attachment(filename=obj.get("filename") or "", mimetype=obj.get("mimeCode") or "", data=data))
    return result


# ---------------------------------------------------------------- documents


def _read_invoice(root, stripped):
    inv = Invoice()
    warnings = inv.warnings
    if stripped:
        warnings.append(("embedded_stripped", str(stripped)))
    inv.customization = _text(root, "cbc:CustomizationID")
    inv.profile = _text(root, "cbc:ProfileID").upper()
    inv.invoice_type = _text(root, "cbc:InvoiceTypeCode").upper()
    inv.number = _text(root, "cbc:ID")
    inv.ettn = _text(root, "cbc:UUID").upper()
    if not inv.ettn:
        raise UblTrError("missing_ettn", inv.number)
    if not inv.customization.upper().startswith("TR"):
        raise UblTrError("not_ubl_tr", inv.customization or "CustomizationID")
    inv.issue_date = _date(_text(root, "cbc:IssueDate"), "IssueDate")
    inv.due_date = _date(_text(root, "cac:PaymentTerms/cbc:PaymentDueDate"), "PaymentDueDate") or _date(
        _text(root, "cac:PaymentMeans/cbc:PaymentDueDate"), "PaymentDueDate"
    )
    inv.currency = _text(root, "cbc:DocumentCurrencyCode").upper()
    inv.currency_rate = _dec_or_none(root, "cac:PricingExchangeRate/cbc:CalculationRate")
    if inv.currency_rate is not None and inv.currency_rate <= 0:
        raise UblTrError("bad_number", f"CalculationRate: {inv.currency_rate}")
    inv.notes = [n.text.strip() for n in root.findall("cbc:Note", NS) if n.text and n.text.strip()]
    inv.supplier = _party(root.find("cac:AccountingSupplierParty/cac:Party", NS), warnings, "supplier")
    inv.customer = _party(root.find("cac:AccountingCustomerParty/cac:Party", NS), warnings, "customer")
    buyer = root.find("cac:BuyerCustomerParty/cac:Party", NS)
    if buyer is not None:
        inv.buyer = _party(buyer, warnings, "buyer")
    reference = _text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")
    inv.billing_reference = "".join(reference.split())
    inv.taxes = _taxes(root, "cac:TaxTotal")
    inv.tax_header_amount = sum((_dec(t, "cbc:TaxAmount") for t in root.findall("cac:TaxTotal", NS)), Decimal(0))
    # the subtotals carry each tax; some TEVKIFAT files put KDV minus withholding in the header
    inv.tax_amount = sum((tax.amount for tax in inv.taxes), Decimal(0)) if inv.taxes else inv.tax_header_amount
    inv.kdv_amount = sum((tax.amount for tax in inv.taxes if (tax.code or KDV) == KDV), Decimal(0))
    inv.withholdings = _taxes(root, "cac:WithholdingTaxTotal")
    inv.withholding_amount = sum(
        (_dec(t, "cbc:TaxAmount") for t in root.findall("cac:WithholdingTaxTotal", NS)), Decimal(0)
    )
    total = root.find("cac:LegalMonetaryTotal", NS)
    if total is None:
        raise UblTrError("not_ubl_tr", "LegalMonetaryTotal")
    inv.line_extension_amount = _dec(total, "cbc:LineExtensionAmount")
    inv.tax_exclusive_amount = _dec(total, "cbc:TaxExclusiveAmount")
    inv.tax_inclusive_amount = _dec(total, "cbc:TaxInclusiveAmount")
    inv.allowance_total = _dec(total, "cbc:AllowanceTotalAmount")
    inv.charge_total = _dec(total, "cbc:ChargeTotalAmount")
    inv.rounding_amount = _dec(total, "cbc:PayableRoundingAmount")
    inv.payable_amount = _dec(total, "cbc:PayableAmount")
    for node in root.findall("cac:InvoiceLine", NS):
        line = Line(
            sequence=_text(node, "cbc:ID"),
            name=_text(node, "cac:Item/cbc:Name") or _text(node, "cac:Item/cbc:Description"),
            quantity=_dec(node, "cbc:InvoicedQuantity"),
            price=_dec(node, "cac:Price/cbc:PriceAmount"),
            line_extension=_dec(node, "cbc:LineExtensionAmount"),
            taxes=_taxes(node, "cac:TaxTotal"),
            withholdings=_taxes(node, "cac:WithholdingTaxTotal"),
        )
        quantity = node.find("cbc:InvoicedQuantity", NS)
        line.unit_code = (quantity.get("unitCode") or "").strip() if quantity is not None else ""
        line.allowance, line.charge = _allowances(node)
        inv.lines.append(line)
    inv.attachments = _attachments(root, warnings)
    if inv.currency == "TRL":
        _convert_trl(inv)
    _check_totals(inv)
    return inv


def _convert_trl(inv):
    if inv.issue_date and inv.issue_date < TRL_END:
        inv.warnings.append(("trl_converted", "TRL / 1,000,000 = TRY"))
        factor = TRL_REDENOMINATION
        for name in (
            "tax_amount",
            "tax_header_amount",
            "kdv_amount",
            "withholding_amount",
            "line_extension_amount",
            "tax_exclusive_amount",
            "tax_inclusive_amount",
            "allowance_total",
            "charge_total",
            "rounding_amount",
            "payable_amount",
        ):
            setattr(inv, name, getattr(inv, name) / factor)
        for line in inv.lines:
            for name in ("price", "allowance", "charge", "line_extension"):
                setattr(line, name, getattr(line, name) / factor)
            for tax in line.taxes + line.withholdings:
                tax.amount /= factor
                tax.taxable = tax.taxable / factor if tax.taxable is not None else None
                tax.per_unit = tax.per_unit / factor if tax.per_unit is not None else None
        for tax in inv.taxes + inv.withholdings:
            tax.amount /= factor
            tax.taxable = tax.taxable / factor if tax.taxable is not None else None
    else:
        inv.warnings.append(("trl_as_try", inv.issue_date and inv.issue_date.isoformat() or ""))
    inv.currency = "TRY"


def _check_totals(inv, tolerance=Decimal("0.01")):
    """Compare the lines and the taxes with LegalMonetaryTotal; mismatches are reported, not fixed."""
    lines_total = sum((line.line_extension for line in inv.lines), Decimal(0))
    if abs(lines_total - inv.line_extension_amount) > tolerance:
        inv.mismatches.append(("lines", inv.line_extension_amount, lines_total))
    expected_exclusive = inv.line_extension_amount - inv.allowance_total + inv.charge_total
    if inv.tax_exclusive_amount and abs(expected_exclusive - inv.tax_exclusive_amount) > tolerance:
        inv.mismatches.append(("tax_exclusive", inv.tax_exclusive_amount, expected_exclusive))
    header_net = inv.tax_amount - inv.withholding_amount
    if abs(inv.tax_header_amount - inv.tax_amount) > tolerance and abs(inv.tax_header_amount - header_net) > tolerance:
        inv.mismatches.append(("tax_total", inv.tax_header_amount, inv.tax_amount))
    expected_inclusive = inv.tax_exclusive_amount + (0 if inv.kdv_included else inv.tax_amount)
    if abs(expected_inclusive - inv.tax_inclusive_amount) > tolerance:
        inv.mismatches.append(("tax_inclusive", inv.tax_inclusive_amount, expected_inclusive))
    expected_payable = inv.tax_inclusive_amount - inv.withholding_amount + inv.rounding_amount
    if abs(expected_payable - inv.payable_amount) > tolerance:
        inv.mismatches.append(("payable", inv.payable_amount, expected_payable))


def _read_response(root):
    resp = Response()
    resp.profile = _text(root, "cbc:ProfileID").upper()
    resp.number = _text(root, "cbc:ID")
    resp.ettn = _text(root, "cbc:UUID").upper()
    resp.issue_date = _date(_text(root, "cbc:IssueDate"), "IssueDate")
    resp.response_code = _text(root, "cac:DocumentResponse/cac:Response/cbc:ResponseCode").upper()
    resp.description = _text(root, "cac:DocumentResponse/cac:Response/cbc:Description")
    reference = "".join(_text(root, "cac:DocumentResponse/cac:DocumentReference/cbc:ID").split())
    if not reference:
        raise UblTrError("missing_ettn", "DocumentReference")
    resp.reference_is_ettn = bool(
        re.fullmatch(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", reference)
    )
    resp.reference = reference.upper() if resp.reference_is_ettn else reference
    resp.sender = _party(root.find("cac:SenderParty", NS), resp.warnings, "sender")
    resp.receiver = _party(root.find("cac:ReceiverParty", NS), resp.warnings, "receiver")
    if resp.response_code not in ("KABUL", "RED", "IADE"):
        raise UblTrError("unsupported", resp.response_code or "ResponseCode")
    return resp


def parse_document(data, max_size=MAX_FILE_SIZE, max_embedded=MAX_EMBEDDED):
    """Bytes of one file -> list of :class:`Invoice` / :class:`Response` (an SBDH envelope may hold several).

    Raises :class:`UblTrError` when the file is not a readable UBL-TR document.
    """
    root, stripped = parse_xml(data, max_size=max_size, max_embedded=max_embedded)
    if root.tag == INVOICE_TAG:
        return [_read_invoice(root, stripped)]
    if root.tag == RESPONSE_TAG:
        return [_read_response(root)]
    if etree.QName(root).localname == "StandardBusinessDocument":
        documents = []
        for element_list in root.iter("{*}ElementList"):
            for child in element_list:
                if not isinstance(child.tag, str):
                    continue
                if child.tag == INVOICE_TAG:
                    documents.append(_read_invoice(child, stripped))
                elif child.tag == RESPONSE_TAG:
                    documents.append(_read_response(child))
                else:
                    raise UblTrError("unsupported", etree.QName(child).localname)
        if not documents:
            raise UblTrError("not_ubl_tr", "empty envelope")
        return documents
    if isinstance(root.tag, str) and etree.QName(root).localname in ("Invoice", "ApplicationResponse"):
        raise UblTrError("not_ubl_tr", etree.QName(root).namespace or "")
    raise UblTrError("not_ubl_tr", etree.QName(root).localname if isinstance(root.tag, str) else "")
