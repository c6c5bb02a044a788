/** @odoo-module **/

import { registry } from "@web/core/registry";

// Book the room from a meeting's own form (the meeting is opened by the test).
function bookRoomSteps() {
    return [
        {
            content: "Book the room from the meeting's form",
            trigger: ".o_field_widget[name=miy_resource_ids] input",
            run: "edit Tur Salonu",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Salonu)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=miy_resource_ids] .o_tag:contains(Tur Salonu)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("miy_agenda_booking_tour", {
    steps: () => [
        ...bookRoomSteps(),
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});

// The same room for a second meeting at the same time: refused, naming the first meeting.
registry.category("web_tour.tours").add("miy_agenda_conflict_tour", {
    steps: () => [
        ...bookRoomSteps(),
        {
            content: "The conflict names the first meeting and the room",
            trigger: ".modal:contains(Birinci Tur Toplantısı):contains(Tur Salonu)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
    ],
});
