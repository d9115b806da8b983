import { registry } from "@web/core/registry";

const DASH = ".o_oms_dashboard";

registry.category("web_tour.tours").add("oms_dashboard_filters_tour", {
    steps: () => [
        {
            content: "The overview shows every channel's orders of today",
            trigger: `${DASH} .o_oms_today_channel:contains('Dasbor Shopee')`,
        },
        { trigger: `${DASH} .o_oms_today_channel:contains('Dasbor Web')` },
        {
            content: "Dates read in the user's language, not ISO",
            trigger: `${DASH} .o_oms_at_risk_late tbody tr td:nth-child(3):contains('/')`,
        },
        {
            content: "The date range is offered next to the 7/30 days",
            trigger: `${DASH} .o_oms_filter_dates input`,
        },
        {
            content: "Filter on one channel",
            trigger: `${DASH} select.o_oms_filter_channel`,
            run: "selectByLabel Dasbor Shopee",
        },
        {
            trigger: `${DASH}:not(:has(.o_oms_today_channel:contains('Dasbor Web')))`,
        },
        { trigger: `${DASH} .o_oms_today_channel:contains('Dasbor Shopee')` },
        {
            content: "A card opens its orders",
            trigger: `${DASH} .o_oms_kpi_card[data-kpi='orders']`,
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='channel_id']:contains('Dasbor Shopee')",
        },
        {
            content: "only the filtered channel's",
            trigger: ".o_list_view:not(:has(td[name='channel_id']:contains('Dasbor Web')))",
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Back on the overview",
            trigger: `${DASH} .o_oms_kpi_card[data-kpi='orders']`,
        },
    ],
});
