/** @odoo-module **/

import { registry } from "@web/core/registry";

// Walks screens given by the test (localStorage "miy_turkish_screens": [{name, url, ready, scope, click}]:
// scope, "body" unless given, is the part of the page checked; click, a selector clicked first) as a
// Turkish user and fails on English text shown on them. On each screen every tab of the form's
// notebooks is opened in turn. What is checked is what the user reads: document.body.innerText
// (input values and placeholders are not part of it; record data is the test's Turkish fixtures).
// Also checked on each screen: the page declares Turkish (<html lang="tr-TR">) and text shown in
// CSS uppercase keeps the dotted capital İ ("KİŞİ", not "KIŞI").

const SCREENS_KEY = "miy_turkish_screens";
const FINDINGS_KEY = "miy_turkish_findings";

// Common English words of a business UI. Matched as whole words, case-sensitive: a Turkish
// screen has none of them (Turkish words that happen to look alike, e.g. "Normal", "Profil",
// "Adres", are not in the list).
export const ENGLISH_WORDS = [
    "Address", "Addresses", "Customer", "Customers", "Supplier", "Suppliers", "Vendor",
    "Created", "created", "Records", "records", "Record", "Week", "Save", "Discard", "New",
    "Search", "Filters", "Filter", "Group By", "Favorites", "Rejected", "Imported", "Duplicate",
    "Linked", "Draft", "Done", "Cancel", "Cancelled", "Confirm", "Edit", "Delete", "Archive",
    "Archived", "Contact", "Contacts", "Company", "Companies", "Phone", "Phones", "Mobile", "Email",
    "Name", "Date", "Status", "Type", "Notes", "Note", "Tags", "Sales", "Invoiced", "Invoice",
    "Invoices", "Bill", "Bills", "Partner", "Partners", "Person", "Persons", "People",
    "Organization", "Organizations", "Interaction", "Interactions", "Follow-up", "Follow-ups",
    "Request", "Requests", "Mailing", "Mailings", "Settings", "Configuration", "Reporting",
    "Description", "Subject", "Reference", "Responsible", "Salesperson", "Team", "Activities",
    "Activity", "Send message", "Log note", "Followers", "Attachments", "Today", "Yesterday",
    "Tomorrow", "Upload", "Import", "Export", "Print", "Actions", "Close", "Closed", "Resolved",
    "Priority", "High", "Low", "Message", "Messages", "Language", "Languages", "Documents",
    "Relations", "Lifecycle", "Roles", "Criteria", "Segments", "Referrals", "Birthday", "Hobbies",
    "Education", "Street", "City", "Country", "Tax", "Taxes", "Total", "Amount", "Untaxed",
    "Payment", "Sent", "Opened", "Replied", "Bounced", "Recipients", "Generate Leads", "Leads",
    "Opportunities", "Demo SMS", "recorded", "not sent", "Mass Mailing", "Service Request",
    "Expected", "Found", "Warnings", "Warning", "Report", "File", "Files", "More", "Show", "Hide",
    "Loading", "Upcoming", "Overdue", "Late", "Planned", "Assigned", "Stage", "Stages", "Waiting",
    "Escalated", "Channel", "Reason", "Details", "Outcome", "Unread", "Home", "Sign out",
    "My Account", "Your", "your", "the", "and", "with", "from", "of", "is", "are", "not", "has",
    "have", "been", "this", "that", "was", "were",
];

// Proper names and product names that may contain a listed word.
export const ALLOWED = ["Powered by Odoo", "Odoo", "MİY", "UBL-TR", "e-Fatura", "e-Arşiv"];

// Odoo's own English on these screens that MİY cannot reach (untranslated in Odoo 18.0's own
// tr.po, outside any MİY view): listed in the root README, "Odoo's own English". Remove a line
// when Odoo translates it.
export const ODOO_GAPS = [
    "The conversation is empty.", // mail: an empty chatter
];

function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const PATTERNS = ENGLISH_WORDS.map((word) => [
    word,
    new RegExp(`(^|[^\\p{L}\\p{N}_-])${escapeRegExp(word)}(?=$|[^\\p{L}\\p{N}_-])`, "u"),
]);

export function visibleText(scope = "body") {
    let text = [...document.querySelectorAll(scope)].map((el) => el.innerText).join("\n");
    for (const allowed of [...ODOO_GAPS, ...ALLOWED]) {
        text = text.split(allowed).join(" ");
    }
    return text;
}

export function englishIn(text) {
    const found = [];
    for (const [word, pattern] of PATTERNS) {
        const match = pattern.exec(text);
        if (match) {
            const at = match.index + match[1].length;
            const context = text.slice(Math.max(0, at - 30), at + word.length + 30).replace(/\s+/g, " ");
            found.push(`"${word}" in "…${context}…"`);
        }
    }
    return found;
}

let uppercaseChecked = 0; // texts in CSS uppercase with an "i" checked on this page (logged)

function uppercaseProblems(scope) {
    const problems = [];
    for (const el of document.querySelectorAll(`${scope} *`)) {
        if (el.children.length || !el.textContent.trim() || !el.offsetParent) {
            continue;
        }
        if (getComputedStyle(el).textTransform !== "uppercase" || !/[iı]/.test(el.textContent)) {
            continue;
        }
        uppercaseChecked++;
        const shown = el.innerText.replace(/\s+/g, " ").trim();
        const expected = el.textContent.replace(/\s+/g, " ").trim().toLocaleUpperCase("tr-TR");
        if (shown !== expected) {
            problems.push(`uppercase "${el.textContent.trim()}" shown as "${shown}"`);
        }
    }
    return problems;
}

export function screenProblems(scope = "body") {
    const problems = [];
    const lang = document.documentElement.lang || "";
    if (!lang.toLowerCase().startsWith("tr")) {
        problems.push(`<html lang="${lang}">: the page does not say it is Turkish`);
    }
    problems.push(...uppercaseProblems(scope));
    problems.push(...englishIn(visibleText(scope)));
    return problems;
}

function record(screen, problems, seen) {
    const fresh = problems.filter((problem) => !seen.has(problem));
    if (!fresh.length) {
        return;
    }
    fresh.forEach((problem) => seen.add(problem));
    const findings = JSON.parse(localStorage.getItem(FINDINGS_KEY) || "[]");
    findings.push(`${screen}: ${fresh.join("; ")}`);
    localStorage.setItem(FINDINGS_KEY, JSON.stringify(findings));
}

function nextFrames() {
    return new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 150));
}

async function checkWithTabs(screen, scope) {
    const seen = new Set();
    record(screen, screenProblems(scope), seen);
    const tabs = [...document.querySelectorAll(".o_form_view .o_notebook_headers .nav-link")];
    for (const tab of tabs) {
        if (!tab.offsetParent) {
            continue;
        }
        tab.click();
        for (let i = 0; i < 20 && !tab.classList.contains("active"); i++) {
            await nextFrames();
        }
        await nextFrames();
        record(`${screen} › ${tab.innerText.trim()}`, screenProblems(scope), seen);
    }
}

registry.category("web_tour.tours").add("miy_turkish_screens_tour", {
    steps: () => {
        const screens = JSON.parse(localStorage.getItem(SCREENS_KEY) || "[]");
        const steps = [];
        for (const screen of screens) {
            steps.push(
                {
                    content: `Open ${screen.name}`,
                    trigger: "body",
                    run: `goToUrl ${screen.url}`,
                },
                ...(screen.click
                    ? [{ content: `Go to ${screen.name}`, trigger: screen.click, run: "click" }]
                    : []),
                {
                    content: `${screen.name} is shown`,
                    trigger: screen.ready,
                },
                {
                    content: `No English on ${screen.name}`,
                    trigger: screen.ready,
                    async run() {
                        await checkWithTabs(screen.name, screen.scope || "body");
                        console.info(`${screen.name}: ${uppercaseChecked} uppercase texts with an i checked`);
                    },
                }
            );
        }
        steps.push({
            content: "Report the English found",
            trigger: "body",
            run() {
                const findings = JSON.parse(localStorage.getItem(FINDINGS_KEY) || "[]");
                localStorage.removeItem(FINDINGS_KEY);
                localStorage.removeItem(SCREENS_KEY);
                if (findings.length) {
                    throw new Error(`English on Turkish screens:\n${findings.join("\n")}`);
                }
            },
        });
        return steps;
    },
});
