/** @odoo-module **/

import { registry } from "@web/core/registry";

// The accountant's main flow: open the e-invoices to resolve from the menu, create the unknown
// counterparty from the signed document, come back to the e-invoice and open its draft bill.
// The e-invoice number, the counterparty name and VKN are those the Python test imports.
const NUMBER = "TUR2026000000901";
const COUNTERPARTY = "Tedarikçi 4812345670 A.Ş.";

registry.category("web_tour.tours").add("miy_einvoice_resolve_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the app menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Invoicing app (the accountant is no CRM+ user)",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the e-Invoices menu",
            trigger: ".o_menu_sections [data-menu-xmlid='miy_e_invoice_bridge.menu_account_e_invoice']",
            run: "click",
        },
        {
            content: "Go to the e-invoices to resolve",
            trigger: ".dropdown-item[data-menu-xmlid='miy_e_invoice_bridge.miy_einvoice_menu_to_resolve_account']",
            run: "click",
        },
        {
            content: "The imported e-invoice waits for a partner: open it",
            trigger: `.o_list_view .o_data_row td[name=number]:contains(${NUMBER})`,
            run: "click",
        },
        {
            content: "The form shows the e-invoice without partner",
            trigger: `.o_form_view .o_field_widget[name=number]:contains(${NUMBER})`,
        },
        {
            content: "The counterparty of the document is shown",
            trigger: "a.nav-link[name=counterparty]",
            run: "click",
        },
        {
            trigger: `.o_field_widget[name=counterparty_name]:contains(${COUNTERPARTY})`,
        },
        {
            trigger: ".o_field_widget[name=counterparty_vkn]:contains(4812345670)",
        },
        {
            content: "Create the partner from the document",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_partner]",
            run: "click",
        },
        {
            content: "The new partner opens (read-only: no contact rights), with the VKN of the document",
            trigger: ".o_form_view .o_field_widget[name=vat]:contains(4812345670)",
        },
        {
            trigger: `.o_form_view .o_field_widget[name=name]:contains(${COUNTERPARTY})`,
        },
        {
            content: "Back to the e-invoice",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains(${NUMBER})`,
            run: "click",
        },
        {
            content: "The partner is linked",
            trigger: `.o_form_view .o_field_widget[name=partner_id]:contains(${COUNTERPARTY})`,
        },
        {
            content: "Create Partner is no longer offered",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_create_partner]))",
        },
        {
            content: "The e-invoice is linked to an invoice",
            trigger: ".o_form_view .o_statusbar_status button[data-value=linked].o_arrow_button_current",
        },
        {
            content: "Open the draft bill from the e-invoice",
            trigger: ".o-form-buttonbox button.oe_stat_button[name=action_open_move]",
            run: "click",
        },
        {
            content: "The bill is for the new partner",
            trigger: `.o_form_view .o_field_widget[name=partner_id]:contains(${COUNTERPARTY})`,
        },
        {
            content: "The bill is a draft",
            trigger: ".o_form_view .o_statusbar_status button[data-value=draft].o_arrow_button_current",
        },
        {
            content: "The bill carries the e-invoice number as reference",
            trigger: `.o_form_view .o_field_widget[name=ref] input`,
            run() {
                if (this.anchor.value !== NUMBER) {
                    throw new Error(`Expected reference ${NUMBER}, got "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "The bill's total is the payable amount of the document (720.00)",
            trigger: ".o_form_view .o_field_widget[name=tax_totals]:contains(720.00)",
        },
    ],
});
