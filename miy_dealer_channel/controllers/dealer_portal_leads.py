from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.miy_contacts.controllers.readonly import miy_readonly_page
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

LEADS_PER_PAGE = 20
LEAD_ACTIONS = ("accept", "decline", "stage", "note", "activity", "activity_done", "won", "lost")


class MiyDealerPortalLeads(CustomerPortal):
    """Dealers' staff work on the leads routed to their dealer and register their own deals.

    The record rules of ``crm.lead`` decide what a dealer's user reads (the searches below run with
    the user's rights); every change goes through a checked ``action_miy_dealer_*`` method of the
    lead, with the values the form sends and nothing else.
    """

    # ------------------------------------------------------------------ helpers
    def _miy_portal_dealer(self):
        """The current user's dealer, or NotFound: a portal customer gets nothing from these pages."""
        dealer = request.env.user._miy_dealer() if request.env.user.share else request.env["miy.dealer"]
        if not dealer:
            raise NotFound()
        return dealer

    def _miy_dealer_lead(self, lead_id):
        """The lead as the dealer's user may read it (lost leads included), or NotFound."""
        self._miy_portal_dealer()
        lead = request.env["crm.lead"].with_context(active_test=False).browse(lead_id)
        try:
            lead.check_access("read")
            lead = lead.exists()
        except (AccessError, MissingError):
            raise NotFound() from None
        if not lead:
            raise NotFound()
        return lead

    def _miy_dealer_searchbar_filters(self):
        env = request.env
        return {
            "open": {"label": env._("Open"), "domain": [("miy_dealer_state", "in", ("routed", "accepted"))]},
            "routed": {"label": env._("Waiting for You"), "domain": [("miy_dealer_state", "=", "routed")]},
            "accepted": {"label": env._("Accepted"), "domain": [("miy_dealer_state", "=", "accepted")]},
            "pending": {
                "label": env._("Registered, Awaiting Approval"),
                "domain": [("miy_dealer_state", "=", "pending")],
            },
            "won": {"label": env._("Won"), "domain": [("stage_id.is_won", "=", True)]},
            "lost": {"label": env._("Lost"), "domain": [("active", "=", False)], "archived": True},
            "all": {"label": env._("All"), "domain": [], "archived": True},
        }

    def _miy_dealer_searchbar_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "miy_routed_date desc, id desc"},
            "deadline": {"label": env._("Accept By"), "order": "miy_accept_deadline asc, id desc"},
            "name": {"label": env._("Name"), "order": "name asc, id asc"},
            "revenue": {"label": env._("Expected Revenue"), "order": "expected_revenue desc, id desc"},
        }

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "miy_dealer_lead_count" in counters:
            user = request.env.user
            count = 0
            if user.share and user.has_group("miy_dealer_channel.group_miy_dealer_portal"):
                count = request.env["crm.lead"].search_count([("miy_dealer_state", "in", ("routed", "accepted"))])
            values["miy_dealer_lead_count"] = count
        return values

    # ------------------------------------------------------------------ list
    def _miy_dealer_leads_values(self, page=1, sortby=None, filterby=None):
        """Values of the list page: one count and one search with the user's rights (record rules
        keep it to the user's dealer), the fields of the page prefetched in one read."""
        dealer = self._miy_portal_dealer()
        filters = self._miy_dealer_searchbar_filters()
        sortings = self._miy_dealer_searchbar_sortings()
        filterby = filterby if filterby in filters else "open"
        sortby = sortby if sortby in sortings else "date"
        Lead = request.env["crm.lead"]
        if filters[filterby].get("archived"):
            Lead = Lead.with_context(active_test=False)
        domain = filters[filterby]["domain"]
        total = Lead.search_count(domain)
        pager = portal_pager(
            url="/my/dealer/leads",
            url_args={"sortby": sortby, "filterby": filterby},
            total=total,
            page=page,
            step=LEADS_PER_PAGE,
        )
        leads = Lead.search_fetch(
            domain,
            [
                "name",
                "partner_name",
                "contact_name",
                "city",
                "state_id",
                "stage_id",
                "miy_dealer_state",
                "miy_routed_date",
                "miy_accept_deadline",
                "expected_revenue",
                "company_currency",
                "active",
            ],
            order=sortings[sortby]["order"],
            limit=LEADS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "dealer": dealer,
                "leads": leads,
                "page_name": "miy_dealer_leads",
                "pager": pager,
                "default_url": "/my/dealer/leads",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return values

    @http.route(
        ["/my/dealer/leads", "/my/dealer/leads/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_miy_dealer_leads(self, page=1, sortby=None, filterby=None, **kw):
        values = self._miy_dealer_leads_values(page=page, sortby=sortby, filterby=filterby)
        values["miy_message"] = kw.get("message")
        return request.render("miy_dealer_channel.portal_my_dealer_leads", values)

    # ------------------------------------------------------------------ one lead
    def _miy_dealer_lead_page(self, lead, error=None, message=None, post=None):
        values = self._prepare_portal_layout_values()
        own_activities = lead._miy_dealer_own_activities() if lead.miy_dealer_id else []
        values.update(
            {
                "lead": lead,
                "page_name": "miy_dealer_lead",
                "stages": lead._miy_dealer_portal_stages() if lead.miy_dealer_state == "accepted" else [],
                "activity_types": lead._miy_dealer_portal_activity_types(),
                "activities": [
                    {
                        "id": activity.id,
                        "type": activity.activity_type_id.name,
                        "summary": activity.summary,
                        "date_deadline": activity.date_deadline,
                        "user": activity.user_id.name,
                    }
                    for activity in own_activities
                ],
                "notes": lead._miy_dealer_portal_notes() if lead.miy_dealer_id else [],
                "lost_reasons": request.env["crm.lost.reason"].search([]),
                "is_open": lead.miy_dealer_state == "accepted" and lead.active and not lead.stage_id.is_won,
                "error": error,
                "miy_message": message,
                "post": post or {},
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_lead", values, status=400 if error else 200)

    @http.route(["/my/dealer/leads/<int:lead_id>"], type="http", auth="user", website=True, readonly=miy_readonly_page)
    def portal_miy_dealer_lead(self, lead_id, **kw):
        lead = self._miy_dealer_lead(lead_id)
        return self._miy_dealer_lead_page(lead, message=kw.get("message"))

    @http.route(
        ["/my/dealer/leads/<int:lead_id>/<string:action>"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_miy_dealer_lead_action(self, lead_id, action, **post):
        if action not in LEAD_ACTIONS:
            raise NotFound()
        lead = self._miy_dealer_lead(lead_id)
        try:
            if action == "accept":
                lead.action_miy_dealer_accept()
            elif action == "decline":
                lead.action_miy_dealer_decline(post.get("reason"))
                return request.redirect("/my/dealer/leads?message=declined")
            elif action == "stage":
                lead.action_miy_dealer_set_stage(post.get("stage_id"))
            elif action == "note":
                lead.action_miy_dealer_log_note(post.get("body"))
            elif action == "activity":
                lead.action_miy_dealer_schedule_activity(
                    post.get("activity_type_id"), post.get("summary"), post.get("date_deadline")
                )
            elif action == "activity_done":
                lead.action_miy_dealer_done_activity(post.get("activity_id"), post.get("feedback"))
            elif action == "won":
                lead.action_miy_dealer_mark_won(post.get("amount"))
            elif action == "lost":
                lead.action_miy_dealer_mark_lost(post.get("reason"), post.get("lost_reason_id"))
        except AccessError:
            raise NotFound() from None
        except UserError as exc:
            return self._miy_dealer_lead_page(lead, error=exc.args[0], post=post)
        return request.redirect(f"/my/dealer/leads/{lead.id}?message={action}")

    # ------------------------------------------------------------------ deal registration
    @http.route(
        ["/my/dealer/deals/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        readonly=miy_readonly_page,
    )
    def portal_miy_dealer_register_deal(self, **post):
        dealer = self._miy_portal_dealer()
        error = None
        if request.httprequest.method == "POST":
            fields = (
                "customer",
                "contact",
                "email",
                "phone",
                "state_id",
                "product_category_id",
                "expected_revenue",
                "note",
            )
            try:
                lead = request.env["crm.lead"]._miy_dealer_register_deal({key: post.get(key) for key in fields})
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(f"/my/dealer/leads/{lead.id}?message=registered")
        Category = request.env["product.category"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "dealer": dealer,
                "page_name": "miy_dealer_deal_new",
                "states": request.env["res.country.state"].search([("country_id.code", "=", "TR")]),
                "categories": dealer.product_category_ids or Category.search([]),
                "error": error,
                "post": post,
            }
        )
        return request.render("miy_dealer_channel.portal_my_dealer_deal_new", values, status=400 if error else 200)
