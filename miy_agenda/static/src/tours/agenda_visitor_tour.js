/** @odoo-module **/

import { registry } from "@web/core/registry";

// The front desk registers a visitor (in Turkish), then checks them out.
registry.category("web_tour.tours").add("miy_agenda_visitor_tour", {
    steps: () => [
        {
            content: "New visitor",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Visitor's name",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tur Ziyaretçisi",
        },
        {
            content: "Organization",
            trigger: ".o_field_widget[name=organization_name] input",
            run: "edit Tur Firması A.Ş.",
        },
        {
            content: "Host",
            trigger: ".o_field_widget[name=host_id] input",
            run: "edit Tur Ev Sahibi",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Ev Sahibi)",
            run: "click",
        },
        {
            content: "Purpose",
            trigger: ".o_field_widget[name=purpose] input",
            run: "edit Teklif görüşmesi",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The visitor is in the building (Turkish screen)",
            trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Binada)",
        },
        {
            content: "Check out",
            trigger: ".o_statusbar_buttons button[name=action_check_out]:contains(Çıkış Yap)",
            run: "click",
        },
        {
            content: "The visitor has left",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Ayrıldı)",
        },
    ],
});
