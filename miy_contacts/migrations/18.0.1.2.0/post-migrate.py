"""18.0.1.2.0: one primary number per kind; Odoo's Phone and Mobile follow them.

Up to 18.0.1.1.0 a partner had one primary number and both Phone and Mobile often showed it.
Now each kind (mobile, landline, fax) has its own primary number: the first number (by sequence)
of a kind without one becomes its primary, then Phone is re-mirrored from the primary landline
and Mobile from the primary mobile (a field already holding that number keeps its spelling).
The relation types shipped by MİY get labels that say which side is which.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

BATCH = 1000


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE miy_partner_phone phone SET is_primary = TRUE
          FROM (
              SELECT DISTINCT ON (p.partner_id, CASE WHEN p.phone_type IN ('office', 'home', 'other') THEN 'landline' ELSE p.phone_type END) p.id
                FROM miy_partner_phone p
               WHERE NOT EXISTS (
                     SELECT 1 FROM miy_partner_phone q
                      WHERE q.partner_id = p.partner_id AND q.is_primary
                        AND CASE WHEN q.phone_type IN ('office', 'home', 'other') THEN 'landline' ELSE q.phone_type END
                          = CASE WHEN p.phone_type IN ('office', 'home', 'other') THEN 'landline' ELSE p.phone_type END)
               ORDER BY p.partner_id, CASE WHEN p.phone_type IN ('office', 'home', 'other') THEN 'landline' ELSE p.phone_type END, p.sequence, p.id
          ) first
         WHERE phone.id = first.id
        """
    )
    _logger.info("miy_contacts 18.0.1.2.0: %s numbers became the primary one of their kind", cr.rowcount)
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT DISTINCT partner_id FROM miy_partner_phone ORDER BY partner_id")
    partner_ids = [row[0] for row in cr.fetchall()]
    Partner = env["res.partner"].with_context(active_test=False, tracking_disable=True)
    for start in range(0, len(partner_ids), BATCH):
        Partner.browse(partner_ids[start : start + BATCH])._miy_mirror_phones()
        env.invalidate_all()
    _relabel_relation_types(env)


# xmlid: (old English name, new name by language, new inverse name by language)
LABELS = {
    "relation_type_group_company": (
        "group company of",
        {"en_US": "Group company (member of this group)", "tr_TR": "Grup şirketi (bu grubun üyesi)"},
        {"en_US": "Parent group (this firm belongs to it)", "tr_TR": "Bağlı olduğu grup (ana şirket)"},
    ),
    "relation_type_distributor": (
        "distributor of",
        {
            "en_US": "Represented manufacturer (this firm sells its products)",
            "tr_TR": "Temsil ettiği üretici (ürünlerini bu firma satar)",
        },
        {"en_US": "Distributor (sells this firm's products)", "tr_TR": "Distribütör (bu firmanın ürünlerini satar)"},
    ),
    "relation_type_subcontractor": (
        "subcontractor of",
        {"en_US": "Main contractor (this firm works for it)", "tr_TR": "Ana yüklenici (bu firma onun için çalışır)"},
        {"en_US": "Subcontractor (works for this firm)", "tr_TR": "Taşeron (bu firma için çalışır)"},
    ),
    "relation_type_competitor": ("competitor of", {"en_US": "Competitor", "tr_TR": "Rakip"}, None),
    "relation_type_spouse": ("spouse of", {"en_US": "Spouse", "tr_TR": "Eşi"}, None),
    "relation_type_parent": (
        "parent of",
        {"en_US": "Child", "tr_TR": "Çocuğu"},
        {"en_US": "Parent", "tr_TR": "Ebeveyni (annesi/babası)"},
    ),
    "relation_type_sibling": ("sibling of", {"en_US": "Sibling", "tr_TR": "Kardeşi"}, None),
    "relation_type_relative": ("relative of", {"en_US": "Relative", "tr_TR": "Akrabası"}, None),
}


def _relabel_relation_types(env):
    """The shipped relation types (noupdate data) get their new labels, unless a user renamed them."""
    langs = {code for code, _name in env["res.lang"].get_installed()}
    for xmlid, (old_name, name, inverse) in LABELS.items():
        rtype = env.ref(f"miy_contacts.{xmlid}", raise_if_not_found=False)
        if not rtype or rtype.with_context(lang="en_US").name != old_name:
            continue
        inverse = inverse or name
        rtype.update_field_translations("name", {lang: text for lang, text in name.items() if lang in langs})
        rtype.update_field_translations("name_inverse", {lang: text for lang, text in inverse.items() if lang in langs})
        _logger.info("miy_contacts 18.0.1.2.0: relation type %s relabelled", xmlid)
