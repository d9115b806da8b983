import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oms_returns_report_tour", {
    steps: () => [
        {
            content: "The Omnichannel Overview shows the top return reasons block",
            trigger: ".o_oms_dashboard .o_oms_kpi_card[data-kpi='orders']",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            content: "Open the Returns report",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Returns')",
            run: "click",
        },
        {
            content: "The returns pivot is displayed",
            trigger: ".o_action_manager .o_pivot_view",
        },
        {
            trigger: ".o_breadcrumb:contains('Returns')",
        },
    ],
});
