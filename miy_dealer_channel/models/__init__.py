from . import miy_dealer, res_partner, res_users
