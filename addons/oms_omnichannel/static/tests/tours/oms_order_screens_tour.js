import { registry } from "@web/core/registry";

const BANNER = ".o_form_view .o_oms_hold_banner";

registry.category("web_tour.tours").add("oms_order_screens_tour", {
    steps: () => [
        {
            content: "The Omnichannel list shows channel, status, payment, tracking, promise",
            trigger: ".o_list_view th[data-name='channel_id']",
        },
        { trigger: ".o_list_view th[data-name='payment_status']" },
        { trigger: ".o_list_view .o_data_row:contains('Budi Santoso')" },
        { trigger: ".o_list_view th[data-name='oms_tracking_refs']" },
        { trigger: ".o_list_view th[data-name='oms_promised_ship_date']" },
        {
            content: "A search panel by channel and status",
            trigger: ".o_search_panel .o_search_panel_category_value:contains('Toko Layar')",
        },
        {
            trigger: ".o_search_panel .o_search_panel_filter_value:contains('On Hold') input",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Rina Wulandari')",
        },
        {
            content: "Only the held orders are listed",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Budi Santoso')))",
        },
        {
            trigger: ".o_search_panel .o_search_panel_filter_value:contains('On Hold') input",
            run: "click",
        },
        {
            content: "All orders again",
            trigger: ".o_list_view .o_data_row:contains('Budi Santoso')",
        },
        {
            content: "Select Budi's order",
            trigger: ".o_list_view .o_data_row:contains('Budi Santoso') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "and cancel it from the list, with a reason",
            trigger: "button[name='action_oms_cancel_orders']",
            run: "click",
        },
        {
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Customer changed their mind",
        },
        {
            trigger: ".modal-footer button[name='action_apply']:contains('Cancel')",
            run: "click",
        },
        {
            trigger:
                ".o_list_view .o_data_row:contains('Budi Santoso') td[name='oms_status']:contains('Cancelled')",
        },
        {
            content: "The kanban follows the life cycle",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Received')) + .o_kanban_group .o_column_title:contains('On Hold')",
        },
        {
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('On Hold')) + .o_kanban_group .o_column_title:contains('Confirmed')",
        },
        {
            content: "no quick-create of an order in a column",
            trigger: ".o_kanban_view:not(:has(.o_kanban_quick_add))",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the order held for stock",
            trigger: ".o_list_view .o_data_row:contains('Rina Wulandari') td[name='partner_id']",
            run: "click",
        },
        {
            content: "One banner says which product is short, by how much, and where it ships",
            trigger: `${BANNER}:contains('Sarung Tenun Ikat: 7 Units ordered, 4 free')`,
        },
        { trigger: `${BANNER}:contains('Bandung')` },
        {
            trigger: ".o_form_view:not(:has(.alert-danger:contains('There are exceptions')))",
        },
        {
            content: "Release Hold is the one primary action; no Confirm, no second Cancel",
            trigger: ".o_form_statusbar button.btn-primary[name='action_oms_release_hold']",
        },
        {
            trigger:
                ".o_form_statusbar:not(:has(button[name='action_confirm'])):not(:has(button[name='action_cancel']))",
        },
        {
            trigger: ".o_form_statusbar .o_statusbar_buttons:not(:has(.btn-primary ~ .btn-primary))",
        },
        {
            content: "The chatter says why the order is held",
            trigger: ".o-mail-Message:contains('Order put on hold')",
        },
    ],
});
