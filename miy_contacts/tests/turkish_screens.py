"""Walk MİY screens in a browser as a Turkish user and fail on English shown on them.

The tour ``miy_turkish_screens_tour`` (static/src/tours/miy_turkish_screens_tour.js) holds the
curated list of English words and the allow-list of proper names; each addon's test gives it the
screens of that addon (their URLs need the ids of the test's own records).
"""

import json

from odoo.tests import HttpCase

from ..lib.demo_firm import foreign_demo_partners

BACKEND_READY = ".o_action_manager .o_view_controller:not(.o_loading)"
FORM_READY = ".o_form_view .o_form_sheet"
LIST_READY = ".o_list_view .o_data_row, .o_list_view .o_group_header"
ANY_LIST_READY = f"{LIST_READY}, .o_view_nocontent"
DIALOG_READY = ".modal .o_form_view"
KANBAN_READY = ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"
CHATTER_READY = ".o-mail-Chatter .o-mail-Message"


class TurkishScreensCase(HttpCase):
    """Records are created as a Turkish firm's demo is: by the superuser, whose language is
    Turkish, with no language in the context (module install, crons, the mail gateway)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        cls.env.user.lang = "tr_TR"
        cls.env.company.name = "Tur Uludağ Makina A.Ş."
        cls._put_odoo_demo_aside()

    @classmethod
    def _put_odoo_demo_aside(cls):
        """The test database carries Odoo's own US demo (Deco Addict's "Sales Representative", "My
        Company (Chicago)"): record data, not interface text. It is archived here as the demo firm
        archives it (scripts/demo/firm_finish.py), so that only the interface is checked."""
        main = cls.env.ref("base.main_company")
        others = cls.env["res.company"].search([("id", "!=", main.id)])
        foreign = foreign_demo_partners(cls.env, others)
        # users' own partners stay (a user needs one) but leave the demo companies
        users = cls.env["res.users"].with_context(active_test=False).search([])
        users.partner_id.filtered(lambda p: p.parent_id in foreign).parent_id = False
        foreign.active = False

    def assert_turkish_screens(self, login, screens, timeout=300):
        """``screens``: [(name, url, CSS selector shown once the screen is ready[, CSS selector of
        the part of the page to check, the whole page by default[, CSS selector clicked once the
        page is loaded, before the check]])]."""
        payload = json.dumps(
            [
                {
                    "name": name,
                    "url": url,
                    "ready": ready,
                    "scope": rest[0] if rest else "body",
                    "click": rest[1] if len(rest) > 1 else None,
                }
                for name, url, ready, *rest in screens
            ]
        )
        code = (
            "localStorage.removeItem('miy_turkish_findings');"
            f"localStorage.setItem('miy_turkish_screens', {json.dumps(payload)});"
            "odoo.startTour('miy_turkish_screens_tour', {stepDelay: 0, startUrl: ''});"
        )
        self.start_tour(screens[0][1], "miy_turkish_screens_tour", login=login, code=code, timeout=timeout)
