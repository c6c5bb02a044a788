/** @odoo-module **/

import { registry } from "@web/core/registry";

// A Turkish field salesperson opens a customer's card, starts a field survey, answers it on
// Odoo's survey page and submits it.
registry.category("web_tour.tours").add("miy_field_survey_tour", {
    steps: () => [
        {
            content: "Start a field survey from the partner card",
            trigger: ".o_form_view button[name=action_miy_field_survey_start]:contains(Saha Anketi)",
            run: "click",
        },
        {
            content: "The customer is in the dialog",
            trigger: ".modal .o_field_widget[name=partner_id]:contains(Tur Nilüfer Test)",
        },
        {
            content: "Pick the field survey",
            trigger: ".modal .o_field_widget[name=survey_id] input",
            run: "edit Tur Kompresör",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Kompresör Anketi)",
            run: "click",
        },
        {
            content: "Start the survey",
            trigger: ".modal-footer button[name=action_start]:contains(Anketi Başlat)",
            run: "click",
        },
        {
            content: "Odoo's survey page opens: start",
            trigger: "button[value=start]:not(.disabled)",
            run: "click",
        },
        {
            content: "Brand used",
            trigger: "div.js_question-wrapper:contains(Kullandığınız marka) label:contains(Uludağ Makina)",
            run: "click",
        },
        {
            content: "Number of compressors",
            trigger: "div.js_question-wrapper:contains(Kaç kompresör) input",
            run: "edit 7",
        },
        {
            content: "A remark",
            trigger: "div.js_question-wrapper:contains(Öneriniz) input",
            run: "edit Filtre stoku artırılsın",
        },
        {
            content: "Submit",
            trigger: "button[value=finish]:not(.disabled)",
            run: "click",
        },
        {
            content: "Thank you",
            trigger: ".o_survey_finished",
        },
    ],
});

// Back on the partner card: the field survey is there, with its answers.
registry.category("web_tour.tours").add("miy_field_survey_card_tour", {
    steps: () => [
        {
            content: "The card counts one field survey",
            trigger: ".o_form_view button[name=action_miy_field_answers]:contains(Saha Anketleri):contains(1)",
        },
        {
            content: "The Field Surveys tab",
            trigger: ".o_notebook .nav-link:contains(Saha Anketleri)",
            run: "click",
        },
        {
            content: "Open the answer",
            trigger: ".o_field_widget[name=miy_field_answer_ids] .o_data_row:contains(Tur Kompresör Anketi) td.o_data_cell",
            run: "click",
        },
        {
            content: "The answers are shown",
            trigger: ".o_field_widget[name=user_input_line_ids] .o_data_row:contains(Filtre stoku artırılsın)",
        },
    ],
});
