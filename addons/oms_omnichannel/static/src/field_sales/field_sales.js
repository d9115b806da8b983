import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { formatFloat } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const CHANNEL_KEY = "oms_omnichannel.field_sales.channel";

const EMPTY_CUSTOMER_FORM = {
    name: "",
    phone: "",
    email: "",
    street: "",
    city: "",
    province: "",
    zip: "",
};

/**
 * Field Sales: a phone-sized order-entry screen for sales agents. The order goes
 * through the capture service on the server (oms.field.sales.submit_order).
 */
export class FieldSales extends Component {
    static template = "oms_omnichannel.FieldSales";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.productInput = useRef("productInput");
        this.state = useState({
            channels: [],
            channelId: false,
            customerTerm: "",
            customers: [],
            customer: null,
            addresses: [],
            addressId: false,
            customerForm: null,
            reference: "",
            productTerm: "",
            products: [],
            searched: false,
            lines: [],
            submitting: false,
            result: null,
            error: "",
            notice: "",
        });
        this.searchCustomersDebounced = useDebounced(() => this.searchCustomers(), 250);
        this.searchProductsDebounced = useDebounced(() => this.searchProducts(false), 250);
        onWillStart(async () => {
            this.state.channels = await this.orm.call("oms.field.sales", "get_channels", []);
            const saved = Number(window.localStorage.getItem(CHANNEL_KEY));
            const channel =
                this.state.channels.find((c) => c.id === saved) || this.state.channels[0];
            this.state.channelId = channel ? channel.id : false;
            if (channel) {
                await this.loadReference();
            }
        });
    }

    /** The readable reference of the order being taken (FS-<AGENT>-<number>): kept
     * until the order is taken, so that a retried submit makes one order. */
    async loadReference() {
        this.state.reference = await this.orm.call("oms.field.sales", "new_reference", []);
    }

    // ------------------------------------------------------------------
    // Channel and customer
    // ------------------------------------------------------------------

    onChannelChange(ev) {
        this.state.channelId = Number(ev.target.value);
        window.localStorage.setItem(CHANNEL_KEY, String(this.state.channelId));
        // ATP and prices are the channel's: start the lines again
        this.state.lines = [];
        this.state.products = [];
    }

    onCustomerInput(ev) {
        this.state.customerTerm = ev.target.value;
        this.searchCustomersDebounced();
    }

    async searchCustomers() {
        const term = this.state.customerTerm.trim();
        if (!term) {
            this.state.customers = [];
            return;
        }
        this.state.customers = await this.orm.call("oms.field.sales", "search_customers", [term]);
    }

    async pickCustomer(customer, addressId = false) {
        this.state.customer = customer;
        this.state.customers = [];
        this.state.customerTerm = "";
        this.state.customerForm = null;
        this.state.error = "";
        const pick = (this.customerPick = (this.customerPick || 0) + 1);
        const addresses = await this.orm.call("oms.field.sales", "get_addresses", [customer.id]);
        if (pick !== this.customerPick) {
            return; // another customer was picked meanwhile
        }
        this.state.addresses = addresses;
        const preferred =
            addresses.find((a) => a.id === addressId) ||
            addresses.find((a) => !a.own) ||
            addresses[0];
        this.state.addressId = preferred ? preferred.id : false;
    }

    changeCustomer() {
        this.customerPick = (this.customerPick || 0) + 1;
        this.state.customer = null;
        this.state.addresses = [];
        this.state.addressId = false;
    }

    onAddressChange(ev) {
        this.state.addressId = Number(ev.target.value);
    }

    openCustomerForm() {
        this.state.customerForm = { ...EMPTY_CUSTOMER_FORM, name: this.state.customerTerm };
        this.state.customers = [];
        this.state.error = "";
    }

    cancelCustomerForm() {
        this.state.customerForm = null;
    }

    onCustomerFormInput(field, ev) {
        this.state.customerForm[field] = ev.target.value;
    }

    async saveCustomer() {
        this.state.error = "";
        try {
            const customer = await this.orm.call("oms.field.sales", "create_customer", [
                { ...this.state.customerForm },
            ]);
            await this.pickCustomer(customer, customer.address_id);
        } catch (error) {
            this.state.error = error.data?.message || error.message || String(error);
        }
    }

    // ------------------------------------------------------------------
    // Products
    // ------------------------------------------------------------------

    onProductInput(ev) {
        this.state.productTerm = ev.target.value;
        this.searchProductsDebounced();
    }

    async onProductKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.state.productTerm = ev.target.value;
            // a barcode scanner types the code and Enter
            await this.searchProducts(true);
        }
    }

    async searchProducts(scan) {
        const term = this.state.productTerm.trim();
        if (!term || !this.state.channelId) {
            this.state.products = [];
            this.state.searched = false;
            return;
        }
        const products = await this.orm.call("oms.field.sales", "search_products", [
            this.state.channelId,
            term,
            this.state.customer ? this.state.customer.id : false,
        ]);
        if (term !== this.state.productTerm.trim()) {
            return; // the agent typed on meanwhile
        }
        const exact = products.filter((p) => p.exact);
        if (scan && (exact.length === 1 || products.length === 1)) {
            this.addProduct(exact[0] || products[0]);
            return;
        }
        this.state.products = products;
        this.state.searched = true;
    }

    addProduct(product) {
        const line = this.state.lines.find((l) => l.product.id === product.id);
        if (line) {
            line.quantity += 1;
        } else {
            this.state.lines.push({ product, quantity: 1 });
        }
        this.state.notice = _t("%s added", product.name);
        this.state.products = [];
        this.state.searched = false;
        this.state.productTerm = "";
        this.state.error = "";
        if (this.productInput.el) {
            this.productInput.el.value = "";
            this.productInput.el.focus();
        }
    }

    increment(line) {
        line.quantity += 1;
    }

    decrement(line) {
        if (line.quantity > 1) {
            line.quantity -= 1;
        }
    }

    onQuantityChange(line, ev) {
        const value = Number(ev.target.value);
        line.quantity = Number.isFinite(value) && value > 0 ? value : line.quantity;
        ev.target.value = line.quantity;
    }

    removeLine(line) {
        this.state.lines = this.state.lines.filter((l) => l !== line);
    }

    isShort(line) {
        return line.product.atp !== null && line.quantity > line.product.atp;
    }

    // ------------------------------------------------------------------
    // Totals and submit
    // ------------------------------------------------------------------

    get currency() {
        const channel = this.state.channels.find((c) => c.id === this.state.channelId);
        return channel ? channel.currency : "";
    }

    get total() {
        return this.state.lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
    }

    get canSubmit() {
        return (
            this.state.channelId &&
            this.state.customer &&
            this.state.lines.length &&
            !this.state.submitting
        );
    }

    format(amount) {
        return formatFloat(amount, { digits: [false, 2] });
    }

    formatQty(qty) {
        return String(Math.round(qty * 100) / 100);
    }

    async submit() {
        if (!this.canSubmit) {
            return;
        }
        this.state.submitting = true;
        this.state.error = "";
        try {
            this.state.result = await this.orm.call("oms.field.sales", "submit_order", [
                this.state.channelId,
                this.state.customer.id,
                this.state.lines.map((l) => ({ product_id: l.product.id, quantity: l.quantity })),
                this.state.reference,
                null,
                this.state.addressId || null,
            ]);
        } catch (error) {
            this.state.error = error.data?.message || error.message || String(error);
        } finally {
            this.state.submitting = false;
        }
    }

    async newOrder() {
        // the next reference first: the screen never shows the last order's
        const reference = await this.orm.call("oms.field.sales", "new_reference", []);
        Object.assign(this.state, {
            reference,
            customer: null,
            addresses: [],
            addressId: false,
            customerForm: null,
            lines: [],
            products: [],
            result: null,
            error: "",
            notice: "",
        });
    }

    openOrder() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "sale.order",
            res_id: this.state.result.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("oms_omnichannel.field_sales", FieldSales);
