/** @odoo-module **/

import { registry } from "@web/core/registry";

// A Turkish salesperson prepares a quote for an organization with the customer's people (one
// primary), sends it, changes a price, sends it again and compares the two sent versions.
function sendByEmail(count) {
    return [
        {
            content: "Send by e-mail",
            trigger: "button[name=action_quotation_send]:visible",
            run: "click",
        },
        {
            content: "Send the e-mail",
            trigger: ".modal .modal-footer button.btn-primary:contains(Gönder)",
            run: "click",
        },
        {
            content: `Version ${count} is kept`,
            trigger: `button[name=action_miy_view_versions] .o_stat_value:contains(${count})`,
        },
    ];
}

registry.category("web_tour.tours").add("miy_quotes_version_tour", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "New quote",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tur Nilüfer",
        },
        {
            trigger: 'ul.ui-autocomplete > li > a:contains("Tur Nilüfer Gıda")',
            run: "click",
        },
        {
            content: "Add a product",
            trigger: 'a:contains("Ürün Ekle")',
            run: "click",
        },
        {
            trigger: 'div[name="product_template_id"] input',
            run: "edit Tur CNC",
        },
        {
            trigger: 'ul.ui-autocomplete a:contains("Tur CNC İşleme Merkezi")',
            run: "click",
        },
        {
            content: "The price is the list price",
            trigger: ".o_data_row .o_field_widget[name=price_unit] input:value(100000.00), .o_data_row .o_field_widget[name=price_unit] input:value(100.000,00)",
        },
        {
            content: "Open the preparation tab (in Turkish)",
            trigger: "a.nav-link[name=miy_preparation]:contains(Hazırlık)",
            run: "click",
        },
        {
            content: "Add a person of the customer",
            trigger: "div[name=miy_quote_contact_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=miy_quote_contact_ids] .o_data_row .o_field_widget[name=partner_id] input",
            run: "edit Tur Ayşe",
        },
        {
            trigger: 'ul.ui-autocomplete a:contains("Tur Ayşe")',
            run: "click",
        },
        {
            content: "She is the primary person",
            trigger: "div[name=miy_quote_contact_ids] .o_data_row .o_field_widget[name=is_primary] input",
            run: "click",
        },
        {
            content: "Save the quote",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        ...sendByEmail(1),
        {
            content: "Back to the lines",
            trigger: "a.nav-link[name=order_lines]",
            run: "click",
        },
        {
            content: "Open the line",
            trigger: ".o_data_row td[name=price_unit]",
            run: "click",
        },
        {
            content: "Lower the price",
            trigger: ".o_data_row .o_field_widget[name=price_unit] input",
            run: "edit 95000",
        },
        {
            content: "Save the quote",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        ...sendByEmail(2),
        {
            content: "Open the sent versions (in Turkish)",
            trigger: "a.nav-link[name=miy_versions]:contains(Gönderilen Revizyonlar)",
            run: "click",
        },
        {
            content: "Compare the last two versions",
            trigger: "button[name=action_miy_compare_versions]",
            run: "click",
        },
        {
            content: "The changed price is shown, old and new (Turkish numbers)",
            trigger:
                ".modal .o_miy_version_diff_table tr[data-change=changed]:contains(Değişti) td[data-field=price_unit]:has(del:contains(100.000,00)):has(strong:contains(95.000,00))",
        },
        {
            content: "Close",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
    ],
});
