/** @odoo-module **/

import { registry } from "@web/core/registry";

// A dealer's administrator (Turkish) invites a colleague (first without a name: refused in
// Turkish), then registers a deal of the firm's own (first with a blank customer: refused), and
// finds it awaiting the account manager's approval.
registry.category("web_tour.tours").add("miy_dealer_portal_team_tour", {
    steps: () => [
        {
            content: "Open the team from the portal home",
            trigger: "a[href='/my/dealer/team']:contains(Ekibimiz)",
            run: "click",
        },
        {
            content: "The administrator is in the team",
            trigger: ".o_miy_dealer_team_member:contains(Yönetici)",
        },
        {
            content: "Type only the e-mail",
            trigger: ".o_miy_dealer_invite_form input[name=email]",
            run: "edit tur.davetli@bayi.example.com",
        },
        {
            content: "Invite",
            trigger: "button.o_miy_dealer_invite:contains(Davet Et)",
            run: "click",
        },
        {
            content: "Refused in Turkish: the name is missing",
            trigger: ".o_miy_dealer_error:contains(Çalışma arkadaşınızın adını girin)",
        },
        {
            content: "Type the name",
            trigger: ".o_miy_dealer_invite_form input[name=name]",
            run: "edit Tur Davetli Çalışan",
        },
        {
            content: "The e-mail was kept",
            trigger: ".o_miy_dealer_invite_form input[name=email]:value(tur.davetli@bayi.example.com)",
        },
        {
            content: "Invite again",
            trigger: "button.o_miy_dealer_invite",
            run: "click",
        },
        {
            content: "The invitation is confirmed",
            trigger: ".o_miy_dealer_invited:contains(adresine bir davet gönderdik)",
        },
        {
            content: "The colleague is in the team, as staff",
            trigger: ".o_miy_dealer_team_member:contains(Tur Davetli Çalışan):contains(Çalışan)",
        },
        {
            content: "Back to the portal home",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Go to the dealer leads",
            trigger: "a[href='/my/dealer/leads']:contains(Bayi Fırsatları)",
            run: "click",
        },
        {
            content: "Register a deal",
            trigger: "a.o_miy_dealer_register_deal:contains(Fırsat Kaydet)",
            run: "click",
        },
        {
            content: "A customer of blanks only (the browser's own check lets it through)",
            trigger: "input[name=customer]",
            run() {
                this.anchor.value = "   ";
            },
        },
        {
            content: "The expected revenue",
            trigger: "input[name=expected_revenue]",
            run: "edit 180000",
        },
        {
            content: "Register",
            trigger: "button.o_miy_dealer_submit_deal",
            run: "click",
        },
        {
            content: "Refused in Turkish",
            trigger: ".o_miy_dealer_error:contains(Müşterinin adını girin)",
        },
        {
            content: "The customer",
            trigger: "input[name=customer]",
            run: "edit Tur Kayıt Tekstil Ltd. Şti.",
        },
        {
            content: "The contact",
            trigger: "input[name=contact]",
            run: "edit Hasan Demir",
        },
        {
            content: "The revenue typed before is kept",
            trigger: "input[name=expected_revenue]:value(180000)",
        },
        {
            content: "Register",
            trigger: "button.o_miy_dealer_submit_deal",
            run: "click",
        },
        {
            content: "Thanked, awaiting approval",
            trigger: ".o_miy_dealer_done:contains(onayımızı bekliyor)",
        },
        {
            content: "The deal is marked as awaiting approval",
            trigger: ".o_miy_dealer_pending",
        },
    ],
});
