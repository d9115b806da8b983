import { registry } from "@web/core/registry";

const STRATEGIES = ".o_form_view .o_oms_strategies";

registry.category("web_tour.tours").add("oms_channel_config_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Sourcing')",
            run: "click",
        },
        {
            content: "The strategies are an ordered list, not a text",
            trigger: `${STRATEGIES} li[data-strategy='nearest']:contains('3')`,
        },
        {
            content: "Switch on 'most capacity left': it comes last",
            trigger: `${STRATEGIES} li[data-strategy='capacity'] input.o_oms_strategy_toggle`,
            run: "click",
        },
        {
            trigger: `${STRATEGIES} li[data-strategy='capacity'] .badge:contains('4')`,
        },
        {
            content: "Nearest before single shipment",
            trigger: `${STRATEGIES} li[data-strategy='nearest'] .o_oms_strategy_up`,
            run: "click",
        },
        {
            trigger: `${STRATEGIES} li[data-strategy='nearest'] .badge:contains('2')`,
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The chatter tells who changed the sourcing",
            trigger: ".o-mail-Message:contains('in_stock,nearest,single_source,capacity')",
        },
    ],
});
