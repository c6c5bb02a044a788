/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson (in Turkish) opens the warranty expiry list, finds the machine whose warranty
// runs out, goes to the offer suggestions and makes a quote of the maintenance contract.
registry.category("web_tour.tours").add("miy_aftersale_tour", {
    url: "/odoo/action-miy_quotes.miy_installed_base_action_warranty",
    steps: () => [
        {
            content: "The list opens on the 60-day filter",
            trigger: ".o_searchview_facet:contains(60 gün içinde bitenler)",
        },
        {
            content: "The machine whose warranty runs out is listed",
            trigger: ".o_data_row:contains(TUR-SN-1):contains(Yakında Bitiyor)",
        },
        {
            content: "Open the Quotes menu",
            trigger: ".o_menu_sections [data-menu-xmlid='miy_quotes.menu_miy_quotes']",
            run: "click",
        },
        {
            content: "Go to the offer suggestions",
            trigger: ".dropdown-item[data-menu-xmlid='miy_quotes.miy_offer_suggestion_menu']",
            run: "click",
        },
        {
            content: "Open the customer's suggestions",
            trigger: ".o_group_header:contains(Tur Müşteri)",
            run: "click",
        },
        {
            content: "Quote the maintenance contract",
            trigger: ".o_data_row:contains(Tur Bakım) button[name=action_create_quotes]",
            run: "click",
        },
        {
            content: "The draft quote shows the maintenance contract",
            trigger: ".o_form_view .o_field_one2many[name=order_line] .o_data_row:contains(Tur Bakım)",
        },
    ],
});
