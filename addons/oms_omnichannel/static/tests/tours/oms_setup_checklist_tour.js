import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oms_setup_checklist_tour", {
    steps: () => [
        {
            content: "The dashboard shows the setup checklist; the company step is ticked",
            trigger: ".o_oms_setup_checklist .o_oms_setup_step.o_oms_setup_done[data-step='company']",
        },
        {
            content: "Channels are still to do: open their screen from the checklist",
            trigger:
                ".o_oms_setup_checklist .o_oms_setup_step:not(.o_oms_setup_done)[data-step='channels'] .o_oms_setup_link",
            run: "click",
        },
        {
            content: "The channels list is open",
            trigger: ".o_breadcrumb:contains('Channels')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Hide the checklist",
            trigger: ".o_oms_setup_checklist .o_oms_setup_dismiss",
            run: "click",
        },
        {
            content: "The checklist is gone, the dashboard stays",
            trigger: ".o_oms_dashboard .o_oms_kpi_cards:not(:has(.o_oms_setup_checklist))",
        },
        {
            trigger: ".o_oms_dashboard:not(:has(.o_oms_setup_checklist))",
        },
    ],
});
