# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Month-end acceptance: a month of an Indonesian retailer (l10n_id chart, IDR, PPN
included in B2C prices) as the accountant closes it.

Over fifty orders on the web shop (prepaid and cash on delivery), a marketplace, B2B
on 30-day terms and the store's point of sale; a split shipment over two warehouses,
a partial B2B shipment, a return over two orders, an exchange, a return refunded by
the accountant, cancellations before and after invoicing. Nothing is confirmed,
invoiced or paid by hand: the automatic workflow's scheduled job runs as the
scheduler runs it (its server action, as its user, without the test's company
context) and the queued jobs are performed, several times, as they would over the
month. Then the books are checked the way an accountant checks them: per order,
what was invoiced equals what the customer paid or still owes; no invoice for goods
that came back; each credit note settles its own invoice; no payment without a
source; the receivables per customer are what is truly outstanding; the KPI report's
net revenue is what the posted invoices minus credit notes say.

Lives in ``oms_returns`` (returns need it); the store sales need ``oms_pos``, which
the project installs with the others (the test says so when it is missing)."""

from odoo import Command
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.queue_job.job import Job

from .common import ReturnsCommon

_SETTLED = ("paid", "in_payment", "reversed")


@tagged("post_install", "-at_install")
class TestMonthEnd(IndonesianCompanyCommon, ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Akhir Bulan Sejahtera")
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # a month of similar orders by a few customers: the duplicate and velocity
        # rules (tested in oms_omnichannel) would hold them
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        country = env.ref("base.id")
        states = {
            code: env["res.country.state"].search(
                [("country_id", "=", country.id), ("code", "=", code)]
            )
            for code in ("JB", "JI")
        }
        cls.wh.partner_id.write({"state_id": states["JB"].id, "country_id": country.id})
        cls.wh_sby = env["stock.warehouse"].create(
            {
                "name": "Gudang Surabaya",
                "code": "MESBY",
                "company_id": cls.company.id,
                "partner_id": env["res.partner"]
                .create(
                    {"name": "Gudang SBY", "state_id": states["JI"].id, "country_id": country.id}
                )
                .id,
            }
        )
        # PPN as the chart ships it (added to the price): the B2C channels' prices
        # include it (their setting), B2B prices do not
        cls.ppn_11.price_include_override = "tax_excluded"
        Product = env["product.product"]
        ppn = [Command.set(cls.ppn_11.ids)]
        # B2C prices include PPN: 111 000 = 100 000 + 11 000
        cls.kaos = Product.create(
            {"name": "Kaos Polos", "is_storable": True, "list_price": 111000, "taxes_id": ppn}
        )
        cls.kemeja = Product.create(
            {"name": "Kemeja Batik", "is_storable": True, "list_price": 333000, "taxes_id": ppn}
        )
        cls.sarung = Product.create(
            {"name": "Sarung Tenun", "is_storable": True, "list_price": 222000, "taxes_id": ppn}
        )
        (cls.kaos | cls.kemeja | cls.sarung).write(
            {"invoice_policy": "order", "available_in_pos": True}
        )
        quant = env["stock.quant"]
        quant._update_available_quantity(cls.kaos, cls.wh.lot_stock_id, 500)
        quant._update_available_quantity(cls.kemeja, cls.wh.lot_stock_id, 200)
        # the woven sarong is kept in Surabaya only: an order of it and a shirt splits
        quant._update_available_quantity(cls.sarung, cls.wh_sby.lot_stock_id, 50)

        Journal = env["account.journal"]
        cls.gateway = Journal.create({"name": "Midtrans", "code": "MEMDT", "type": "bank"})
        cls.gopay = Journal.create({"name": "GoPay", "code": "MEGOP", "type": "bank"})
        cls.settlement = Journal.create(
            {"name": "Shopee Settlement", "code": "MESHP", "type": "bank"}
        )
        cls.courier = Journal.create({"name": "JNE COD", "code": "MEJNE", "type": "bank"})
        both = [Command.set((cls.wh | cls.wh_sby).ids)]
        Channel = env["oms.channel"]
        cls.web = Channel.create(
            {
                "name": "Toko Online",
                "code": "MEWEB",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
                "allowed_warehouse_ids": both,
                "sourcing_strategies": "in_stock,single_source,nearest",
                "max_shipments": 2,
                "payment_journal_id": cls.gateway.id,
                "ewallet_journal_id": cls.gopay.id,
                "cod_journal_id": cls.courier.id,
            }
        )
        cls.shopee = Channel.create(
            {
                "name": "Shopee",
                "code": "MESHP",
                "channel_type": "marketplace",
                "warehouse_id": cls.wh.id,
                "payment_journal_id": cls.settlement.id,
                "cancel_refund_payment": "register",
            }
        )
        cls.b2b = Channel.create(
            {"name": "Grosir", "code": "MEB2B", "channel_type": "b2b", "warehouse_id": cls.wh.id}
        )
        reasons = {reason.code: reason for reason in env["oms.return.reason"].search([])}
        cls.reason = reasons
        for channel in cls.web | cls.b2b:
            env["oms.return.policy"].create(
                {
                    "name": f"{channel.name} 30 days",
                    "channel_id": channel.id,
                    "window_days": 30,
                    "approval": "auto",
                    "auto_approve_max_amount": 100000000,
                    "auto_post_refund": True,
                    "reason_ids": [Command.set([r.id for r in reasons.values()])],
                }
            )
        Partner = env["res.partner"]
        cls.customers = Partner.create(
            [
                {
                    "name": name,
                    "email": f"{name.split()[0].lower()}@example.com",
                    "city": city,
                    "state_id": states[state].id,
                    "country_id": country.id,
                }
                for name, city, state in (
                    ("Siti Rahma", "Bandung", "JB"),
                    ("Budi Santoso", "Bekasi", "JB"),
                    ("Dewi Lestari", "Surabaya", "JI"),
                    ("Agus Salim", "Malang", "JI"),
                )
            ]
        )
        term_30 = env.ref("account.account_payment_term_30days")
        cls.shops = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "city": "Surabaya",
                    "state_id": states["JI"].id,
                    "country_id": country.id,
                    "property_payment_term_id": term_30.id,
                }
                for name in ("CV Maju Jaya", "Toko Sumber Rejeki")
            ]
        )

    # ------------------------------------------------------------------
    # the month, as it happens
    # ------------------------------------------------------------------
    def _order(self, channel, partner, lines, payment_method="card", cod=False):
        workflow = channel.cod_workflow_process_id if cod else channel.workflow_process_id
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "channel_id": channel.id,
                "warehouse_id": channel.warehouse_id.id,
                "payment_method": "cod" if cod else payment_method,
                "workflow_process_id": workflow.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, "price_unit": price}
                    )
                    for product, qty, price in lines
                ],
            }
        )
        self.assertEqual(order.currency_id, self.idr)
        return order

    def _scheduler(self):
        """What runs unattended: the automatic workflow's scheduled job (its server
        action, as the cron's user, with no company chosen) and the queued jobs."""
        cron = self.env.ref("sale_automatic_workflow.ir_cron_automatic_workflow_job")
        cron.ir_actions_server_id.with_user(cron.user_id).with_context({}).run()
        for record in self.env["queue.job"].search([("state", "=", "pending")]):
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.set_done(result=job.perform())
            job.store()
        self.env.flush_all()

    def _invoices(self, order, move_type="out_invoice"):
        return order.invoice_ids.filtered(
            lambda m: m.move_type == move_type and m.state == "posted"
        )

    def _net_invoiced(self, order):
        return sum(self._invoices(order).mapped("amount_total")) - sum(
            self._invoices(order, "out_refund").mapped("amount_total")
        )

    def _owed(self, order):
        return sum(self._invoices(order).mapped("amount_residual")) - sum(
            self._invoices(order, "out_refund").mapped("amount_residual")
        )

    def _rma(self, order, lines, exchange=None):
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        for wiz_line in wizard.line_ids:
            qty = lines.get(wiz_line.product_id, 0)
            vals = {"quantity": qty}
            if qty:
                vals["reason_id"] = self.reason["size_fit" if exchange else "damaged"].id
                if exchange:
                    vals["exchange_product_id"] = exchange.id
            wiz_line.write(vals)
        return wizard.create_rma()

    def _register(self, moves, journal, amount=None):
        vals = {"journal_id": journal.id}
        if amount:
            vals["amount"] = amount
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(vals)
        )
        return wizard._create_payments()

    def _sell_at_the_store(self):
        """Six counter sales (cash, PPN included) through Odoo's POS entry point, and
        the session closed: returns the session."""
        if "pos.order" not in self.env:
            self.skipTest("oms_pos is not installed: the store sales need it")
        env = self.env
        store = env["oms.channel"].create(
            {"name": "Toko Braga", "code": "MEPOS", "channel_type": "pos"}
        )
        cash_journal = env["account.journal"].create(
            {"name": "Kas Toko", "type": "cash", "code": "MEKAS"}
        )
        cash = env["pos.payment.method"].create({"name": "Tunai", "journal_id": cash_journal.id})
        config = env["pos.config"].create(
            {
                "name": "Kasir Braga",
                "picking_type_id": self.wh.pos_type_id.id,
                "payment_method_ids": [Command.set(cash.ids)],
                "oms_channel_id": store.id,
            }
        )
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, None)
        # the counter's prices include PPN, like the shops'
        ppn_included = store._oms_sale_taxes(self.ppn_11)
        self.assertEqual(ppn_included.price_include_override, "tax_included")
        baskets = [[(self.kaos, 2)], [(self.kemeja, 1)], [(self.kaos, 1)]]
        baskets += [[(self.kemeja, 2)], [(self.kaos, 3)], [(self.kemeja, 1), (self.kaos, 1)]]
        for index, basket in enumerate(baskets):
            lines, total = [], 0.0
            for product, qty in basket:
                incl = product.lst_price * qty
                excl = incl * 100 / 111
                total += incl
                lines.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "qty": qty,
                            "price_unit": product.lst_price,
                            "price_subtotal": excl,
                            "price_subtotal_incl": incl,
                            "discount": 0.0,
                            "tax_ids": [Command.set(ppn_included.ids)],
                            "pack_lot_ids": [],
                        }
                    )
                )
            env["pos.order"].sync_from_ui(
                [
                    {
                        "uuid": f"month-end-{index}",
                        "name": f"Order month-end-{index}",
                        "session_id": session.id,
                        "pricelist_id": config.pricelist_id.id,
                        "fiscal_position_id": False,
                        "partner_id": False,
                        "lines": lines,
                        "payment_ids": [
                            Command.create(
                                {"amount": total, "name": "now", "payment_method_id": cash.id}
                            )
                        ],
                        "amount_paid": total,
                        "amount_total": total,
                        "amount_tax": total - total * 100 / 111,
                        "amount_return": 0.0,
                        "to_invoice": False,
                        "last_order_preparation_change": "{}",
                        "state": "paid",
                    }
                ]
            )
        session.post_closing_cash_details(sum(session.order_ids.payment_ids.mapped("amount")))
        result = session.close_session_from_ui()
        self.assertTrue(result.get("successful"), result)
        self.assertEqual(len(session.order_ids), 6)
        return session

    def test_month_end_books(self):
        web, shopee, b2b = self.web, self.shopee, self.b2b
        dewi, agus = self.customers[2:]
        maju, rejeki = self.shops
        kaos, kemeja, sarung = self.kaos, self.kemeja, self.sarung
        expected = {}  # order -> what the customer pays for it, PPN included
        owed = {}  # order -> what is still to be paid at month end

        # ---- week 1: orders come in ------------------------------------------------
        web_orders = self.env["sale.order"]
        methods = ["card", "ewallet", "bank_transfer"]
        for index in range(18):
            partner = self.customers[index % 4]
            qty = 1 + index % 3
            order = self._order(web, partner, [(kaos, qty, 111000)], methods[index % 3])
            web_orders |= order
            expected[order] = 111000 * qty
        # a shirt from Bandung and a sarong from Surabaya: two parcels
        split = self._order(web, dewi, [(kemeja, 1, 333000), (sarung, 1, 222000)], "card")
        expected[split] = 555000
        # cancelled by the customer before anything ran
        early_cancel = self._order(web, agus, [(kemeja, 1, 333000)], "card")
        self.env["oms.capture"].cancel(early_cancel, "Customer changed their mind")
        expected[early_cancel] = 0

        shopee_orders = self.env["sale.order"]
        for index in range(10):
            order = self._order(
                shopee,
                self.customers[index % 4],
                [(kemeja, 1, 333000), (kaos, 1, 111000)],
                "prepaid",
            )
            shopee_orders |= order
            expected[order] = 444000

        cod_orders = self.env["sale.order"]
        for index in range(8):
            order = self._order(web, self.customers[index % 4], [(kaos, 2, 111000)], cod=True)
            cod_orders |= order
            expected[order] = 222000

        # B2B: prices before PPN, on 30-day terms
        b2b_orders = self.env["sale.order"]
        for index in range(6):
            order = self._order(b2b, self.shops[index % 2], [(kaos, 10, 100000)], "bank_transfer")
            b2b_orders |= order
            expected[order] = 1110000
        self.assertAlmostEqual(b2b_orders[0].amount_total, 1110000)
        self.assertAlmostEqual(web_orders[1].amount_total, 222000, msg="PPN included")

        self._scheduler()
        for order in web_orders | split | shopee_orders:
            invoice = self._invoices(order)
            self.assertEqual(len(invoice), 1, order.name)
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), order.name)
            owed[order] = 0
        self.assertEqual(early_cancel.state, "cancel")
        self.assertFalse(early_cancel.invoice_ids, "cancelled before invoicing: no invoice")
        self.assertEqual(set((cod_orders | b2b_orders).mapped("state")), {"sale"})
        self.assertFalse((cod_orders | b2b_orders).invoice_ids, "invoiced on delivery")
        self.assertEqual(
            len(split.picking_ids.filtered("oms_is_customer_delivery")),
            2,
            split.oms_sourcing_explanation,
        )

        # ---- week 2: the warehouse ships -------------------------------------------
        for order in web_orders | split | shopee_orders[:-1]:
            self._deliver_order(order)
        # cancelled on the marketplace after it was invoiced and paid
        late_cancel = shopee_orders[-1]
        self.env["oms.capture"].cancel(late_cancel, "Cancelled on Shopee")
        expected[late_cancel] = 0
        owed[late_cancel] = 0
        # a COD order refused before it left
        cod_cancel = cod_orders[-1]
        self.env["oms.capture"].cancel(cod_cancel, "Customer unreachable")
        expected[cod_cancel] = 0
        for order in cod_orders[:-1]:
            self._deliver_order(order)
        for order in b2b_orders[:-1]:
            self._ship_order(order)
        # the last B2B order leaves in part: 4 of 10, the rest backordered
        partial = b2b_orders[-1]
        self._ship_order(partial, {kaos: 4})
        self._scheduler()

        self.assertEqual(late_cancel.state, "cancel")
        self.assertEqual(cod_cancel.state, "cancel")
        self.assertFalse(cod_cancel.invoice_ids)
        for order in cod_orders[:-1] | b2b_orders:
            self.assertEqual(
                len(self._invoices(order)),
                1,
                f"{order.name} {order.payment_method} {order.oms_status} {order.invoice_status} "
                f"{order.workflow_process_id.name} {order.order_line.mapped('qty_to_invoice')}",
            )
            self.assertEqual(self._invoices(order).payment_state, "not_paid", order.name)
        self.assertEqual(self._invoices(partial).invoice_line_ids.quantity, 4, "what shipped")
        self.assertEqual(set(cod_orders[:-1].mapped("oms_cod_state")), {"collected"})

        # ---- week 3: money comes in --------------------------------------------------
        remitted = cod_orders[:5]
        action = remitted.action_oms_register_cod_remittance()
        Form(self.env[action["res_model"]].with_context(**action["context"])).save().action_apply()
        for order in remitted:
            owed[order] = 0
        for order in cod_orders[5:-1]:
            owed[order] = 222000  # the courier has not remitted yet
        # CV Maju Jaya pays its first invoice in full and the second in part
        maju_orders = b2b_orders.filtered(lambda o: o.partner_id == maju)
        self._register(self._invoices(maju_orders[0]), self.bank_journal)
        self._register(self._invoices(maju_orders[1]), self.bank_journal, amount=500000)

        # ---- week 4: returns, an exchange ------------------------------------------
        # Toko Sumber Rejeki sends back 2 + 3 shirts of two orders in one parcel
        rejeki_orders = b2b_orders[:-1].filtered(lambda o: o.partner_id == rejeki)[:2]
        request = self.env["oms.return.request"]._oms_create_from_portal(
            rejeki,
            {
                rejeki_orders[0].order_line.id: (2, self.reason["damaged"].id),
                rejeki_orders[1].order_line.id: (3, self.reason["damaged"].id),
            },
        )
        self.assertEqual(len(request.rma_ids), 2)
        self._receive_and_restock(request.rma_ids)
        expected[rejeki_orders[0]] -= 222000
        expected[rejeki_orders[1]] -= 333000
        # Dewi sends back one of her three T-shirts (paid by bank transfer through the
        # gateway): the accountant pays her back
        returned = web_orders[2]
        rma = self._rma(returned, {kaos: 1})
        self._receive_and_restock(rma)
        expected[returned] -= 111000
        refund_payment = self._register(rma.refund_id, self.gateway)
        # Budi exchanges a T-shirt for a batik shirt and pays the difference
        exchanged = web_orders[1]
        rma = self._rma(exchanged, {kaos: 1}, exchange=kemeja)
        self._receive_and_restock(rma)
        difference = rma.exchange_invoice_id
        self.assertAlmostEqual(difference.amount_total, 222000, msg="333 000 - 111 000")
        self._register(difference, self.gopay)
        expected[rma.exchange_order_id] = 222000
        owed[rma.exchange_order_id] = 0

        self._scheduler()
        store_session = self._sell_at_the_store()
        self._scheduler()

        # ---- the accountant closes the month -----------------------------------------
        orders = self.env["sale.order"].search([("company_id", "=", self.company.id)])
        self.assertGreaterEqual(len(orders) + len(store_session.order_ids), 50)
        self.assertEqual(set(expected), set(orders), "every order of the month is accounted")
        owed.update(
            {order: expected[order] for order in b2b_orders if order not in maju_orders[:2]}
        )
        owed[maju_orders[0]] = 0
        owed[maju_orders[1]] = expected[maju_orders[1]] - 500000
        # B2B invoices per shipment (the channel's default): the 4 shirts that left
        expected[partial] = owed[partial] = 444000

        # every order's invoiced total is what the customer paid or owes
        for order in orders:
            self.assertAlmostEqual(
                self._net_invoiced(order), expected[order], msg=f"{order.name} invoiced"
            )
            self.assertAlmostEqual(self._owed(order), owed.get(order, 0), msg=f"{order.name} owed")

        # no invoice for returned goods, nothing left to invoice for them
        for order in rejeki_orders | returned | exchanged:
            self.assertEqual(len(self._invoices(order)), 1, order.name)
            self.assertEqual(order.invoice_status, "invoiced", order.name)

        # every credit note is its own invoice's, and reconciled with it only
        credit_notes = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("move_type", "=", "out_refund")]
        )
        self.assertEqual(len(credit_notes), 4, "late cancellation, two-order return, a return")
        for refund in credit_notes:
            self.assertEqual(refund.state, "posted")
            invoice = refund.reversed_entry_id
            self.assertTrue(invoice, refund.name)
            self.assertEqual(
                refund.invoice_line_ids.sale_line_ids.order_id,
                invoice.invoice_line_ids.sale_line_ids.order_id,
                refund.name,
            )
            receivable = refund.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable"
            )
            matched = (
                receivable.matched_debit_ids.debit_move_id
                | receivable.matched_credit_ids.credit_move_id
            ).move_id
            self.assertIn(refund.payment_state, ("paid", "in_payment", "reversed"), refund.name)
            matched_invoices = matched.filtered(lambda m: m.move_type == "out_invoice")
            if matched_invoices:
                self.assertEqual(matched_invoices, invoice, f"{refund.name}: its own invoice")
            else:
                # the invoice was paid: settled by the refund paid to the customer
                self.assertTrue(matched.origin_payment_id, refund.name)
        for order in rejeki_orders:
            refund = self._invoices(order, "out_refund")
            self.assertEqual(refund.reversed_entry_id, self._invoices(order))

        # no payment without a source
        payments = self.env["account.payment"].search([("company_id", "=", self.company.id)])
        for payment in payments:
            self.assertIn(payment.state, ("in_process", "paid"), payment.name)
            sources = payment.reconciled_invoice_ids
            self.assertTrue(sources, f"{payment.name} has no invoice or credit note")
            self.assertLessEqual(
                payment.amount, sum(sources.mapped("amount_total")) + 0.5, payment.name
            )
        inbound = payments.filtered(lambda p: p.payment_type == "inbound")
        # 18 + 1 web, 10 marketplace, 5 remittances, 2 B2B, the exchange difference
        self.assertEqual(len(inbound), 18 + 1 + 10 + 5 + 2 + 1)
        outbound = payments - inbound
        self.assertEqual(len(outbound), 2, "the cancelled marketplace order, the return")
        self.assertIn(refund_payment, outbound)
        by_journal = {
            journal: len(inbound.filtered(lambda p, j=journal: p.journal_id == j))
            for journal in (self.gateway, self.gopay, self.settlement, self.courier)
        }
        # card and bank transfer on Midtrans (12 + the split), e-wallet on GoPay (6 +
        # the exchange difference)
        self.assertEqual(by_journal[self.gateway], 13)
        self.assertEqual(by_journal[self.gopay], 6 + 1)
        self.assertEqual(by_journal[self.settlement], 10)
        self.assertEqual(by_journal[self.courier], 5)

        # customer receivables, by partner, are what is truly outstanding
        partners = self.customers | self.shops
        for partner in partners:
            outstanding = sum(
                owed.get(order, 0)
                for order in orders
                if order.partner_id.commercial_partner_id == partner
            )
            self.assertAlmostEqual(
                self._partner_receivable_balance(partner), outstanding, msg=partner.name
            )
        total = sum(owed.values())
        self.assertAlmostEqual(
            sum(self._partner_receivable_balance(partner) for partner in partners), total
        )
        self.assertGreater(total, 0)

        # the KPI net revenue equals posted invoices minus credit notes (untaxed)
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
        )
        booked = sum(moves.mapped("amount_untaxed_signed"))
        report = self.env["oms.order.report"]
        sale_rows = report._oms_kpi_summary(
            [("company_id", "=", self.company.id), ("order_id", "!=", False)]
        )
        self.assertAlmostEqual(sale_rows["net_revenue"], booked)
        # the store's sales: what closing the session booked as income
        store_rows = report._oms_kpi_summary(
            [("company_id", "=", self.company.id), ("order_id", "=", False)]
        )
        income = store_session.move_id.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "income"
        )
        self.assertAlmostEqual(store_rows["net_revenue"], -sum(income.mapped("balance")))
        self.assertGreater(store_rows["net_revenue"], 0)
