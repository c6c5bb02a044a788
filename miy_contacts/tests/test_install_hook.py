from odoo.tests import tagged

from ..hooks import post_init_hook
from .common import MiyCommon


@tagged("post_install", "-at_install")
class TestInstallHook(MiyCommon):
    def test_existing_partners_are_brought_in_unchanged(self):
        Partner = self.env["res.partner"].with_context(miy_no_sync=True)
        org = Partner.create({"name": "Eski Firma", "is_company": True, "phone": "0224 111 22 33"})
        person = Partner.create(
            {
                "name": "Eski Kişi",
                "parent_id": org.id,
                "function": "Muhasebe",
                "mobile": "0532 111 22 33",
                "phone": "bozuk",
            }
        )
        self.assertFalse(org.miy_phone_ids | person.miy_phone_ids)
        self.assertFalse(person.miy_affiliation_ids)
        post_init_hook(self.env)
        self.assertEqual(org.miy_phone_ids.number_e164, "+902241112233")
        self.assertEqual(person.miy_phone_ids.number_e164, "+905321112233")
        self.assertEqual(person.miy_phone_ids.phone_type, "mobile")
        self.assertEqual(org.phone, "0224 111 22 33", "the existing data is not rewritten")
        self.assertEqual(person.phone, "bozuk")
        affiliation = person.miy_affiliation_ids
        self.assertEqual(
            (affiliation.organization_id, affiliation.function, affiliation.is_primary), (org, "Muhasebe", True)
        )
        # running it again adds nothing
        post_init_hook(self.env)
        self.assertEqual(len(person.miy_phone_ids), 1)
        self.assertEqual(len(person.miy_affiliation_ids), 1)
