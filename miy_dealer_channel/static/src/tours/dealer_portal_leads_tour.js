/** @odoo-module **/

import { registry } from "@web/core/registry";

// A dealer's salesperson (Turkish) accepts one routed lead and declines another: first without a
// reason (refused with a message in Turkish), then with one.
registry.category("web_tour.tours").add("miy_dealer_portal_leads_tour", {
    steps: () => [
        {
            content: "Open the dealer leads from the portal home",
            trigger: "a[href='/my/dealer/leads']:contains(Bayi Fırsatları)",
            run: "click",
        },
        {
            content: "Open the lead to accept",
            trigger: "a.o_miy_dealer_lead_link:contains(Tur: kabul edilecek fırsat)",
            run: "click",
        },
        {
            content: "Accept it",
            trigger: "button.o_miy_dealer_accept:contains(Kabul Et)",
            run: "click",
        },
        {
            content: "The page confirms it",
            trigger: ".o_miy_dealer_done:contains(Fırsatı kabul ettiniz)",
        },
        {
            content: "Back to the list",
            trigger: ".o_portal_submenu a[href='/my/dealer/leads']",
            run: "click",
        },
        {
            content: "Open the lead to decline",
            trigger: "a.o_miy_dealer_lead_link:contains(Tur: reddedilecek fırsat)",
            run: "click",
        },
        {
            content: "Decline without a reason",
            trigger: "button.o_miy_dealer_decline",
            run: "click",
        },
        {
            content: "Refused, in Turkish",
            trigger: ".o_miy_dealer_error:contains(gerekçe)",
        },
        {
            content: "Give the reason",
            trigger: "textarea[name=reason]",
            run: "edit Bölgemiz dışında",
        },
        {
            content: "Decline",
            trigger: "button.o_miy_dealer_decline",
            run: "click",
        },
        {
            content: "The list confirms it",
            trigger: ".o_miy_dealer_declined",
        },
        {
            content: "The declined lead is no longer in the list",
            trigger: "body:not(:has(a.o_miy_dealer_lead_link:contains(Tur: reddedilecek fırsat)))",
        },
        {
            content: "The accepted lead stays in the list",
            trigger: "a.o_miy_dealer_lead_link:contains(Tur: kabul edilecek fırsat)",
        },
    ],
});
