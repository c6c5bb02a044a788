/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson makes a quote with a three-milestone payment plan (30% advance, 40% on
// delivery, 30% at 60 days, from a template) and confirms it: the plan becomes dated
// expectations. The Python test (test_plan_tour.py) made the customer, the product and the template.
registry.category("web_tour.tours").add("miy_plan_quote_tour", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "New quote",
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Pick the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Plan Tur Müşteri",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Plan Tur Müşteri)",
            run: "click",
        },
        {
            content: "Add the machine",
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=order_line] .o_data_row .o_field_widget[name=product_template_id] input",
            run: "edit Tur CNC",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tur CNC)",
            run: "click",
        },
        {
            content: "The line is priced",
            trigger: ".o_field_widget[name=order_line] .o_data_row [name=price_subtotal]:contains(10.000,00)",
        },
        {
            content: "Open the payment plan (Turkish screen)",
            trigger: ".o_notebook_headers a[name=miy_payment_plan]:contains(Ödeme Planı)",
            run: "click",
        },
        {
            content: "Use the 30/40/30 template",
            trigger: ".o_field_widget[name=miy_plan_template_id] input",
            run: "edit Tur Planı",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tur Planı)",
            run: "click",
        },
        {
            content: "Three milestones, adding up to the total",
            trigger: ".o_field_widget[name=miy_plan_line_ids] .o_data_row:nth-child(3) td[name=due_rule]",
        },
        {
            trigger: ".o_field_widget[name=miy_plan_line_ids] .o_data_row:nth-child(1) td[name=percent]:contains(30)",
        },
        {
            trigger: ".o_field_widget[name=miy_plan_line_ids] .o_data_row:nth-child(3) td[name=due_rule]:contains(Faturadan gün sonra)",
        },
        {
            content: "The expected amounts follow the order total",
            trigger: ".o_field_widget[name=miy_plan_line_ids] .o_data_row:nth-child(2) td[name=expected_amount]:contains(4.000,00)",
        },
        {
            content: "Confirm the quote (saves it)",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=sale]",
        },
        {
            content: "The plan now shows its status per milestone",
            trigger: ".o_field_widget[name=miy_plan_line_ids] .o_data_row td[name=state] .badge:contains(Tarihini bekliyor)",
        },
        {
            trigger: ".o_field_widget[name=miy_plan_paid_amount]",
        },
    ],
});

// A sales manager opens the payment plan follow-up, finds the late milestone and records a
// waiver with its reason.
registry.category("web_tour.tours").add("miy_plan_decision_tour", {
    url: "/odoo/action-miy_quotes.miy_payment_plan_line_action",
    steps: () => [
        {
            content: "The late milestone is in the follow-up list",
            trigger: ".o_list_view .o_data_row td[name=state] .badge.text-bg-danger:contains(Gecikmiş)",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains(Plan Tur Müşteri)",
            run: "click",
        },
        {
            content: "Record a decision",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_record_decision]:contains(Karar Kaydet)",
            run: "click",
        },
        {
            content: "A waiver",
            trigger: ".modal .o_field_widget[name=decision_type] input[data-value=waiver]",
            run: "click",
        },
        {
            content: "with its reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Müşteri ile anlaşıldı: kalan tutar iskonto sayıldı.",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
