import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { DateTimeInput } from "@web/core/datetime/datetime_input";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
    serializeDate,
    serializeDateTime,
} from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { OmsSetupChecklist } from "./oms_setup_checklist";

/** Colours a channel keeps whatever other channels exist: picked by the channel's
 * own colour index, else its id (server side: _oms_dashboard_channels). */
export const CHANNEL_PALETTE = [
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
    "#9c755f", "#ff9da7", "#86bcb6", "#d4a6c8", "#8cd17d", "#499894",
];

/** Colours of the life cycle: blues while the warehouse works on the order, teal
 * on the road, green when delivered; red only where someone must act (on hold),
 * grey for what stopped. */
export const STATUS_COLORS = {
    received: "#9ecae1",
    on_hold: "#d62728",
    confirmed: "#6baed6",
    partially_allocated: "#4292c6",
    allocated: "#2171b5",
    picking: "#08519c",
    packed: "#08306b",
    ready_for_pickup: "#17becf",
    partially_shipped: "#76b7b2",
    shipped: "#1b9e77",
    delivered: "#31a354",
    done: "#006d2c",
    cancelled: "#bdbdbd",
    partially_returned: "#c49c94",
    returned: "#8c564b",
};

export function channelColor(channel) {
    const index = channel ? channel.color || channel.id || 0 : 0;
    return channel ? CHANNEL_PALETTE[index % CHANNEL_PALETTE.length] : "#bab0ac";
}

// extra domain of a KPI card on the orders of the period (the card opens them)
const CARD_DOMAINS = {
    cancel_rate: [["state", "=", "cancel"]],
    split_rate: [["oms_sourcing_outcome", "=", "split"]],
};

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
    static components = { OmsChart, DateTimeInput, OmsSetupChecklist };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            data: null,
            period: "7",
            filters: { channel_ids: [], warehouse_ids: [], date_from: false, date_to: false },
        });
        onWillStart(() => this.load());
    }

    async load() {
        const filters = this.state.filters;
        const data = await this.orm.call("oms.dashboard", "get_dashboard_data", [], {
            filters: {
                channel_ids: filters.channel_ids,
                warehouse_ids: filters.warehouse_ids,
                date_from: filters.date_from ? serializeDate(filters.date_from) : false,
                date_to: filters.date_to ? serializeDate(filters.date_to) : false,
            },
        });
        this.channelsById = Object.fromEntries(data.channels.map((c) => [c.id, c]));
        if (data.filters.range) {
            this.state.period = "range";
        } else if (this.state.period === "range") {
            this.state.period = "7";
        }
        this.state.data = data;
        this.buildCharts();
    }

    buildCharts() {
        const data = this.state.data;
        this.dailyChart = {
            type: "bar",
            data: {
                labels: data.daily.labels.map((day) => this.formatDay(day)),
                datasets: data.daily.series.map((serie) => ({
                    label: serie.label,
                    data: serie.data,
                    backgroundColor: channelColor(this.channelsById[serie.channel_id]),
                })),
            },
            options: {
                maintainAspectRatio: false,
                // order counts: whole numbers on the axis
                scales: {
                    x: { stacked: true },
                    y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
                },
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
                        backgroundColor: statuses.map((s) => STATUS_COLORS[s.status] || "#bab0ac"),
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
                        backgroundColor: STATUS_COLORS.returned,
                    },
                ],
            },
            options: {
                indexAxis: "y",
                maintainAspectRatio: false,
                plugins: { legend: { display: false } },
                scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
            },
        };
    }

    get todayByChannel() {
        const channels = {};
        for (const row of this.state.data.today_orders.rows) {
            const key = row.channel_id || 0;
            const channel = (channels[key] ||= {
                id: row.channel_id,
                name: row.channel,
                color: channelColor(this.channelsById[row.channel_id]),
                total: 0,
                statuses: [],
            });
            channel.total += row.count;
            channel.statuses.push({ ...row, color: STATUS_COLORS[row.status] || "#bab0ac" });
        }
        return Object.values(channels);
    }

    get periodKpis() {
        return this.state.data.kpis[this.state.period] || Object.values(this.state.data.kpis)[0];
    }

    get cards() {
        const period = this.periodKpis;
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
                trend:
                    trend === null
                        ? ""
                        : `${trend > 0 ? "▲" : "▼"} ${formatFloat(Math.abs(trend), { digits: [0, 1] })}%`,
                trendClass: good === null ? "text-muted" : good ? "text-success" : "text-danger",
            };
        });
    }

    get periodLabel() {
        const period = this.periodKpis;
        return `${this.formatDay(period.date_from)} – ${this.formatDay(period.date_to)}`;
    }

    format(value, unit) {
        if (value === null || value === undefined) {
            return "–";
        }
        if (unit === "percent") {
            return `${formatFloat(value, { digits: [0, 1] })}%`;
        }
        if (unit === "hours") {
            return `${formatFloat(value, { digits: [0, 1] })} h`;
        }
        if (unit === "amount") {
            return formatMonetary(value, {
                currencyId: this.state.data.currency_id,
                digits: [0, 0],
            });
        }
        return formatInteger(value);
    }

    formatCount(value) {
        return formatInteger(value || 0);
    }

    formatDay(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    formatMoment(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    // ------------------------------------------------------------------
    // filters
    // ------------------------------------------------------------------
    async setPeriod(period) {
        const filters = this.state.filters;
        if (filters.date_from || filters.date_to) {
            filters.date_from = false;
            filters.date_to = false;
            this.state.period = period;
            await this.load();
        }
        this.state.period = period;
    }

    async setDate(key, value) {
        this.state.filters[key] = value || false;
        await this.load();
    }

    async setChannel(ev) {
        const id = parseInt(ev.target.value);
        this.state.filters.channel_ids = id ? [id] : [];
        await this.load();
    }

    async setWarehouse(ev) {
        const id = parseInt(ev.target.value);
        this.state.filters.warehouse_ids = id ? [id] : [];
        await this.load();
    }

    get rangeFrom() {
        return this.state.filters.date_from || deserializeDate(this.periodKpis.date_from);
    }

    get rangeTo() {
        return this.state.filters.date_to || deserializeDate(this.periodKpis.date_to);
    }

    /** Domain of the channel and warehouse filters on sale orders. */
    filterDomain() {
        const filters = this.state.filters;
        const domain = [];
        if (filters.channel_ids.length) {
            domain.push(["channel_id", "in", filters.channel_ids]);
        }
        if (filters.warehouse_ids.length) {
            domain.push(["warehouse_id", "in", filters.warehouse_ids]);
        }
        return domain;
    }

    /** Domain of the orders of the period shown (dates of the user's day). */
    periodDomain() {
        const period = this.periodKpis;
        const start = deserializeDate(period.date_from).startOf("day");
        const end = deserializeDate(period.date_to).plus({ days: 1 }).startOf("day");
        return [
            ["date_order", ">=", serializeDateTime(start)],
            ["date_order", "<", serializeDateTime(end)],
        ];
    }

    // ------------------------------------------------------------------
    // navigation: every figure opens its orders
    // ------------------------------------------------------------------
    openOrders(domain, name) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: "sale.order",
            views: [
                [this.state.data.order_list_view_id || false, "list"],
                [false, "form"],
            ],
            domain,
            context: { create: false },
        });
    }

    openKpi(card) {
        this.openOrders(
            [...this.periodDomain(), ...this.filterDomain(), ...(CARD_DOMAINS[card.key] || [])],
            `${card.label} (${this.periodLabel})`
        );
    }

    openToday(channelId, status) {
        const today = deserializeDate(this.state.data.today).startOf("day");
        const domain = [["date_order", ">=", serializeDateTime(today)], ...this.filterDomain()];
        domain.push(["channel_id", "=", channelId || false]);
        if (status) {
            domain.push(["oms_status", "=", status]);
        }
        this.openOrders(domain, _t("Today's orders"));
    }

    get lateTitle() {
        return _t("Late orders");
    }

    get heldTitle() {
        return _t("Long holds");
    }

    openIds(ids, name) {
        this.openOrders([["id", "in", ids]], name);
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
