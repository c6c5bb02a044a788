/** @odoo-module **/

import { registry } from "@web/core/registry";

// Create an organization, add a person with two affiliations and two phone numbers,
// then find the person by typing one number in another spelling.
registry.category("web_tour.tours").add("miy_contacts_tour", {
    url: "/odoo/action-miy_contacts.res_partner_action_organization",
    steps: () => [
        {
            content: "Create an organization",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] textarea, .o_field_widget[name=name] input",
            run: "edit Tur Org A",
        },
        {
            content: "Save the organization",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Open the Contacts menu",
            trigger: ".o_menu_sections [data-menu-xmlid='miy_contacts.menu_miy_contacts']",
            run: "click",
        },
        {
            content: "Go to persons",
            trigger: ".dropdown-item[data-menu-xmlid='miy_contacts.res_partner_menu_person']",
            run: "click",
        },
        {
            content: "The persons are shown",
            trigger: ".o_breadcrumb .active:contains(Persons)",
        },
        {
            content: "The persons are listed (wait for the action before creating)",
            trigger: ".o_kanban_view .o_kanban_record",
        },
        {
            content: "Create a person",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name the person",
            trigger: ".o_field_widget[name=name] textarea, .o_field_widget[name=name] input",
            run: "edit Tur Kişi",
        },
        {
            content: "Open the Organizations tab",
            trigger: "a.nav-link[name=miy_affiliations]",
            run: "click",
        },
        {
            content: "Add a first affiliation",
            trigger: "div[name=miy_affiliation_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the new organization",
            trigger: "div[name=miy_affiliation_ids] .o_data_row .o_field_widget[name=organization_id] input",
            run: "edit Tur Org A",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Org A)",
            run: "click",
        },
        {
            content: "Job title in that organization",
            trigger: "div[name=miy_affiliation_ids] .o_data_row .o_field_widget[name=function] input",
            run: "edit Genel Müdür",
        },
        {
            content: "Primary affiliation",
            trigger: "div[name=miy_affiliation_ids] .o_data_row .o_field_widget[name=is_primary] input",
            run: "click",
        },
        {
            content: "Add a second affiliation",
            trigger: "div[name=miy_affiliation_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=miy_affiliation_ids] .o_data_row:eq(1) .o_field_widget[name=organization_id] input",
            run: "edit Tur Org B",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tur Org B)",
            run: "click",
        },
        {
            trigger: "div[name=miy_affiliation_ids] .o_data_row:eq(1) .o_field_widget[name=function] input",
            run: "edit Yönetim Kurulu Üyesi",
        },
        {
            content: "Open the Phones tab",
            trigger: "a.nav-link[name=miy_phones]",
            run: "click",
        },
        {
            content: "Add a mobile number",
            trigger: "div[name=miy_phone_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=miy_phone_ids] .o_data_row .o_field_widget[name=number] input",
            run: "edit 0532 111 22 33",
        },
        {
            content: "Add an office number",
            trigger: "div[name=miy_phone_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=miy_phone_ids] .o_data_row:eq(1) .o_field_widget[name=number] input",
            run: "edit +90 224 444 55 66",
        },
        {
            content: "Save the person",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, and the primary affiliation became the company",
            trigger: ".o_form_saved",
        },
        {
            content: "Back to the persons",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Type the number in another spelling",
            trigger: ".o_searchview_input",
            run: "edit 5321112233",
        },
        {
            content: "Search it among all phone numbers",
            // the label in English or in Turkish, whichever the user reads
            trigger:
                ".o_searchview_autocomplete .o_menu_item:contains(Any Phone Number), " +
                ".o_searchview_autocomplete .o_menu_item:contains(Herhangi Bir Telefon Numarası)",
            run: "click",
        },
        {
            content: "The person is found, and only them",
            trigger: ".o_kanban_renderer:has(.o_kanban_record:contains(Tur Kişi)):not(:has(.o_kanban_record:contains(Tur Başka)))",
        },
    ],
});
