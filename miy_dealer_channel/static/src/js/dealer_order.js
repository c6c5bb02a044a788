/** @odoo-module **/

// Dealer order page: Ctrl+Enter (or Cmd+Enter) in the quick-order box checks the lines, as the
// "Check lines" button does; Enter in a quantity field checks too (the form's first button).
document.addEventListener("keydown", (ev) => {
    const box = ev.target.closest && ev.target.closest("textarea.o_miy_dealer_order_text");
    if (!box || ev.key !== "Enter" || !(ev.ctrlKey || ev.metaKey)) {
        return;
    }
    const button = box.form && box.form.querySelector("button.o_miy_dealer_order_check");
    if (button) {
        ev.preventDefault();
        button.click();
    }
});
