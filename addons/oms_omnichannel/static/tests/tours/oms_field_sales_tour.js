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

registry.category("web_tour.tours").add("oms_field_sales_tour", {
    steps: () => [
        {
            content: "The screen opens on a phone, with no sideways scrolling",
            trigger: ".o_oms_field_sales .o_oms_fs_customer_input",
            run: noHorizontalScroll,
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
            content: "The total counts both lines",
            trigger: ".o_oms_fs_total:contains('250,000.00')",
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
            trigger: ".o_oms_fs_result .o_oms_fs_status",
            run: noHorizontalScroll,
        },
    ],
});
