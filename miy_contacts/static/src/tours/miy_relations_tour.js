/** @odoo-module **/

import { registry } from "@web/core/registry";

// On an organization's form, record that it belongs to a group (the label of its side);
// then on the group's form, the same relation reads "Group company" (each side names what the other is to it).
registry.category("web_tour.tours").add("miy_relations_tour", {
    url: "/odoo/action-miy_contacts.res_partner_action_organization",
    steps: () => [
        {
            content: "Open the firm",
            trigger: ".o_kanban_record:contains(Tur Gıda)",
            run: "click",
        },
        {
            content: "Open the Relations tab",
            trigger: "a.nav-link[name=miy_relations]",
            run: "click",
        },
        {
            content: "Add a relation",
            trigger: "div[name=miy_relation_all_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Relation as seen from this firm",
            trigger: "div[name=miy_relation_all_ids] .o_data_row .o_field_widget[name=type_selection_id] input",
            run: "edit Parent group",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Parent group)",
            run: "click",
        },
        {
            content: "The group",
            trigger: "div[name=miy_relation_all_ids] .o_data_row .o_field_widget[name=other_partner_id] input",
            run: "edit Tur Holding",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Holding)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "The relation is listed with this side's label",
            trigger: "div[name=miy_relation_all_ids] .o_data_row:contains(Parent group):contains(Tur Holding)",
        },
    ],
});

registry.category("web_tour.tours").add("miy_relations_other_side_tour", {
    url: "/odoo/action-miy_contacts.res_partner_action_organization",
    steps: () => [
        {
            content: "Open the group",
            trigger: ".o_kanban_record:contains(Tur Holding)",
            run: "click",
        },
        {
            content: "Open the Relations tab",
            trigger: "a.nav-link[name=miy_relations]",
            run: "click",
        },
        {
            content: "The group sees the same relation from its side",
            trigger: "div[name=miy_relation_all_ids] .o_data_row:contains(Group company):contains(Tur Gıda)",
        },
        {
            content: "The Documents tab is there",
            trigger: "a.nav-link[name=miy_documents]",
            run: "click",
        },
        {
            trigger: "div[name=miy_document_ids] .o_data_row:contains(Tur sözleşme.pdf):contains(Contract)",
        },
    ],
});
