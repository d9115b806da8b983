import { registry } from "@web/core/registry";

// Omnichannel > Configuration > Warehouses: the warehouse's OMS settings on the
// Omnichannel tab of its form, each with its help, changed and saved.
registry.category("web_tour.tours").add("oms_warehouse_form_tour", {
    steps: () => [
        {
            content: "The list shows the sourcing settings",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('Gudang Surabaya')",
            run: "click",
        },
        {
            content: "The Omnichannel tab of the warehouse form",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Omnichannel')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .tab-pane.active .o_horizontal_separator:contains('Sourcing')",
        },
        {
            trigger: ".o_form_view .o_notebook .tab-pane.active .o_horizontal_separator:contains('Promise')",
        },
        {
            content: "Each setting explains itself (help tooltip)",
            trigger: ".o_form_view .o_notebook .tab-pane.active label:contains('Daily Order Capacity') sup",
        },
        {
            content: "40 orders a day at most",
            trigger: ".o_form_view .o_field_widget[name='oms_daily_capacity'] input",
            run: "edit 40",
        },
        {
            content: "Orders after 15:00 ship the next working day",
            trigger: ".o_form_view .o_field_widget[name='oms_cutoff_hour'] input",
            run: "edit 15:00",
        },
        {
            // saving a warehouse reloads the web client (stock's warehouse form)
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the warehouse form after the reload",
            trigger: ".o_form_view .o_notebook",
        },
    ],
});
