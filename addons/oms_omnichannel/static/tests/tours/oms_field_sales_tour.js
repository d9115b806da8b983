import { registry } from "@web/core/registry";

function noHorizontalScroll() {
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) {
        throw new Error(`page scrolls sideways: ${root.scrollWidth} > ${window.innerWidth}`);
    }
    const screen = document.querySelector(".o_oms_field_sales");
    if (screen.scrollWidth > screen.clientWidth) {
        throw new Error(`screen scrolls sideways: ${screen.scrollWidth} > ${screen.clientWidth}`);
    }
}

const REFERENCE = /^FS-AGUS-\d{5}$/;
let firstReference = "";

function selectedAddress(select) {
    return select.selectedOptions[0]?.textContent || "";
}

registry.category("web_tour.tours").add("oms_field_sales_tour", {
    steps: () => [
        {
            content: "The screen opens on a phone, with no sideways scrolling",
            trigger: ".o_oms_field_sales .o_oms_fs_customer_input",
            run: noHorizontalScroll,
        },
        {
            content: "The order has a readable reference: the agent and a number",
            trigger: ".o_oms_fs_reference",
            run() {
                firstReference = this.anchor.textContent.trim();
                if (!REFERENCE.test(firstReference)) {
                    throw new Error(`reference ${firstReference}`);
                }
            },
        },
        {
            content: "Search the customer",
            trigger: ".o_oms_field_sales .o_oms_fs_customer_input",
            run: "edit Warung Bu",
        },
        {
            content: "Pick the customer",
            trigger: ".o_oms_fs_customer_option:contains('Warung Bu Sri')",
            run: "click",
        },
        {
            trigger: ".o_oms_fs_customer_name:contains('Warung Bu Sri')",
        },
        {
            content: "The customer's delivery address is proposed",
            trigger: ".o_oms_fs_address",
            run() {
                const text = selectedAddress(this.anchor);
                if (!text.includes("Gudang Bu Sri") || !text.includes("Jl. Raya Bogor 12")) {
                    throw new Error(`delivery address ${text}`);
                }
            },
        },
        {
            content: "Search a product by name",
            trigger: ".o_oms_fs_product_input",
            run: "edit kopi",
        },
        {
            content: "Add it from the results",
            trigger: ".o_oms_fs_product_option[data-sku='FS-KOPI']",
            run: "click",
        },
        {
            content: "The line shows the channel's ATP",
            trigger: ".o_oms_fs_line[data-sku='FS-KOPI'] .o_oms_fs_atp:contains('ATP 10')",
        },
        {
            content: "One more with the stepper",
            trigger: ".o_oms_fs_line[data-sku='FS-KOPI'] .o_oms_fs_plus",
            run: "click",
        },
        {
            trigger: ".o_oms_fs_line[data-sku='FS-KOPI'] .o_oms_fs_qty",
            run() {
                if (this.anchor.value !== "2") {
                    throw new Error(`quantity ${this.anchor.value}, expected 2`);
                }
            },
        },
        {
            content: "Scan a barcode: the scanner types the code and Enter",
            trigger: ".o_oms_fs_product_input",
            run: "edit 8991234567890",
        },
        {
            trigger: ".o_oms_fs_product_input",
            run: "press Enter",
        },
        {
            content: "The scanned product is a line, with its ATP",
            trigger: ".o_oms_fs_line[data-sku='FS-TEH'] .o_oms_fs_atp:contains('ATP 5')",
        },
        {
            content: "The total counts both lines, in the channel's currency",
            trigger: ".o_oms_fs_total:contains('250,000.00'):contains('IDR')",
        },
        {
            content: "Still no sideways scrolling with lines",
            trigger: ".o_oms_fs_submit:enabled",
            run: noHorizontalScroll,
        },
        {
            content: "Submit",
            trigger: ".o_oms_fs_submit:enabled",
            run: "click",
        },
        {
            content: "The order name and its OMS status are shown",
            trigger: ".o_oms_fs_result .o_oms_fs_order_name:contains('S0')",
        },
        {
            content: "The screen says what happens next",
            trigger: ".o_oms_fs_result .o_oms_fs_next_step:contains('The goods are reserved in')",
        },
        {
            content: "The total is still in IDR, the reference the one shown before",
            trigger: ".o_oms_fs_result .o_oms_fs_result_total:contains('250,000.00'):contains('IDR')",
            run() {
                const shown = document.querySelector(".o_oms_fs_result_reference").textContent;
                if (shown.trim() !== firstReference) {
                    throw new Error(`reference ${shown}, expected ${firstReference}`);
                }
            },
        },
        {
            trigger: ".o_oms_fs_result .o_oms_fs_result_address:contains('Jl. Raya Bogor 12')",
            run: noHorizontalScroll,
        },
        {
            content: "Next order",
            trigger: ".o_oms_fs_result .o_oms_fs_new",
            run: "click",
        },
        {
            content: "A new reference",
            trigger: ".o_oms_fs_reference",
            run() {
                const reference = this.anchor.textContent.trim();
                if (!REFERENCE.test(reference) || reference === firstReference) {
                    throw new Error(`reference ${reference} after ${firstReference}`);
                }
            },
        },
        {
            content: "A customer met on the road: add them",
            trigger: ".o_oms_fs_new_customer",
            run: "click",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_cf_name",
            run: "edit Toko Maju Jaya",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_cf_phone",
            run: "edit 0812-9999-8888",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_cf_street",
            run: "edit Jl. Merdeka 7",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_cf_city",
            run: "edit Bogor",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_cf_province",
            run: "edit Jawa Barat",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_cf_zip",
            run: "edit 16121",
        },
        {
            trigger: ".o_oms_fs_customer_form .o_oms_fs_save_customer",
            run: "click",
        },
        {
            content: "The new customer is the order's, delivered to the address entered",
            trigger: ".o_oms_fs_customer_name:contains('Toko Maju Jaya')",
        },
        {
            trigger: ".o_oms_fs_address",
            run() {
                const text = selectedAddress(this.anchor);
                if (!text.includes("Jl. Merdeka 7")) {
                    throw new Error(`delivery address ${text}`);
                }
                noHorizontalScroll();
            },
        },
    ],
});
