/** @odoo-module **/

import { registry } from "@web/core/registry";

// A Turkish salesperson routes two leads by hand to a dealer from the lead list (Action menu),
// then a third lead from its form by the routing rules, and reads the result on its Dealer tab.
registry.category("web_tour.tours").add("miy_dealer_routing_tour", {
    url: "/odoo/action-miy_dealer_channel.crm_lead_action_routed",
    steps: () => [
        {
            content: "Select the first lead",
            trigger: ".o_data_row:contains(Tur Gemlik hattı) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second lead",
            trigger: ".o_data_row:contains(Tur İnegöl atölye) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Action menu",
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Route to Dealer",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Bayiye Yönlendir)",
            run: "click",
        },
        {
            content: "Two leads in the wizard",
            trigger: ".modal .o_field_widget[name=lead_count]:contains(2)",
        },
        {
            content: "To a dealer picked by hand",
            trigger: ".modal .o_field_widget[name=mode] label:contains(Bir Bayiye)",
            run: "click",
        },
        {
            content: "Pick the dealer",
            trigger: ".modal .o_field_widget[name=dealer_id] input",
            run: "edit Tur Bayi Samsun",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Bayi Samsun)",
            run: "click",
        },
        {
            content: "Route",
            trigger: ".modal-footer button[name=action_route]",
            run: "click",
        },
        {
            content: "Routed: the notification says so",
            trigger: ".o_notification:contains(2 aday bayilere yönlendirildi)",
        },
        {
            content: "Open the third lead",
            trigger: ".o_data_row:contains(Tur Nilüfer fabrika) td[name=name]",
            run: "click",
        },
        {
            content: "Route to Dealer from the form",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Bayiye Yönlendir)",
            run: "click",
        },
        {
            content: "By the routing rules (the default)",
            trigger: ".modal .o_field_widget[name=mode] input[data-value=rules]:checked",
        },
        {
            content: "Route",
            trigger: ".modal-footer button[name=action_route]",
            run: "click",
        },
        {
            content: "The Dealer tab",
            trigger: ".o_notebook a.nav-link[name=miy_dealer]",
            run: "click",
        },
        {
            content: "The rules picked the Istanbul dealer",
            trigger: ".o_field_widget[name=miy_dealer_id]:contains(Tur Bayi İstanbul)",
        },
        {
            content: "Waiting for the dealer",
            trigger: ".o_field_widget[name=miy_dealer_state]:contains(Bayiyi Bekliyor)",
        },
    ],
});
