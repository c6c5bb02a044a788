/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A MİY user opens MİY > Interactions > Service Requests, opens a request for a customer,
// starts and resolves it. Selectors use name attributes and menu xmlids, not labels.
registry.category("web_tour.tours").add("miy_service_request_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open MİY",
            trigger: '.o_app[data-menu-xmlid="miy_contacts.menu_miy_root"]',
            run: "click",
        },
        {
            content: "Open the Interactions menu",
            trigger: '.o_menu_sections button[data-menu-xmlid="miy_interactions.menu_miy_interactions"]',
            run: "click",
        },
        {
            content: "Open Service Requests",
            trigger: '.dropdown-item[data-menu-xmlid="miy_interactions.miy_service_request_menu"]',
            run: "click",
        },
        {
            content: "New request",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: "edit Tur servis talebi: pompa sızdırıyor",
        },
        {
            content: "Customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Tur Servis Müşteri",
        },
        {
            content: "Pick the customer",
            trigger: ".o_field_widget[name=partner_id] .ui-menu-item > a:contains(Tur Servis Müşteri)",
            run: "click",
        },
        {
            content: "Type",
            trigger: ".o_form_view .o_field_widget[name=type_id] input",
            run: "edit Tur Servis Arıza",
        },
        {
            content: "Pick the type",
            trigger: ".o_field_widget[name=type_id] .ui-menu-item > a:contains(Tur Servis Arıza)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the request is new",
            trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current[data-value=new]",
        },
        {
            content: "Start",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "The request is in progress",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=in_progress]",
        },
        {
            content: "Resolve",
            trigger: ".o_form_view button[name=action_resolve]",
            run: "click",
        },
        {
            content: "The request is resolved",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=resolved]",
        },
    ],
});
