/** @odoo-module **/

import { registry } from "@web/core/registry";

// A dealer's salesperson (Turkish interface) places a quick order by reference: one unknown
// reference is reported, the good line is priced at the dealer's price and becomes the order.
registry.category("web_tour.tours").add("miy_dealer_order_tour", {
    steps: () => [
        {
            content: "Open the dealer order page from the portal home",
            trigger: "a[href='/my/dealer/order']",
            run: "click",
        },
        {
            content: "The catalogue shows our price (Gold: 85,00) for the bearing",
            trigger: ".o_miy_dealer_catalog_row:contains(T-BRG-1):contains(85,00)",
        },
        {
            content: "Type references and quantities",
            trigger: "textarea[name=lines]",
            run() {
                // two lines: a tour's "edit" action takes one line only
                this.anchor.value = "T-BRG-1 4\nYOK-999 1";
                this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
            },
        },
        {
            content: "The check button speaks Turkish",
            trigger: "button.o_miy_dealer_order_check:contains(Satırları kontrol et)",
        },
        {
            content: "Check the lines from the keyboard: Ctrl+Enter in the box",
            trigger: "textarea[name=lines]",
            run() {
                this.anchor.dispatchEvent(
                    new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true })
                );
            },
        },
        {
            content: "The unknown reference is reported in Turkish",
            trigger: ".o_miy_dealer_order_line_error:contains(YOK-999):contains(Bilinmeyen ürün referansı)",
        },
        {
            content: "The good line is priced at the dealer's price",
            trigger: ".o_miy_dealer_order_total:contains(340,00)",
        },
        {
            content: "Place the order",
            trigger: "button.o_miy_dealer_order_confirm:contains(Siparişi ver)",
            run: "click",
        },
        {
            content: "The order page confirms the order was received",
            trigger: ".o_miy_dealer_ordered:contains(Teşekkürler)",
        },
    ],
});
