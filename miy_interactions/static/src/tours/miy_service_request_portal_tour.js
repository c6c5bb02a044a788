/** @odoo-module **/

import { registry } from "@web/core/registry";

// A portal customer opens a service request from the portal and sees it in their list.
// Selectors use name attributes and classes, not translated labels.
registry.category("web_tour.tours").add("miy_service_request_portal_tour", {
    steps: () => [
        {
            content: "Open the service requests from the portal home",
            trigger: "a[href='/my/service-requests']",
            run: "click",
        },
        {
            content: "Start a new request",
            trigger: "a.o_miy_new_service_request",
            run: "click",
        },
        {
            content: "Choose the type",
            trigger: "select[name=type_id]",
            run: "selectByLabel Tur Arıza",
        },
        {
            content: "Subject",
            trigger: "input[name=subject]",
            run: "edit Tur: yazıcı çalışmıyor",
        },
        {
            content: "Description",
            trigger: "textarea[name=description]",
            run: "edit Kağıt sıkışıyor ve ışık yanıp sönüyor.",
        },
        {
            content: "Send",
            trigger: "button.o_miy_submit_service_request",
            run: "click",
        },
        {
            content: "The page confirms the request with its reference and the target response time",
            trigger: ".o_miy_service_request_received:has(.o_miy_service_request_received_name):has(.o_miy_service_request_target)",
        },
        {
            content: "The request page shows its reference and chatter",
            trigger: ".o_miy_service_request:contains(Tur: yazıcı çalışmıyor) .o_miy_service_request_name",
        },
        {
            content: "Back to the list",
            trigger: ".o_portal_submenu a[href='/my/service-requests']",
            run: "click",
        },
        {
            content: "The list shows the new request",
            trigger: "td:contains(Tur: yazıcı çalışmıyor)",
        },
    ],
});
