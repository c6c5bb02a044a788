from . import miy_affiliation, miy_partner_phone, miy_partner_role, res_partner
