/** @odoo-module **/

import { registry } from "@web/core/registry";

function pickOption(name, text) {
    const select = document.querySelector(`select[name=${name}]`);
    const option = [...select.options].find((opt) => opt.textContent.includes(text));
    if (!option) {
        throw new Error(`No option "${text}" in ${name}`);
    }
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

// A dealer's salesperson files a field report with a photo in the portal (screens in Turkish).
registry.category("web_tour.tours").add("miy_dealer_intel_tour", {
    steps: () => [
        {
            content: "Open the form of a new field report",
            trigger: "a.o_miy_new_field_report:contains(Yeni Saha Raporu)",
            run: "click",
        },
        {
            content: "Kind: campaign",
            trigger: "select[name=kind]",
            run: () => pickOption("kind", "Kampanya"),
        },
        {
            content: "Subject",
            trigger: "input[name=name]",
            run: "edit Tur rakibi yaz kampanyası",
        },
        {
            content: "Competitor",
            trigger: "select[name=competitor_id]",
            run: () => pickOption("competitor_id", "Tur Rakibi"),
        },
        {
            content: "Place",
            trigger: "input[name=place]",
            run() {
                // set directly: simulated typing drops a leading dotted İ in headless Chromium
                this.anchor.value = "İnegöl sanayi fuarı";
            },
        },
        {
            content: "Description",
            trigger: "textarea[name=description]",
            run: "edit Fuarda %10 indirim ve 12 ay vade duyurdular.",
        },
        {
            content: "Attach the photo of the brochure",
            trigger: "input[type=file][name=attachments]",
            run() {
                const input = document.querySelector("input[type=file][name=attachments]");
                const transfer = new DataTransfer();
                transfer.items.add(new File(["broşür"], "brosur.txt", { type: "text/plain" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Send",
            trigger: "button.o_miy_field_report_submit:contains(Raporu Gönder)",
            run: "click",
        },
        {
            content: "Filed, with its evidence",
            trigger: ".o_miy_field_report_submitted:contains(Teşekkürler)",
        },
        {
            trigger: ".o_miy_field_report_competitor:contains(Tur Rakibi)",
        },
        {
            trigger: ".o_miy_field_report_attachments a:contains(brosur.txt)",
        },
    ],
});
