from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page
from odoo.addons.portal.controllers.portal import CustomerPortal


class MiyDealerPortalTeam(CustomerPortal):
    """A dealer's staff see their colleagues; the dealer administrator invites new ones."""

    @http.route(
        ["/my/dealer/team"], type="http", auth="user", methods=["GET", "POST"], website=True, readonly=miy_readonly_page
    )
    def portal_miy_dealer_team(self, **post):
        user = request.env.user
        dealer = user._miy_dealer() if user.share else request.env["miy.dealer"]
        if not dealer:
            raise NotFound()
        is_admin = user.has_group("miy_dealer_channel.group_miy_dealer_portal_admin")
        error = message = None
        if request.httprequest.method == "POST":
            # only the name and the e-mail are read from the form: the dealer is the user's own and
            # the group is always Dealer Staff (see miy.dealer._miy_portal_invite)
            try:
                invited = dealer._miy_portal_invite(post.get("name"), post.get("email"))
            except AccessError:
                raise NotFound() from None
            except UserError as exc:
                error = exc.args[0]
            else:
                message = request.env._("We sent an invitation to %(email)s.", email=invited.login)
                post = {}
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "dealer": dealer,
                "team": dealer._miy_portal_team(),
                "is_dealer_admin": is_admin,
                "page_name": "miy_dealer_team",
                "error": error,
                "miy_message": message,
                "post": post,
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_team", values, status=400 if error else 200)
