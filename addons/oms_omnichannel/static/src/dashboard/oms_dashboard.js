import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { OmsSetupChecklist } from "./oms_setup_checklist";

const CHART_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** A Chart.js canvas; Chart.js is the library Odoo's graph view lazy-loads. */
export class OmsChart extends Component {
    static template = "oms_omnichannel.OmsChart";
    static props = { config: Object, height: { type: Number, optional: true } };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => {
                this.chart?.destroy();
                // eslint-disable-next-line no-undef
                this.chart = new Chart(this.canvasRef.el, this.props.config);
            },
            () => [this.props.config]
        );
        onWillUnmount(() => this.chart?.destroy());
    }
}

export class OmsDashboard extends Component {
    static template = "oms_omnichannel.OmsDashboard";
    static components = { OmsChart, OmsSetupChecklist };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, period: "7" });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("oms.dashboard", "get_dashboard_data", []);
        this.buildCharts();
    }

    buildCharts() {
        const data = this.state.data;
        this.dailyChart = {
            type: "bar",
            data: {
                labels: data.daily.labels,
                datasets: data.daily.series.map((serie, index) => ({
                    label: serie.label,
                    data: serie.data,
                    backgroundColor: CHART_COLORS[index % CHART_COLORS.length],
                })),
            },
            options: {
                maintainAspectRatio: false,
                scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
            },
        };
        const statuses = data.today_orders.by_status;
        this.statusChart = {
            type: "doughnut",
            data: {
                labels: statuses.map((s) => s.label),
                datasets: [
                    {
                        data: statuses.map((s) => s.count),
                        backgroundColor: statuses.map((s, i) => CHART_COLORS[i % CHART_COLORS.length]),
                    },
                ],
            },
            options: { maintainAspectRatio: false },
        };
        this.reasonChart = {
            type: "bar",
            data: {
                labels: data.return_reasons.map((r) => r.reason),
                datasets: [
                    {
                        label: _t("Returns"),
                        data: data.return_reasons.map((r) => r.count),
                        backgroundColor: CHART_COLORS[2],
                    },
                ],
            },
            options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } } },
        };
    }

    get todayByChannel() {
        const channels = {};
        for (const row of this.state.data.today_orders.rows) {
            const channel = (channels[row.channel] ||= { name: row.channel, total: 0, statuses: [] });
            channel.total += row.count;
            channel.statuses.push(row);
        }
        return Object.values(channels);
    }

    get cards() {
        const period = this.state.data.kpis[this.state.period];
        return this.state.data.kpi_cards.map((card) => {
            const current = period.current[card.key];
            const previous = period.previous[card.key];
            let trend = null;
            if (current !== null && current !== undefined && previous) {
                trend = ((current - previous) / Math.abs(previous)) * 100;
            }
            const good = trend === null || trend === 0 ? null : trend > 0 === card.higher_is_better;
            return {
                ...card,
                value: this.format(current, card.unit),
                previous: this.format(previous, card.unit),
                trend: trend === null ? "" : `${trend > 0 ? "▲" : "▼"} ${Math.abs(trend).toFixed(1)}%`,
                trendClass: good === null ? "text-muted" : good ? "text-success" : "text-danger",
            };
        });
    }

    format(value, unit) {
        if (value === null || value === undefined) {
            return "–";
        }
        if (unit === "percent") {
            return `${value.toFixed(1)}%`;
        }
        if (unit === "hours") {
            return `${value.toFixed(1)} h`;
        }
        if (unit === "amount") {
            return `${Math.round(value).toLocaleString()} ${this.state.data.currency}`;
        }
        return String(value);
    }

    setPeriod(period) {
        this.state.period = period;
    }

    openOrders(ids, name) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: "sale.order",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [["id", "in", ids]],
        });
    }

    openOrder(id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "sale.order",
            res_id: id,
            views: [[false, "form"]],
        });
    }

    openReport(xmlid) {
        this.action.doAction(xmlid);
    }

    async refresh() {
        await this.load();
    }
}

registry.category("actions").add("oms_omnichannel.dashboard", OmsDashboard);
