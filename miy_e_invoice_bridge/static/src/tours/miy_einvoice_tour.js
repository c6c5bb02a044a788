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
            content: "Open the Invoicing app (the accountant is no MİY user)",
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
            trigger: `.o_list_view.o_view_controller .o_data_row td[name=number]:contains(${NUMBER})`,
            run: "click",
        },
        {
            content: "The e-invoice opens",
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

// Import through the wizard in the browser: a real upload of one UBL-TR file (Turkish file name)
// through the many2many_binary field, the import, the report, and the e-invoice it made.
const IMPORT_NUMBER = "TUR2026000000902";
const IMPORT_FILENAME = `e-fatura_Şubat_${IMPORT_NUMBER}.xml`;
const IMPORT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>TR1.2</cbc:CustomizationID>
<cbc:ProfileID>TICARIFATURA</cbc:ProfileID><cbc:ID>${IMPORT_NUMBER}</cbc:ID>
<cbc:UUID>5E1F1C2A-0000-4000-8000-0000000009A2</cbc:UUID>
<cbc:IssueDate>2024-01-15</cbc:IssueDate><cbc:InvoiceTypeCode>SATIS</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>TRY</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cac:Party>
 <cac:PartyIdentification><cbc:ID schemeID="VKN">4812345671</cbc:ID></cac:PartyIdentification>
 <cac:PartyName><cbc:Name>Tur Yükleme Tedarikçisi A.Ş.</cbc:Name></cac:PartyName>
 <cac:PostalAddress><cbc:StreetName>İnönü Cad.</cbc:StreetName><cbc:BuildingNumber>7</cbc:BuildingNumber>
 <cbc:CitySubdivisionName>Nilüfer</cbc:CitySubdivisionName><cbc:CityName>Bursa</cbc:CityName>
 <cbc:PostalZone>16110</cbc:PostalZone><cac:Country><cbc:Name>Türkiye</cbc:Name></cac:Country></cac:PostalAddress>
 <cac:PartyTaxScheme><cac:TaxScheme><cbc:Name>Nilüfer</cbc:Name></cac:TaxScheme></cac:PartyTaxScheme>
</cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party>
 <cac:PartyIdentification><cbc:ID schemeID="VKN">1288331521</cbc:ID></cac:PartyIdentification>
 <cac:PartyName><cbc:Name>MİY Makina A.Ş.</cbc:Name></cac:PartyName>
</cac:Party></cac:AccountingCustomerParty>
<cac:PaymentMeans><cbc:PaymentMeansCode>1</cbc:PaymentMeansCode><cbc:PaymentDueDate>2024-02-14</cbc:PaymentDueDate></cac:PaymentMeans>
<cac:TaxTotal><cbc:TaxAmount currencyID="TRY">50.00</cbc:TaxAmount>
 <cac:TaxSubtotal><cbc:TaxableAmount currencyID="TRY">250.00</cbc:TaxableAmount>
 <cbc:TaxAmount currencyID="TRY">50.00</cbc:TaxAmount><cbc:Percent>20</cbc:Percent>
 <cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory>
 </cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="TRY">250.00</cbc:LineExtensionAmount>
<cbc:TaxExclusiveAmount currencyID="TRY">250.00</cbc:TaxExclusiveAmount>
<cbc:TaxInclusiveAmount currencyID="TRY">300.00</cbc:TaxInclusiveAmount>
<cbc:PayableAmount currencyID="TRY">300.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
<cac:InvoiceLine><cbc:ID>1</cbc:ID>
 <cbc:InvoicedQuantity unitCode="C62">5</cbc:InvoicedQuantity>
 <cbc:LineExtensionAmount currencyID="TRY">250.00</cbc:LineExtensionAmount>
 <cac:TaxTotal><cbc:TaxAmount currencyID="TRY">50.00</cbc:TaxAmount>
  <cac:TaxSubtotal><cbc:TaxableAmount currencyID="TRY">250.00</cbc:TaxableAmount>
  <cbc:TaxAmount currencyID="TRY">50.00</cbc:TaxAmount><cbc:Percent>20</cbc:Percent>
  <cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory>
  </cac:TaxSubtotal></cac:TaxTotal>
 <cac:Item><cbc:Name>Tur Ürünü</cbc:Name></cac:Item>
 <cac:Price><cbc:PriceAmount currencyID="TRY">50</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>`;

registry.category("web_tour.tours").add("miy_einvoice_import_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the app menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Invoicing app",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the e-Invoices menu",
            trigger: ".o_menu_sections [data-menu-xmlid='miy_e_invoice_bridge.menu_account_e_invoice']",
            run: "click",
        },
        {
            content: "Open the import wizard",
            trigger:
                ".dropdown-item[data-menu-xmlid='miy_e_invoice_bridge.miy_einvoice_import_wizard_menu_account']",
            run: "click",
        },
        {
            content: "Upload one UBL-TR file (the file input of the Files field, as a file chooser would)",
            trigger: ".modal .o_field_widget[name=attachment_ids] .oe_add",
            run() {
                const input = this.anchor.querySelector("input.o_input_file");
                const file = new File([IMPORT_XML], IMPORT_FILENAME, { type: "application/xml" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded",
            trigger: `.modal .o_field_widget[name=attachment_ids] .o_attachment:not(.o_attachment_uploading):contains(${IMPORT_NUMBER})`,
        },
        {
            content: "Import",
            trigger: ".modal .modal-footer button[name=action_import]",
            run: "click",
        },
        {
            // its counterparty is not a partner yet: orange, not the green of a clean import
            content: "The report lists the file as waiting for its partner (orange line)",
            trigger: `.modal .o_field_widget[name=line_ids] .o_data_row.text-warning td[name=filename]:contains(${IMPORT_FILENAME})`,
        },
        {
            content: "Open the imported e-invoices",
            trigger: ".modal .modal-footer button[name=action_open_einvoices]",
            run: "click",
        },
        {
            content: "The new e-invoice is listed: open it",
            trigger: `.o_list_view.o_view_controller .o_data_row td[name=number]:contains(${IMPORT_NUMBER})`,
            run: "click",
        },
        {
            content: "Its counterparty is unknown: the accountant is offered to create it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_create_partner]",
        },
        {
            content: "The payable amount is read",
            trigger: "a.nav-link[name=amounts]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=amount_total]:contains(300.00)",
        },
    ],
});

// A salesperson (MİY user, no accounting rights) reads a customer's e-invoices on the partner
// card: the e-Invoices tab and the smart button, read-only, without the accountant's buttons.
const SALES_CUSTOMER = "Tur Satış Müşterisi Ltd.";
const SALES_NUMBER = "TUR2026000000903";

registry.category("web_tour.tours").add("miy_einvoice_salesperson_tour", {
    url: "/odoo/action-miy_contacts.res_partner_action_organization",
    steps: () => [
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: `edit ${SALES_CUSTOMER}`,
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer card",
            trigger: `.o_kanban_record:contains(${SALES_CUSTOMER})`,
            run: "click",
        },
        {
            content: "Open the e-Invoices tab",
            trigger: "a.nav-link[name=miy_einvoices]",
            run: "click",
        },
        {
            content: "The customer's e-invoice is listed with its amount",
            trigger: `.o_field_widget[name=miy_einvoice_ids] .o_data_row:has(td[name=number]:contains(${SALES_NUMBER})):has(td[name=amount_total]:contains(360.00))`,
        },
        {
            content: "The timeline is read-only: no line can be added",
            trigger: ".o_field_widget[name=miy_einvoice_ids]:not(:has(.o_field_x2many_list_row_add))",
        },
        {
            content: "Open the e-invoices from the smart button",
            trigger: ".o-form-buttonbox button.oe_stat_button[name=action_view_miy_einvoices]",
            run: "click",
        },
        {
            content: "Open the e-invoice (from the list of the action, not the tab's list)",
            trigger: `.o_list_view.o_view_controller .o_data_row td[name=number]:contains(${SALES_NUMBER})`,
            run: "click",
        },
        {
            content: "The e-invoice opens read-only",
            trigger: `.o_form_view .o_form_readonly .o_field_widget[name=number]:contains(${SALES_NUMBER})`,
        },
        {
            content: "The partner is shown",
            trigger: `.o_form_view .o_field_widget[name=partner_id]:contains(${SALES_CUSTOMER})`,
        },
        {
            content: "No accountant's button for the salesperson",
            trigger:
                ".o_form_view:not(:has(button[name=action_create_partner], button[name=action_choose_partner], button[name=action_link_move], button[name=action_open_move]))",
        },
    ],
});

// The other way to resolve an unknown counterparty: Choose Partner links an existing partner
// (here one without VKN, which gets the document's one).
const CHOOSE_NUMBER = "TUR2026000000904";
const CHOOSE_PARTNER = "Tur Seçilen Tedarikçi Ltd.";

registry.category("web_tour.tours").add("miy_einvoice_choose_partner_tour", {
    url: "/odoo/action-miy_e_invoice_bridge.miy_einvoice_action_to_resolve",
    steps: () => [
        {
            content: "Open the e-invoice waiting for a partner",
            trigger: `.o_list_view.o_view_controller .o_data_row td[name=number]:contains(${CHOOSE_NUMBER})`,
            run: "click",
        },
        {
            content: "Choose an existing partner",
            trigger: ".o_form_view .o_form_statusbar button[name=action_choose_partner]",
            run: "click",
        },
        {
            content: "The dialog shows the document's counterparty",
            trigger: ".modal .o_field_widget[name=counterparty_vkn]:contains(4812345673)",
        },
        {
            content: "Search the partner",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: `edit ${CHOOSE_PARTNER}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${CHOOSE_PARTNER})`,
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dialog closes and the e-invoice shows the chosen partner",
            trigger: `body:not(:has(.modal)) .o_form_view .o_field_widget[name=partner_id]:contains(${CHOOSE_PARTNER})`,
        },
        {
            content: "The e-invoice is linked to its new draft bill",
            trigger: ".o_form_view .o_statusbar_status button[data-value=linked].o_arrow_button_current",
        },
        {
            trigger: ".o-form-buttonbox button.oe_stat_button[name=action_open_move]",
        },
    ],
});
