import { registry } from "@web/core/registry";

// The return (RMA) form offers one primary action per state.
function primaryButtons() {
    return [...document.querySelectorAll(".o_form_view .o_statusbar_buttons .btn-primary")].filter(
        (button) => button.offsetParent !== null
    );
}

function checkPrimary(expectedName) {
    const buttons = primaryButtons();
    const names = buttons.map((button) => button.getAttribute("name"));
    if (expectedName ? names.join() !== expectedName : buttons.length > 1) {
        throw new Error(
            `Primary actions: [${names.join(", ")}], expected ${expectedName || "at most one"}`
        );
    }
}

registry.category("web_tour.tours").add("oms_rma_form_draft_tour", {
    steps: () => [
        {
            content: "A draft return: the one primary action is Confirm",
            trigger: ".o_form_view .o_statusbar_status:has(button.o_arrow_button_current:contains('Draft'))",
            run: () => checkPrimary("action_confirm"),
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Confirmed: waiting for the parcel, at most one primary action",
            trigger: ".o_form_view .o_statusbar_status:has(button.o_arrow_button_current:contains('Confirmed'))",
            run: () => checkPrimary(null),
        },
    ],
});

registry.category("web_tour.tours").add("oms_rma_form_received_tour", {
    steps: () => [
        {
            content: "Received and graded, not inspected yet: the one primary action applies the disposition",
            trigger: ".o_form_view .o_statusbar_status:has(button.o_arrow_button_current:contains('Received'))",
            run: () => checkPrimary("action_oms_apply_disposition"),
        },
        {
            content: "No refund before the inspection",
            trigger: ".o_form_view .o_statusbar_buttons",
            run() {
                const refund = [...this.anchor.querySelectorAll("button.btn-primary")].filter(
                    (button) => button.getAttribute("name") === "action_refund"
                );
                if (refund.length) {
                    throw new Error("Refund is a primary action before the inspection");
                }
            },
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_oms_apply_disposition']",
            run: "click",
        },
        {
            content: "Inspected: the disposition is done, at most one primary action",
            trigger:
                ".o_form_view:has(.o_field_widget[name='disposition_done'] input:checked) .o_statusbar_buttons",
            run: () => checkPrimary(null),
        },
    ],
});
