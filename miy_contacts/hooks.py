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
    partner_ids = Partner.search(
        ["|", ("phone", "!=", False), ("mobile", "!=", False), ("miy_phone_ids", "=", False)]
    ).ids
    for start in range(0, len(partner_ids), BATCH):
        partners = Partner.browse(partner_ids[start : start + BATCH])
        # the same step as for partners created later: rows in one batch, fields left as typed
        partners._miy_create_phone_rows({partner_id: ["phone", "mobile"] for partner_id in partners.ids})
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
