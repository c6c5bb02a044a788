/** @odoo-module **/

import { registry } from "@web/core/registry";

// A Turkish sales manager launches a segment campaign and runs its first step (a call list) now.
registry.category("web_tour.tours").add("miy_dealer_campaign_tour", {
    url: "/odoo/action-miy_dealer_channel.utm_campaign_action_miy",
    steps: () => [
        {
            content: "Open the campaign",
            trigger: ".o_data_row:contains(Tur Kampanyası) td[name=title]",
            run: "click",
        },
        {
            content: "Launch it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_miy_launch]:contains(Başlat)",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The campaign is running",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Yürütülüyor)",
        },
        {
            content: "Two partners targeted",
            trigger: ".oe_stat_button[name=action_miy_open_targets] .o_stat_value:contains(2)",
        },
        {
            content: "Run the first step now",
            trigger: ".o_field_widget[name=miy_step_ids] .o_data_row:first button[name=action_run]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The step is done",
            trigger: ".o_field_widget[name=miy_step_ids] .o_data_row:first td[name=state]:contains(Tamamlandı)",
        },
        {
            content: "Two calls planned",
            trigger: ".o_field_widget[name=miy_step_ids] .o_data_row:first td[name=produced_count]:contains(2)",
        },
    ],
});
