from . import miy_referral_report
