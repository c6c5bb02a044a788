/** @odoo-module **/

import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const REFRESH_MS = 15000;
const EMPTY_WALKIN = { name: "", email: "", organization: "", function: "", phone: "" };

/**
 * The gate's check-in desk: one input that keeps the focus (a barcode scanner types the code and
 * Enter), the phone's camera (Odoo's barcode scanner) or typing. Each scan checks one participant
 * in and shows the answer in a banner, ready for the next scan at once: no dialogs.
 */
export class CheckinDesk extends Component {
    static template = "miy_agenda.CheckinDesk";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.codeInput = useRef("codeInput");
        this.cameraSupported = isBarcodeScannerSupported();
        this.state = useState({
            meetings: [],
            info: null,
            code: "",
            result: null,
            walkinOpen: false,
            walkin: { ...EMPTY_WALKIN },
            busy: false,
        });
        onWillStart(async () => {
            const eventId = this.props.action?.params?.event_id || this.props.action?.context?.active_id;
            if (eventId) {
                await this.openMeeting(eventId);
            } else {
                this.state.meetings = await this.orm.call("calendar.event", "miy_checkin_desk_meetings", []);
                if (this.state.meetings.length === 1) {
                    await this.openMeeting(this.state.meetings[0].id);
                }
            }
        });
        onMounted(() => {
            this.focusCode();
            // the counts stay live when several desks scan for the same meeting
            this.refreshTimer = setInterval(() => this.refreshCounts(), REFRESH_MS);
        });
        onWillUnmount(() => clearInterval(this.refreshTimer));
    }

    async refreshCounts() {
        if (!this.state.info || this.state.busy) {
            return;
        }
        const info = await this.orm.silent.call("calendar.event", "miy_checkin_desk_info", [[this.state.info.id]]);
        if (this.state.info && this.state.info.id === info.id) {
            this.state.info.counts = info.counts;
        }
    }

    async openMeeting(eventId) {
        this.state.info = await this.orm.call("calendar.event", "miy_checkin_desk_info", [[Number(eventId)]]);
        this.state.result = null;
        this.focusCode();
    }

    onSelectMeeting(ev) {
        if (ev.target.value) {
            this.openMeeting(ev.target.value);
        }
    }

    focusCode() {
        // after the banner renders: the scanner's next code goes into the input
        setTimeout(() => {
            if (!this.state.walkinOpen && this.codeInput.el) {
                this.codeInput.el.focus();
            }
        }, 0);
    }

    onCodeBlur() {
        if (!this.state.walkinOpen) {
            setTimeout(() => {
                const active = document.activeElement;
                const inForm = active && active.closest && active.closest(".o_miy_checkin_keep");
                if (!inForm && !this.state.walkinOpen) {
                    this.focusCode();
                }
            }, 300);
        }
    }

    applyResult(result) {
        this.state.result = result;
        if (result.counts && this.state.info) {
            this.state.info.counts = result.counts;
        }
    }

    async submitCode(ev) {
        ev?.preventDefault();
        const code = (this.state.code || "").trim();
        this.state.code = "";
        if (!code || !this.state.info || this.state.busy) {
            this.focusCode();
            return;
        }
        this.state.busy = true;
        try {
            this.applyResult(
                await this.orm.call("calendar.attendee", "miy_checkin_scan", [this.state.info.id, code])
            );
        } finally {
            this.state.busy = false;
            this.focusCode();
        }
    }

    async scanWithCamera() {
        let code;
        try {
            code = await scanBarcode(this.env);
        } catch {
            this.applyResult({ status: "error", message: _t("The camera could not be opened.") });
            return;
        }
        if (code) {
            this.state.code = code;
            await this.submitCode();
        }
    }

    toggleWalkin() {
        this.state.walkinOpen = !this.state.walkinOpen;
        this.state.walkin = { ...EMPTY_WALKIN };
        if (!this.state.walkinOpen) {
            this.focusCode();
        }
    }

    async submitWalkin(ev) {
        ev?.preventDefault();
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const result = await this.orm.call("calendar.attendee", "miy_checkin_walkin", [
                this.state.info.id,
                { ...this.state.walkin },
            ]);
            this.applyResult(result);
            if (result.status !== "error") {
                this.state.walkinOpen = false;
                this.state.walkin = { ...EMPTY_WALKIN };
                if (result.status === "walkin" && result.attendee) {
                    this.printBadge(result.attendee);
                }
            }
        } finally {
            this.state.busy = false;
            this.focusCode();
        }
    }

    printBadge(attendee) {
        // the badge opens in its own tab (print it from there): the desk stays ready to scan
        window.open(attendee.badge_url, "_blank");
    }

    get bannerClass() {
        const status = this.state.result?.status;
        if (status === "ok") {
            return "alert-success";
        }
        if (status === "walkin") {
            return "alert-info";
        }
        return "alert-danger";
    }
}

registry.category("actions").add("miy_agenda.checkin_desk", CheckinDesk);
