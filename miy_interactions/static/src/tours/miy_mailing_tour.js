/** @odoo-module **/

import { registry } from "@web/core/registry";

// From MİY > Interactions > Mailings: a new e-mail mailing to a saved segment, its recipients
// counted live before saving, then sent after a confirmation that says how many people get it. Selectors use name attributes, not labels.
registry.category("web_tour.tours").add("miy_mailing_tour", {
    steps: () => [
        {
            content: "New mailing",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=subject] input",
            run: "edit Tur kataloğu",
        },
        {
            content: "Segment",
            trigger: ".o_field_widget[name=miy_segment_id] input",
            run: "edit Tur segmenti",
        },
        {
            content: "Pick the segment",
            trigger: ".o-autocomplete--dropdown-item a:contains(Tur segmenti)",
            run: "click",
        },
        {
            content: "Not saved yet: the recipients are counted live from the segment",
            trigger: ".o_form_view:not(:has(.o_form_saved)) .o_field_widget[name=miy_recipient_count]:contains(2)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: still counted",
            trigger: ".o_form_saved .o_field_widget[name=miy_recipient_count]:contains(2)",
        },
        {
            content: "Send Now",
            trigger: "button[name=action_miy_confirm_send]",
            run: "click",
        },
        {
            content: "The confirmation says how many people will receive it",
            trigger: ".modal .o_miy_send_confirm_message:contains(2)",
        },
        {
            content: "Send",
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "Sent: no longer a draft",
            trigger: ".o_statusbar_status button.o_arrow_button_current:not([data-value=draft])",
        },
    ],
});
