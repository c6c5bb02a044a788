/** @odoo-module **/

import { registry } from "@web/core/registry";

function scan(code) {
    return [
        {
            content: `Scan ${code}`,
            trigger: ".o_miy_checkin_code:focus",
            run: `edit ${code}`,
        },
        {
            trigger: ".o_miy_checkin_submit",
            run: "click",
        },
    ];
}

// The front desk opens the desk from the meeting, scans two codes in a row, a code already used
// is refused, then registers a walk-in (the screen in Turkish).
registry.category("web_tour.tours").add("miy_agenda_checkin_tour", {
    steps: () => [
        {
            content: "Open the check-in desk from the meeting",
            trigger: "button[name=action_miy_open_checkin_desk]",
            run: "click",
        },
        {
            trigger: ".o_miy_checkin_title:contains(Tur Lansmanı)",
        },
        ...scan("TurKoduAyse0000000001"),
        {
            content: "Welcome banner for Ayşe",
            trigger: ".o_miy_checkin_banner.alert-success:contains(Hoş geldiniz, Ayşe Turist)",
        },
        ...scan("TurKoduMehmet000000002"),
        {
            content: "Welcome banner for Mehmet, at once",
            trigger: ".o_miy_checkin_banner.alert-success:contains(Mehmet Turist)",
        },
        {
            trigger: ".o_miy_count_arrived:contains(2)",
        },
        ...scan("TurKoduAyse0000000001"),
        {
            content: "The reused code is refused",
            trigger: ".o_miy_checkin_banner.alert-danger:contains(zaten kullanıldı)",
        },
        {
            content: "Register a walk-in",
            trigger: ".o_miy_checkin_walkin_open:contains(Davetsiz katılımcı)",
            run: "click",
        },
        {
            trigger: ".o_miy_walkin_name",
            run: "edit Kemal Kapıdan",
        },
        {
            trigger: ".o_miy_walkin_email",
            run: "edit kemal.kapidan@example.com",
        },
        {
            trigger: ".o_miy_walkin_organization",
            run: "edit Gemlik Tekstil Tur",
        },
        {
            trigger: ".o_miy_walkin_submit",
            run: "click",
        },
        {
            content: "The walk-in is registered",
            trigger: ".o_miy_checkin_banner.alert-info:contains(Kemal Kapıdan)",
        },
        {
            trigger: ".o_miy_count_walkin:contains(1)",
        },
        {
            content: "Ready for the next scan",
            trigger: ".o_miy_checkin_code:focus",
        },
    ],
});
