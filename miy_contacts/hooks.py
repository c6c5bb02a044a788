from .models.miy_partner_phone import DEFAULT_REGION, normalize_number

BATCH = 2000


def post_init_hook(env):
    """Bring the partners that exist before MİY into its model, without changing them:
    their phone/mobile become phone rows, and each person's company becomes their primary
    affiliation."""
    _import_phones(env)
    _import_affiliations(env)
    env["miy.lifecycle.event"]._backfill_from_crm()  # leads' lifecycle history (referrals feature)


def _import_phones(env):
    Partner = env["res.partner"].with_context(active_test=False)
    Phone = env["miy.partner.phone"].with_context(miy_no_mirror=True)
    partner_ids = Partner.search(
        ["|", ("phone", "!=", False), ("mobile", "!=", False), ("miy_phone_ids", "=", False)]
    ).ids
    for start in range(0, len(partner_ids), BATCH):
        partners = Partner.browse(partner_ids[start : start + BATCH])
        vals_list = []
        for partner in partners:
            region = partner.country_id.code or DEFAULT_REGION
            seen = set()
            for fname, kind in (("phone", "office" if partner.is_company else "other"), ("mobile", "mobile")):
                e164 = normalize_number(partner[fname], region)
                if not e164 or e164 in seen:
                    continue
                seen.add(e164)
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "number": partner[fname],
                        "phone_type": kind,
                        "is_primary": len(seen) == 1,
                    }
                )
        Phone.create(vals_list)
        env.invalidate_all()


def _import_affiliations(env):
    Partner = env["res.partner"].with_context(active_test=False)
    Affiliation = env["miy.affiliation"].with_context(miy_affiliation_sync=True, miy_no_affiliation_sync=True)
    person_ids = Partner.search(
        [
            ("is_company", "=", False),
            ("type", "=", "contact"),
            ("parent_id.is_company", "=", True),
            ("miy_affiliation_ids", "=", False),
        ]
    ).ids
    for start in range(0, len(person_ids), BATCH):
        persons = Partner.browse(person_ids[start : start + BATCH])
        Affiliation.create(
            [
                {
                    "person_id": person.id,
                    "organization_id": person.parent_id.id,
                    "function": person.function,
                    "is_primary": True,
                    "active": person.active,
                }
                for person in persons
            ]
        )
        env.invalidate_all()
