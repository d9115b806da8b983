import { registry } from "@web/core/registry";

// A customer on a phone: opens a delivered order, returns two of its six shirts,
// sees the approved return with the address to send it to and the slip to print.
registry.category("web_tour.tours").add("oms_returns_portal_tour", {
    steps: () => [
        {
            content: "Open the delivered order",
            trigger: ".o_portal_my_doc_table a[href*='/my/orders/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Our return entry, not OCA's dialog",
            trigger: "a.o_oms_return_items",
            run() {
                if (document.querySelector("#modal-request-rma, #request_rma_button")) {
                    throw new Error("OCA's 'Request RMAs' is still on the order page");
                }
            },
        },
        {
            trigger: "a.o_oms_return_items",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Six delivered: six returnable, shown as a whole number",
            trigger: ".o_oms_return_form .o_oms_returnable_qty:contains('6')",
            run() {
                const shown = this.anchor.textContent.trim();
                if (shown !== "6") {
                    throw new Error(`Returnable quantity shown as "${shown}", not "6"`);
                }
            },
        },
        {
            content: "Return two shirts",
            trigger: ".o_oms_return_form input[name^='qty-']",
            run: "edit 2",
        },
        {
            content: "They do not fit",
            trigger: ".o_oms_return_form select[name^='reason-']",
            run: "selectByLabel Size / fit",
        },
        {
            trigger: ".o_oms_return_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Approved at once (automatic policy): where to send the parcel",
            trigger: ".o_oms_return_approved",
        },
        {
            trigger: ".o_oms_return_address:contains('Jl. Soekarno-Hatta 88')",
        },
        {
            trigger: ".o_oms_return_qty:contains('2 Units')",
        },
        {
            content: "The slip to print",
            trigger: "a.o_oms_return_slip[href$='/slip']",
        },
        {
            content: "The return is listed under Returns",
            trigger: ".breadcrumb a[href='/my/returns']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_portal_my_doc_table a[href^='/my/returns/']:contains('RET/')",
        },
    ],
});
