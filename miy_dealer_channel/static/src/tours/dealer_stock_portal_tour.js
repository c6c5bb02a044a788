/** @odoo-module **/

import { registry } from "@web/core/registry";

// A dealer's staff member uploads a stock report from Excel in the portal (in Turkish), sees the
// rows with errors left out, confirms the good rows and lands on the submitted report.
// The test prepares the .xlsx as an attachment whose id is in the start URL (?miy_tour_file=).
registry.category("web_tour.tours").add("miy_dealer_stock_upload_tour", {
    steps: () => [
        {
            content: "The new stock report page is in Turkish",
            trigger: "h3:contains(Yeni Stok Raporu)",
        },
        {
            content: "Choose the Excel file prepared by the test",
            trigger: ".o_miy_dealer_upload_form input[name=upload]",
            run: async () => {
                const fileId = new URLSearchParams(window.location.search).get("miy_tour_file");
                const blob = await (await fetch(`/web/content/${fileId}?download=true`)).blob();
                const file = new File([blob], "stok_raporu.xlsx", {
                    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                });
                const dataTransfer = new DataTransfer();
                dataTransfer.items.add(file);
                const input = document.querySelector(".o_miy_dealer_upload_form input[name=upload]");
                input.files = dataTransfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Upload it",
            trigger: ".o_miy_dealer_upload_button",
            run: "click",
        },
        {
            content: "The summary says two rows are ready, one has errors, nothing saved yet",
            trigger: ".o_miy_dealer_upload_summary:has(.o_miy_dealer_upload_good:contains(2)):has(.o_miy_dealer_upload_bad:contains(1)):contains(kaydedilmedi)",
        },
        {
            content: "The bad row is listed with its problem",
            trigger: ".o_miy_dealer_row_error:contains(TUR-YOK)",
        },
        {
            content: "The good rows are in the form",
            trigger: ".o_miy_dealer_report_rows input[name=reference_1]:value(DST-FILTER)",
        },
        {
            content: "Confirm the good rows",
            trigger: ".o_miy_dealer_report_submit:contains(Onayla)",
            run: "click",
        },
        {
            content: "The report is submitted and shows its lines",
            trigger: ".o_miy_dealer_report_received:contains(Teşekkürler)",
        },
        {
            content: "The lines are those of the file",
            trigger: ".o_miy_dealer_report_lines:contains(DST-BELT):contains(DST-FILTER)",
        },
    ],
});
