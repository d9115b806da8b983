import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The channel's sourcing strategies as an ordered list: each strategy can be
 * switched on or off and moved up or down. The stored value stays the
 * comma-separated text the sourcing reads ("in_stock,single_source,nearest"),
 * enabled strategies in their order (tools/sourcing.py, STRATEGIES).
 */
export function strategyLabels() {
    return {
        in_stock: {
            label: _t("In stock"),
            help: _t("Leave out warehouses that can fill none of the order's lines."),
        },
        single_source: {
            label: _t("Single shipment"),
            help: _t("Prefer a warehouse that can fill the whole order."),
        },
        nearest: {
            label: _t("Nearest"),
            help: _t("Prefer the warehouse closest to the customer."),
        },
        cheapest: {
            label: _t("Cheapest shipping"),
            help: _t("Prefer the lowest shipping cost to the customer."),
        },
        capacity: {
            label: _t("Most capacity left"),
            help: _t("Prefer the warehouse with the most daily order capacity left."),
        },
    };
}

export function parseStrategies(value, known) {
    const enabled = [];
    for (const part of (value || "").split(",")) {
        const key = part.trim();
        if (key in known && !enabled.includes(key)) {
            enabled.push(key);
        }
    }
    const rest = Object.keys(known).filter((key) => !enabled.includes(key));
    return [
        ...enabled.map((key) => ({ key, enabled: true })),
        ...rest.map((key) => ({ key, enabled: false })),
    ];
}

export class SourcingStrategyField extends Component {
    static template = "oms_omnichannel.SourcingStrategyField";
    static props = { ...standardFieldProps };

    setup() {
        this.labels = strategyLabels();
    }

    get rows() {
        const rows = parseStrategies(this.props.record.data[this.props.name], this.labels);
        let rank = 0;
        return rows.map((row) => ({
            ...row,
            ...this.labels[row.key],
            rank: row.enabled ? ++rank : false,
        }));
    }

    save(rows) {
        const value = rows
            .filter((row) => row.enabled)
            .map((row) => row.key)
            .join(",");
        this.props.record.update({ [this.props.name]: value });
    }

    toggle(key) {
        const rows = parseStrategies(this.props.record.data[this.props.name], this.labels);
        const row = rows.find((r) => r.key === key);
        row.enabled = !row.enabled;
        // a strategy switched on takes the last place among the enabled ones
        const others = rows.filter((r) => r !== row);
        const lastEnabled = others.filter((r) => r.enabled).length;
        others.splice(row.enabled ? lastEnabled : others.length, 0, row);
        this.save(others);
    }

    move(key, delta) {
        const rows = parseStrategies(this.props.record.data[this.props.name], this.labels);
        const index = rows.findIndex((r) => r.key === key);
        const target = index + delta;
        if (target < 0 || target >= rows.length || !rows[target].enabled) {
            return;
        }
        [rows[index], rows[target]] = [rows[target], rows[index]];
        this.save(rows);
    }
}

registry.category("fields").add("oms_sourcing_strategies", {
    component: SourcingStrategyField,
    displayName: _t("Ordered sourcing strategies"),
    supportedTypes: ["char"],
});
