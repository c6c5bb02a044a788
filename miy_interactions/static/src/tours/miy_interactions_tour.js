/** @odoo-module **/

import { registry } from "@web/core/registry";

// From a partner's card, log an interaction with a follow-up on a set day for a
// colleague, then see it counted on the card. Selectors use name attributes, not labels.
registry.category("web_tour.tours").add("miy_interactions_tour", {
    steps: () => [
        {
            content: "Open the Interactions tab",
            trigger: "a.nav-link[name=miy_interactions]",
            run: "click",
        },
        {
            content: "Log an interaction",
            trigger: "button[name=action_miy_log_interaction]",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".modal .o_field_widget[name=subject] input",
            run: "edit Tur görüşmesi",
        },
        {
            content: "Follow-up date (a fixed day: the browser's today and the server's differ around midnight)",
            trigger: ".modal .o_field_widget[name=followup_date] input",
            run: "edit 06/14/2030",
        },
        {
            content: "Close the date picker",
            trigger: ".modal .o_field_widget[name=subject] input",
            run: "click",
        },
        {
            content: "The follow-up responsible field appears: choose a colleague",
            trigger: ".modal .o_field_widget[name=followup_user_ids] input",
            run: "edit Tur Meslektaş",
        },
        {
            content: "Pick the colleague",
            trigger: ".ui-menu-item > a:contains(Tur Meslektaş)",
            run: "click",
        },
        {
            content: "The colleague is responsible for the follow-up",
            trigger: ".modal .o_field_widget[name=followup_user_ids] .o_tag:contains(Tur Meslektaş)",
        },
        {
            content: "Save",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The dialog closes and the card counts the interaction",
            trigger: "body:not(:has(.modal)) button[name=action_miy_open_interactions] .o_stat_value:contains(1)",
        },
    ],
});
