import re

import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import sql

DEFAULT_REGION = "TR"
PHONE_SUFFIX_INDEX = "miy_partner_phone_number_e164_reversed_idx"
PHONE_PREFIX_INDEX = "miy_partner_phone_number_e164_prefix_idx"
PHONE_TYPES = [
    ("mobile", "Mobile"),
    ("office", "Office"),
    ("home", "Home"),
    ("fax", "Fax"),
    ("other", "Other"),
]

# Odoo's Mobile field shows the primary mobile, its Phone field the primary landline; each kind
# has its own primary number (a fax is a kind of its own, mirrored nowhere).
LANDLINE_TYPES = ("office", "home", "other")


def phone_kind(phone_type):
    """``mobile``, ``landline`` or ``fax``: each kind of number has its own primary one."""
    return "landline" if phone_type in LANDLINE_TYPES else phone_type


def normalize_number(number, region=DEFAULT_REGION):
    """E.164 form of ``number`` read as a number of ``region``, or None when it is not valid.

    Accepts what people type: ``0532 123 45 67``, ``+90 532 1234567``, ``5321234567``,
    ``0 (224) 555-00-00``, ``0090 ...``.
    """
    if not number:
        return None
    text = number.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_SEPARATORS = re.compile(r"[\s\-./()]")
_TURKISH = re.compile(r"(?:\+90|0090|0)?([1-9]\d{9})")


def search_key(value, region=DEFAULT_REGION):
    """E.164 key to look ``value`` up with, or None. Turkish spellings take a fast path (no
    validation needed to look up: an impossible number simply finds nobody)."""
    text = _SEPARATORS.sub("", value or "")
    if region == "TR":
        match = _TURKISH.fullmatch(text)
        if match:
            return "+90" + match.group(1)
    return normalize_number(value, region)


def format_international(e164):
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class MiyPartnerPhone(models.Model):
    _name = "miy.partner.phone"
    _description = "Phone Number"
    _order = "partner_id, is_primary desc, sequence, id"
    _rec_name = "number"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="partner_id.company_id",
        store=True,
        index=True,
        help="The partner's company: the multi-company record rule shows the number to that company's users only.",
    )
    phone_type = fields.Selection(PHONE_TYPES, string="Type", required=True, default="mobile")
    number = fields.Char(required=True, help="The number as it was typed.")
    number_e164 = fields.Char(
        string="Normalized Number",
        compute="_compute_number_e164",
        store=True,
        index=True,
        help="International E.164 form (+905321234567), used to find the partner from any spelling.",
    )
    number_display = fields.Char(string="International", compute="_compute_number_display")
    is_primary = fields.Boolean(string="Primary")
    sequence = fields.Integer(default=10)
    note = fields.Char()

    def init(self):
        """Two btree indexes for the search by a part of a number (see
        ``res.partner._search_miy_phone_search``): the reversed number for the last digits
        (``reverse(number_e164) LIKE '7654321%'``) and the number itself, with pattern operators
        whatever the database's collation, for its first digits (``LIKE '+90532123%'``)."""
        res = super().init()
        sql.create_index(self.env.cr, PHONE_SUFFIX_INDEX, self._table, ["(reverse(number_e164)) text_pattern_ops"])
        sql.create_index(self.env.cr, PHONE_PREFIX_INDEX, self._table, ["number_e164 varchar_pattern_ops"])
        return res

    # Not on the partner's country: a national number means what it meant when it was typed. A
    # partner (or its company, whose address its contacts share) may move to another country
    # whatever its numbers look like, as in Odoo; re-reading them there would refuse the move.
    @api.depends("number")
    def _compute_number_e164(self):
        for phone in self:
            region = phone.partner_id.country_id.code or DEFAULT_REGION
            phone.number_e164 = normalize_number(phone.number, region) or False

    @api.depends("number_e164")
    def _compute_number_display(self):
        for phone in self:
            phone.number_display = format_international(phone.number_e164) if phone.number_e164 else phone.number

    @api.constrains("number_e164", "number")
    def _check_number(self):
        for phone in self:
            if not phone.number_e164:
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid phone number (partner: %(partner)s). "
                        "Type it with its area code, e.g. 0532 123 45 67 or +90 224 555 00 00.",
                        number=phone.number,
                        partner=phone.partner_id.display_name,
                    )
                )

    @api.constrains("number_e164", "partner_id")
    def _check_unique_per_partner(self):
        groups = self._read_group(
            [("partner_id", "in", self.partner_id.ids), ("number_e164", "in", self.mapped("number_e164"))],
            ["partner_id", "number_e164"],
            ["__count"],
        )
        for partner, e164, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(number)s is already recorded on %(partner)s.",
                        number=format_international(e164),
                        partner=partner.display_name,
                    )
                )

    @api.constrains("is_primary", "partner_id", "phone_type")
    def _check_single_primary(self):
        partners = self.filtered("is_primary").partner_id
        if not partners:
            return
        seen = set()
        for phone in self.search([("partner_id", "in", partners.ids), ("is_primary", "=", True)]):
            key = (phone.partner_id, phone_kind(phone.phone_type))
            if key in seen:
                raise ValidationError(
                    self.env._(
                        "%(partner)s has more than one primary number of the same kind "
                        "(one primary mobile, one primary landline, one primary fax).",
                        partner=phone.partner_id.name,
                    )
                )
            seen.add(key)

    @api.model
    def _normalize(self, number, country_code=DEFAULT_REGION):
        """E.164 form of ``number``; raises ValidationError when it is not a phone number."""
        e164 = normalize_number(number, country_code)
        if not e164:
            raise ValidationError(self.env._("%(number)s is not a valid phone number.", number=number))
        return e164

    @api.model
    def _check_partner_write(self, partners):
        """A number is the partner's data: adding, changing or removing one needs the right to
        change the partner itself (its company, its record rules, another user's partner...)."""
        if not self.env.su:
            partners.check_access("write")

    @api.model_create_multi
    def create(self, vals_list):
        partner_ids = {vals.get("partner_id") for vals in vals_list}
        self._check_partner_write(self.env["res.partner"].browse(pid for pid in partner_ids if pid))
        primaries = self.search([("partner_id", "in", list(partner_ids)), ("is_primary", "=", True)])
        with_primary = {(phone.partner_id.id, phone_kind(phone.phone_type)): phone for phone in primaries}
        for vals in vals_list:
            key = (vals.get("partner_id"), phone_kind(vals.get("phone_type") or "mobile"))
            if vals.get("is_primary"):
                previous = with_primary.get(key)
                if isinstance(previous, dict):
                    previous["is_primary"] = False  # the last one given in the batch wins
                elif previous:
                    previous.with_context(miy_no_mirror=True, miy_phone_settling=True).is_primary = False
                with_primary[key] = vals
            elif key not in with_primary:
                vals["is_primary"] = True  # a partner's first number of a kind is its primary one
                with_primary[key] = vals
        phones = super().create(vals_list)
        if not self.env.context.get("miy_no_mirror"):
            phones.partner_id._miy_mirror_phones()
        return phones

    def write(self, vals):
        self._check_partner_write(self.partner_id | self.env["res.partner"].browse(vals.get("partner_id") or []))
        partners = self.partner_id
        settle = not self.env.context.get("miy_phone_settling") and {"is_primary", "phone_type", "partner_id"} & set(
            vals
        )
        if settle:
            # the rows written win: the other primaries of their kind step down first
            winners = (
                self if vals.get("is_primary") else self.filtered("is_primary") if "is_primary" not in vals else None
            )
            if winners:
                keys = {
                    (
                        vals.get("partner_id") or phone.partner_id.id,
                        phone_kind(vals.get("phone_type") or phone.phone_type),
                    )
                    for phone in winners
                }
                others = self.search(
                    [
                        ("partner_id", "in", [key[0] for key in keys]),
                        ("is_primary", "=", True),
                        ("id", "not in", self.ids),
                    ]
                ).filtered(lambda p: (p.partner_id.id, phone_kind(p.phone_type)) in keys)
                if others:
                    others.with_context(miy_no_mirror=True, miy_phone_settling=True).write({"is_primary": False})
        res = super().write(vals)
        if settle:
            self._miy_settle_primaries(partners | self.partner_id)  # a kind left without a primary gets one
        if {"number", "is_primary", "phone_type", "partner_id", "sequence"} & set(vals) and not self.env.context.get(
            "miy_no_mirror"
        ):
            (partners | self.partner_id)._miy_mirror_phones()
        return res

    @api.model
    def _miy_settle_primaries(self, partners):
        """A kind of number of ``partners`` that has numbers but no primary one gets its first
        one (by sequence). Two queries whatever the number of partners."""
        if not partners:
            return
        Phone = self.with_context(miy_no_mirror=True, miy_phone_settling=True)
        rows = Phone.search([("partner_id", "in", partners.ids)], order="partner_id, sequence, id")
        has_primary = {(p.partner_id.id, phone_kind(p.phone_type)) for p in rows if p.is_primary}
        promote = Phone.browse()
        for phone in rows:
            key = (phone.partner_id.id, phone_kind(phone.phone_type))
            if key not in has_primary:
                has_primary.add(key)
                promote |= phone
        if promote:
            promote.write({"is_primary": True})

    def unlink(self):
        partners = self.partner_id
        self._check_partner_write(partners)
        res = super().unlink()
        partners = partners.exists()
        self._miy_settle_primaries(partners)
        partners._miy_mirror_phones()
        return res
