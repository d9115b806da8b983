import { registry } from "@web/core/registry";

const STATUS = ".o_form_view .o_field_widget[name='oms_status']";

registry.category("web_tour.tours").add("oms_pickup_reorder_tour", {
    steps: () => [
        {
            content: "The store has the order: tell the customer",
            trigger: ".o_form_view button[name='action_oms_ready_for_pickup']",
            run: "click",
        },
        {
            trigger: `${STATUS}:contains('Ready for Pickup')`,
        },
        {
            trigger: ".o_form_view .alert-info:contains('Ready for pickup')",
        },
        {
            content: "The customer collects it",
            trigger: ".o_form_view button[name='action_oms_confirm_pickup']",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(button[name='action_oms_confirm_pickup']))",
        },
        {
            trigger: `${STATUS}:not(:contains('Ready'))`,
        },
        {
            content: "Place the same order again",
            trigger: ".o_form_view button[name='action_oms_reorder']",
            run: "click",
        },
        {
            content: "The repeat order opens: a new pickup order, being prepared",
            trigger: ".o_form_view button[name='action_oms_ready_for_pickup']",
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Order Type')",
            run: "click",
        },
        {
            content: "It says which order it repeats",
            trigger: ".o_form_view .o_field_widget[name='oms_reorder_of_id']:contains('S0')",
        },
    ],
});

registry.category("web_tour.tours").add("oms_release_hold_tour", {
    steps: () => [
        {
            trigger: `${STATUS}:contains('On Hold')`,
        },
        {
            content: "A manager releases the hold",
            trigger: ".o_form_view button[name='action_oms_release_hold']",
            run: "click",
        },
        {
            content: "with a reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Customer confirmed the order by phone",
        },
        {
            trigger: ".modal-footer button[name='action_apply']:contains('Release')",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
        {
            trigger: ".o_form_view:not(:has(button[name='action_oms_release_hold']))",
        },
    ],
});
