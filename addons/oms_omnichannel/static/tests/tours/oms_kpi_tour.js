import { registry } from "@web/core/registry";

function openReport(menu, viewClass) {
    return [
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            content: `Open ${menu}`,
            trigger: `.o-dropdown--menu .dropdown-item:contains('${menu}')`,
            run: "click",
        },
        {
            content: `${menu} is displayed`,
            trigger: `.o_breadcrumb:contains('${menu}')`,
        },
        {
            trigger: `.o_action_manager ${viewClass}`,
        },
    ];
}

registry.category("web_tour.tours").add("oms_kpi_tour", {
    steps: () => [
        {
            content: "The Omnichannel Overview opens with its KPI cards",
            trigger: ".o_oms_dashboard .o_oms_kpi_card[data-kpi='on_time_ship_rate']",
        },
        {
            trigger: ".o_oms_dashboard .o_oms_kpi_card[data-kpi='orders'] .o_oms_kpi_value:contains('1')",
        },
        {
            content: "The orders-per-day chart is drawn",
            trigger: ".o_oms_dashboard .o_oms_chart canvas",
        },
        {
            content: "Switch to the 30-day KPIs",
            trigger: ".o_oms_dashboard .o_oms_period_30",
            run: "click",
        },
        {
            trigger: ".o_oms_dashboard .o_oms_period_30.active",
        },
        ...openReport("Order KPIs", ".o_pivot_view"),
        ...openReport("Processing Times", ".o_graph_view"),
        ...openReport("Fill Rate & Backorders", ".o_pivot_view"),
        ...openReport("Holds", ".o_pivot_view"),
        ...openReport("Warehouse Load", ".o_graph_view"),
    ],
});
