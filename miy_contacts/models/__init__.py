from . import crm_lead_referral, miy_lifecycle_event, res_partner_exchange, res_partner_referral
