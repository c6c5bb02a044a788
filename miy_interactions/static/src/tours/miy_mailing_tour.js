/** @odoo-module **/

import { registry } from "@web/core/registry";

// From MİY > Interactions > Mailings: a new e-mail mailing to a saved segment, saved, then its
// recipients counted from the segment. Selectors use name attributes, not labels.
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
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the recipients are counted from the segment now",
            trigger: ".o_form_saved .o_field_widget[name=total]:contains(2)",
        },
    ],
});
