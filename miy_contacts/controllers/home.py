from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.home import Home


class MiyHome(Home):
    @http.route()
    def web_login(self, redirect=None, **kw):
        """After a successful login the portal and the other public pages speak the user's language.

        Odoo picks the language of those pages from the ``frontend_lang`` cookie before the user's
        preference, and the login page itself sets that cookie to the browser's or the default
        language: a Turkish customer logging in from an English browser landed in English. An
        explicit choice later (the portal's language selector, a /tr/ address) still wins."""
        response = super().web_login(redirect=redirect, **kw)
        if request.httprequest.method == "POST" and request.session.uid and hasattr(response, "set_cookie"):
            lang = request.env.user.lang
            if lang:
                response.set_cookie("frontend_lang", lang)
        return response
