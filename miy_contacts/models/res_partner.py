import re

import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .miy_partner_phone import DEFAULT_REGION, format_international, normalize_number, phone_kind, search_key

RANK_BY_ROLE = {"customer": "customer_rank", "supplier": "supplier_rank"}
_PHONE_TEXT = re.compile(r"^\+?[\d\s\-./()]{7,}$")


def _looks_like_phone(value):
    """Text that is a whole phone number (digits and the usual separators, no letters)."""
    return isinstance(value, str) and bool(_PHONE_TEXT.match(value.strip())) and bool(search_key(value))


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Roles
    miy_role_ids = fields.Many2many(
        "miy.partner.role",
        "miy_partner_role_rel",
        "partner_id",
        "role_id",
        string="Roles",
        help="What this partner is to us: customer, prospect, supplier, dealer, competitor...",
    )
    # Affiliations
    miy_affiliation_ids = fields.One2many("miy.affiliation", "person_id", string="Organizations")
    miy_member_ids = fields.One2many("miy.affiliation", "organization_id", string="People")
    miy_member_count = fields.Integer(string="People Count", compute="_compute_miy_member_count")
    # Phones
    miy_phone_ids = fields.One2many("miy.partner.phone", "partner_id", string="Phone Numbers")
    miy_phone_search = fields.Char(
        string="Phone Number",
        compute="_compute_miy_phone_search",
        search="_search_miy_phone_search",
        help="Finds a partner by any of its numbers, typed in any usual format.",
    )
    # Customer 360°
    miy_last_interaction_date = fields.Datetime(
        string="Last Interaction",
        compute="_compute_miy_last_interaction_date",
        help="Date of the last message or note logged on this partner.",
    )

    # ------------------------------------------------------------------ computes
    def _compute_miy_member_count(self):
        Affiliation = self.env["miy.affiliation"].sudo()  # a count, shown to whoever sees the partner
        groups = Affiliation._read_group(
            [("organization_id", "in", self.ids), *Affiliation._current_domain()],
            ["organization_id"],
            ["__count"],
        )
        counts = {org.id: count for org, count in groups}
        for partner in self:
            partner.miy_member_count = counts.get(partner.id, 0)

    def _compute_miy_phone_search(self):
        for partner in self:
            partner.miy_phone_search = partner.phone or partner.mobile

    def _search_miy_phone_search(self, operator, value):
        if operator not in ("=", "ilike", "like", "=ilike"):
            return [("id", "=", 0)] if operator not in ("!=", "not ilike") else []
        if not value:
            return [("id", "=", 0)]
        if operator == "=" and not _looks_like_phone(value):
            # "=" is a whole number (the search box's name field, Who Is Calling?): a name, a name
            # with digits or a few digits typed there must not match parts of phone numbers
            return [("id", "=", 0)]
        e164 = search_key(value)
        if e164:
            # one indexed lookup; partner record rules still apply to the outer search
            return [("id", "in", SQL("(SELECT partner_id FROM miy_partner_phone WHERE number_e164 = %s)", e164))]
        digits = "".join(ch for ch in value if ch.isdigit()).lstrip("0")
        if len(digits) < 4:
            return [("id", "=", 0)]
        # a part of a number: its last digits (the subscriber number, "555 12 34") or its first ones
        # after the country code ("0532 123", "49 30 12"); three btree range scans (indexes of
        # miy.partner.phone), under a millisecond at a million numbers whatever the part
        country_code = phonenumbers.country_code_for_region(DEFAULT_REGION)
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT partner_id FROM miy_partner_phone WHERE reverse(number_e164) LIKE %s "
                    "OR number_e164 LIKE %s OR number_e164 LIKE %s)",
                    f"{digits[::-1]}%",
                    f"+{country_code}{digits}%",
                    f"+{digits}%",
                ),
            )
        ]

    @api.model
    def _search_display_name(self, operator, value):
        """A phone number typed where a partner is looked up by name (list and kanban search,
        every partner drop-down) finds the partner having that number, in any usual spelling."""
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "=") and _looks_like_phone(value):
            domain = expression.OR([domain, [("miy_phone_search", "=", value)]])
        return domain

    def _compute_miy_last_interaction_date(self):
        groups = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("message_type", "in", ("comment", "email")),
                ],
                ["res_id"],
                ["date:max"],
            )
        )
        dates = dict(groups)
        for partner in self:
            partner.miy_last_interaction_date = dates.get(partner.id, False)

    # ------------------------------------------------------------------ constraints
    @api.constrains("miy_role_ids", "is_company")
    def _check_miy_roles(self):
        for partner in self:
            for role in partner.miy_role_ids:
                if role.applies_to == "organization" and not partner.is_company:
                    raise self._miy_role_error(partner, role, self.env._("organizations"))
                if role.applies_to == "person" and partner.is_company:
                    raise self._miy_role_error(partner, role, self.env._("persons"))

    def _miy_role_error(self, partner, role, kind):
        return ValidationError(
            self.env._(
                "The role %(role)s is for %(kind)s only: %(partner)s cannot have it.",
                role=role.name,
                kind=kind,
                partner=partner.display_name,
            )
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the form sends company_type, whose inverse runs after our role constraint
            if "company_type" in vals and "is_company" not in vals:
                vals["is_company"] = vals["company_type"] == "company"
        partners = super().create(vals_list)
        if self.env.context.get("miy_no_sync"):
            return partners
        with_roles = partners.filtered("miy_role_ids")
        if with_roles:
            with_roles._miy_sync_ranks()
        typed = {
            partner.id: [fname for fname in ("phone", "mobile") if vals.get(fname)]
            for partner, vals in zip(partners, vals_list, strict=True)
        }
        partners._miy_create_phone_rows(typed)
        partners.filtered(lambda p: p.parent_id.is_company and not p.is_company)._miy_affiliation_from_parent()
        return partners

    def write(self, vals):
        if "company_type" in vals and "is_company" not in vals:
            vals = dict(vals, is_company=vals["company_type"] == "company")
        res = super().write(vals)
        if self.env.context.get("miy_no_sync"):
            return res
        if "miy_role_ids" in vals:
            self._miy_sync_ranks()
        phone_fields = [fname for fname in ("phone", "mobile") if vals.get(fname)]
        if phone_fields and not self.env.context.get("miy_phone_mirror"):
            for partner in self:
                partner._miy_upsert_phone_rows(phone_fields)
        if not self.env.context.get("miy_affiliation_sync") and ("parent_id" in vals or "function" in vals):
            persons = self.filtered(lambda p: not p.is_company)
            persons.filtered(lambda p: p.parent_id.is_company)._miy_affiliation_from_parent()
            if "parent_id" in vals and not vals["parent_id"]:
                persons._miy_affiliation_parent_removed()
        return res

    # ------------------------------------------------------------------ roles
    def _miy_sync_ranks(self):
        """A partner with the customer (supplier) role counts as a customer (supplier) for Odoo."""
        for code, rank_field in RANK_BY_ROLE.items():
            if rank_field not in self._fields:
                continue  # the rank fields come with the account module
            partners = self.filtered(
                lambda p, code=code, f=rank_field: code in p.miy_role_ids.mapped("code") and not p[f]
            )
            if partners:
                partners.with_context(miy_no_sync=True).write({rank_field: 1})

    # ------------------------------------------------------------------ phones
    def _miy_mirror_phones(self, skip=()):
        """Mirror the numbers to Odoo's fields: Phone = the primary landline, Mobile = the primary
        mobile (each kind has its own primary number; a fax goes to neither). ``skip``: fields left
        as the user just typed them. Runs with the caller's rights: whoever changes a number must be
        allowed to change the partner (company rules, other users' partners)."""
        for partner in self:
            phones = partner.miy_phone_ids.sorted(lambda p: (not p.is_primary, p.sequence, p.id))
            landline = phones.filtered(lambda p: phone_kind(p.phone_type) == "landline")[:1]
            mobile = phones.filtered(lambda p: p.phone_type == "mobile")[:1]
            region = partner.country_id.code or DEFAULT_REGION
            vals = {}
            for fname, row in (("phone", landline), ("mobile", mobile)):
                if fname in skip or (row.number_e164 or False) == (normalize_number(partner[fname], region) or False):
                    continue  # the same number, kept as it was typed
                vals[fname] = format_international(row.number_e164) if row.number_e164 else False
            vals = {key: value for key, value in vals.items() if (partner[key] or False) != value}
            if vals:
                partner.with_context(miy_phone_mirror=True).write(vals)

    def _miy_create_phone_rows(self, typed):
        """New partners: the numbers typed in Odoo's phone/mobile (``typed``: partner id ->
        field names given at creation) become their phone rows, in one batch (the first of each
        kind primary), unless the rows came with the partner. Invalid numbers are left alone."""
        vals_list = []
        for partner in self.sudo().filtered(lambda p: typed.get(p.id)):
            region = partner.country_id.code or DEFAULT_REGION
            seen = set(partner.miy_phone_ids.mapped("number_e164"))
            with_primary = {phone_kind(p.phone_type) for p in partner.miy_phone_ids if p.is_primary}
            for fname in typed[partner.id]:
                e164 = normalize_number(partner[fname], region)
                if not e164 or e164 in seen:
                    continue
                seen.add(e164)
                phone_type = partner._miy_phone_type(fname, e164)
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "number": partner[fname],
                        "phone_type": phone_type,
                        "is_primary": phone_kind(phone_type) not in with_primary,
                    }
                )
                with_primary.add(phone_kind(phone_type))
        if vals_list:
            self.env["miy.partner.phone"].sudo().with_context(miy_no_mirror=True).create(vals_list)

    def _miy_phone_type(self, fname, e164):
        """The type of a number typed in Odoo's ``fname`` field: a mobile number (or any number
        typed as Mobile) is a mobile, a landline is the office line of an organization. A number
        that may be either (North American plans) is what its field says: typed as Phone, it stays
        the landline and never replaces the Mobile field (crm's lead/partner sync relies on it)."""
        kind = phonenumbers.number_type(phonenumbers.parse(e164))
        if fname == "mobile" or kind == phonenumbers.PhoneNumberType.MOBILE:
            return "mobile"
        return "office" if self.is_company else "other"

    def _miy_upsert_phone_rows(self, fnames):
        """Numbers typed in Odoo's phone/mobile fields become phone rows, primary of their kind;
        the field keeps what was typed (never an error: core flows must keep working with whatever
        they store), the other field follows the rows."""
        self.ensure_one()
        partner = self.sudo()  # bookkeeping of a change the user was allowed to make
        Phone = partner.env["miy.partner.phone"].with_context(miy_no_mirror=True)
        region = partner.country_id.code or DEFAULT_REGION
        changed = False
        for fname in fnames:
            value = partner[fname]
            e164 = normalize_number(value, region)
            if not e164:
                continue
            phones = partner.miy_phone_ids
            row = phones.filtered(lambda p, e164=e164: p.number_e164 == e164)
            changed = True
            if row:
                if not row.is_primary:
                    row.with_context(miy_no_mirror=True).is_primary = True
                continue
            Phone.create(
                {
                    "partner_id": partner.id,
                    "number": value,
                    "phone_type": partner._miy_phone_type(fname, e164),
                    "is_primary": True,
                    "sequence": min(phones.mapped("sequence") or [10]) - 1,
                }
            )
        if changed:
            self._miy_mirror_phones(skip=fnames)

    @api.model
    def _miy_find_by_phone(self, number):
        """Partners having ``number`` (in any usual spelling) among their phone numbers."""
        e164 = normalize_number(number)
        if not e164:
            return self.browse()
        # the same indexed lookup as the "Any Phone Number" search
        return self.search([("miy_phone_search", "=", e164)])

    # ------------------------------------------------------------------ affiliations
    def _miy_sync_primary_affiliation(self):
        """Mirror each person's current primary affiliation to parent_id/function, with the caller's
        rights (the affiliation overrides checked that the caller may change these persons)."""
        persons = self.exists().filtered(lambda p: not p.is_company)
        for person in persons:
            # sudo: read the person's affiliations also of organizations the caller does not see (another
            # company's): the mirror must be the same whoever triggers it; only the person is written
            affiliations = person.sudo().with_context(active_test=False).miy_affiliation_ids
            primary = affiliations.filtered(lambda a: a.active and a.is_primary and a.is_current)[:1]
            vals = {}
            if primary:
                if person.parent_id != primary.organization_id:
                    vals["parent_id"] = primary.organization_id.id
                if primary.function and person.function != primary.function:
                    vals["function"] = primary.function
            elif person.parent_id:
                with_parent = affiliations.filtered(lambda a, org=person.parent_id: a.organization_id == org)
                if with_parent and not with_parent.filtered(lambda a: a.active and a.is_current):
                    vals = {"parent_id": False, "function": False}
            if vals:
                person.with_context(miy_affiliation_sync=True).write(vals)

    def _miy_affiliation_from_parent(self):
        """parent_id set elsewhere in Odoo: make that organization the primary affiliation."""
        Affiliation = self.env["miy.affiliation"].sudo().with_context(miy_affiliation_sync=True)
        for person in self.sudo().filtered(lambda p: p.type == "contact" or not p.type):
            current = person.miy_affiliation_ids.filtered(lambda a: a.is_current)
            match = current.filtered(lambda a, org=person.parent_id: a.organization_id == org)[:1]
            others = current.filtered("is_primary") - match
            if others:
                others.write({"is_primary": False})
            if match:
                vals = {}
                if not match.is_primary:
                    vals["is_primary"] = True
                if person.function and match.function != person.function:
                    vals["function"] = person.function
                if vals:
                    match.write(vals)
            else:
                Affiliation.create(
                    {
                        "person_id": person.id,
                        "organization_id": person.parent_id.id,
                        "function": person.function,
                        "is_primary": True,
                    }
                )

    def _miy_affiliation_parent_removed(self):
        """parent_id cleared elsewhere: the person keeps the affiliation, no longer as primary."""
        primaries = self.sudo().miy_affiliation_ids.filtered(lambda a: a.is_primary and a.is_current)
        if primaries:
            primaries.with_context(miy_affiliation_sync=True).write({"is_primary": False})

    # ------------------------------------------------------------------ actions
    @api.model
    def _miy_partners_action(self, name, domain, context=None):
        """Window action listing the partners of ``domain`` (roles, criteria, segments)."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "domain": domain,
            "context": context or {},
        }

    def action_miy_open_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("People of %(organization)s", organization=self.name),
            "res_model": "miy.affiliation",
            "view_mode": "list,form",
            "domain": [("organization_id", "=", self.id)],
            "context": {"default_organization_id": self.id, "search_default_current": 1},
        }
