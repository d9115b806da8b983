# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Month-end PPN close of an Indonesian shop (l10n_id chart, IDR, PPN 12% on the
11/12 base, i.e. 11% effective, included in the shop's prices and shipping fees).

A month of orders captured as the API captures them (``oms.capture``), shipped with
the warehouse's buttons, invoiced, paid and refunded by the automatic workflow's job,
the courier's COD remittance and the return flow: prepaid web orders with a shipping
fee, a COD order, a B2B order on terms shipped in part, an order cancelled after its
invoice, a damaged return (the delivery fee given back), a change-of-mind return with
a restocking fee and an exchange. Then the accountant's checks, in exact IDR: each
delivered unit invoiced once, PPN output = PPN of the net sales, revenue = net invoice
lines, the shipping fee taxed the same on invoice and credit note, nothing left in
draft, receivables of paid orders reconciled, stock = deliveries and returns.

Every amount is a multiple of 111 (or a B2B price before tax), so that the PPN
inside it is a whole number of rupiah: 111 000 = 100 000 + 11 000."""

from odoo import Command
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon

from .common import ReturnsCommon

_SETTLED = ("paid", "in_payment", "reversed")


@tagged("post_install", "-at_install")
class TestMonthEndPpn(IndonesianCompanyCommon, ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Tutup Buku Nusantara")
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        # the chart's PPN as it ships (added to the price): the shop's channel uses its
        # price-included twin, B2B adds it on top
        cls.ppn_11.price_include_override = "tax_excluded"
        cls.ppn_account = cls.ppn_11.invoice_repartition_line_ids.filtered(
            lambda r: r.repartition_type == "tax"
        ).account_id
        cls.assertTrue(cls, cls.ppn_account)
        Product = env["product.product"]
        ppn = [Command.set(cls.ppn_11.ids)]
        cls.kaos = Product.create(
            {
                "name": "Kaos Polos",
                "default_code": "ME-KAOS",
                "is_storable": True,
                "list_price": 111000,
                "invoice_policy": "order",
                "taxes_id": ppn,
            }
        )
        cls.kemeja = Product.create(
            {
                "name": "Kemeja Batik",
                "default_code": "ME-KEMEJA",
                "is_storable": True,
                "list_price": 333000,
                "invoice_policy": "order",
                "taxes_id": ppn,
            }
        )
        quant = env["stock.quant"]
        quant._update_available_quantity(cls.kaos, cls.wh.lot_stock_id, 100)
        quant._update_available_quantity(cls.kemeja, cls.wh.lot_stock_id, 50)
        # the shipping fee is a taxable service (PPN, like the goods)
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "JNE REG",
                "oms_code": "jne_me",
                "delivery_type": "fixed",
                "company_id": cls.company.id,
                "product_id": Product.create(
                    {
                        "name": "Ongkos Kirim",
                        "type": "service",
                        "invoice_policy": "order",
                        "taxes_id": ppn,
                    }
                ).id,
            }
        )
        Journal = env["account.journal"]
        cls.gateway = Journal.create({"name": "Midtrans", "code": "PPMDT", "type": "bank"})
        cls.courier = Journal.create({"name": "JNE COD", "code": "PPJNE", "type": "bank"})
        Channel = env["oms.channel"]
        cls.web = Channel.create(
            {
                "name": "Toko Online",
                "code": "PPWEB",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
                "payment_journal_id": cls.gateway.id,
                "cod_journal_id": cls.courier.id,
                "cancel_refund_payment": "register",
            }
        )
        cls.b2b = Channel.create(
            {"name": "Grosir", "code": "PPB2B", "channel_type": "b2b", "warehouse_id": cls.wh.id}
        )
        cls.assertTrue(cls, cls.web.prices_include_tax)
        cls.reason = {r.code: r for r in env["oms.return.reason"].search([])}
        env["oms.return.policy"].create(
            {
                "name": "Toko Online 30 days",
                "channel_id": cls.web.id,
                "window_days": 30,
                "approval": "auto",
                "auto_approve_max_amount": 100000000,
                "auto_post_refund": True,
                "restocking_fee_percent": 10,
                "refund_shipping_fee": "seller_fault",
                "reason_ids": [Command.set([r.id for r in cls.reason.values()])],
            }
        )
        cls.shop = env["res.partner"].create(
            {
                "name": "CV Maju Jaya",
                "is_company": True,
                "email": "maju@example.co.id",
                "property_payment_term_id": env.ref("account.account_payment_term_30days").id,
            }
        )

    # ------------------------------------------------------------------
    # the month's flows
    # ------------------------------------------------------------------
    def _capture(self, ref, lines, fee=None, method="card", status="paid", channel=None):
        channel = channel or self.web
        payload = {
            "channel": channel.code,
            "external_ref": ref,
            "customer": {"name": f"Pelanggan {ref}", "email": f"{ref.lower()}@example.id"},
            "shipping_address": {
                "name": f"Pelanggan {ref}",
                "street": "Jl. Asia Afrika 8",
                "city": "Bandung",
                "state": "JB",
                "zip": "40111",
                "country": "ID",
            },
            "lines": [
                {"sku": product.default_code, "quantity": qty, "unit_price": price}
                for product, qty, price in lines
            ],
            "payment": {"method": method, "status": status},
            "currency": "IDR",
        }
        if channel == self.b2b:
            payload["customer"] = {"name": self.shop.name, "email": self.shop.email}
        if fee is not None:
            payload["shipping"] = {"fee": fee, "carrier": "jne_me"}
        if status == "paid":
            total = sum(qty * price for _p, qty, price in lines) + (fee or 0)
            payload["payment"]["amount"] = total
        order, created = self.env["oms.capture"].capture(payload)
        self.assertTrue(created)
        self.assertEqual(order.currency_id, self.idr)
        return order

    def _scheduler(self):
        """The automatic workflow's scheduled job, as the scheduler runs it."""
        cron = self.env.ref("sale_automatic_workflow.ir_cron_automatic_workflow_job")
        cron.ir_actions_server_id.with_user(cron.user_id).with_context({}).run()
        self.env.flush_all()

    def _rma(self, order, lines, reason, exchange=None):
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        lines = dict(lines)
        for wiz_line in wizard.line_ids:
            # a product shipped in two parcels has a line per parcel: once only
            qty = lines.pop(wiz_line.product_id, 0)
            vals = {"quantity": qty}
            if qty:
                vals["reason_id"] = self.reason[reason].id
                if exchange:
                    vals["exchange_product_id"] = exchange.id
            wiz_line.write(vals)
        rmas = wizard.create_rma()
        self._receive_and_restock(rmas)
        return rmas

    def _moves(self, order, move_type="out_invoice"):
        return order.invoice_ids.filtered(
            lambda m: m.move_type == move_type and m.state == "posted"
        )

    def _ppn(self, moves):
        """PPN of posted invoices minus credit notes, from their tax lines."""
        lines = moves.line_ids.filtered(lambda aml: aml.tax_line_id)
        return -sum(lines.mapped("balance"))

    # ------------------------------------------------------------------
    def test_month_end_ppn_close(self):
        kaos, kemeja = self.kaos, self.kemeja
        # ---- orders come in through the API ----------------------------------------
        # W1: 2 T-shirts + 22 200 shipping, paid by card; one comes back damaged
        w1 = self._capture("PP-W1", [(kaos, 2, 111000)], fee=22200)
        # W2: a batik shirt + 11 100 shipping, paid by e-wallet, kept
        w2 = self._capture("PP-W2", [(kemeja, 1, 333000)], fee=11100, method="ewallet")
        # W3: cash on delivery, 1 shirt + 2 T-shirts + 22 200 shipping
        w3 = self._capture(
            "PP-W3",
            [(kemeja, 1, 333000), (kaos, 2, 111000)],
            fee=22200,
            method="cod",
            status="unpaid",
        )
        # W4: paid, invoiced, then cancelled before it ships
        w4 = self._capture("PP-W4", [(kemeja, 1, 333000)], fee=11100)
        # W5: a T-shirt exchanged for a batik shirt (size), difference paid
        w5 = self._capture("PP-W5", [(kaos, 1, 111000)], fee=0)
        # W6: 2 T-shirts, one sent back by a customer who changed their mind
        w6 = self._capture("PP-W6", [(kaos, 2, 111000)], fee=11100, method="bank_transfer")
        # B1: B2B, 10 T-shirts at 100 000 before PPN on 30-day terms; 4 leave this month
        b1 = self._capture(
            "PP-B1",
            [(kaos, 10, 100000)],
            method="bank_transfer",
            status="pending",
            channel=self.b2b,
        )
        self.assertEqual(w1.amount_total, 244200)
        self.assertEqual(w1.amount_tax, 24200, "PPN inside the goods and the shipping fee")
        self.assertEqual(b1.amount_total, 1110000)
        self.assertEqual(b1.order_line.tax_ids, self.ppn_11, "B2B: PPN on top")
        fee_line = w1.order_line.filtered("is_delivery")
        self.assertEqual(fee_line.price_total, 22200)
        self.assertEqual(fee_line.tax_ids.oms_excluded_tax_id, self.ppn_11)

        self._scheduler()
        for order in w1 | w2 | w4 | w5 | w6:
            self.assertEqual(order.state, "sale", order.name)
            invoice = self._moves(order)
            self.assertEqual(len(invoice), 1, order.name)
            self.assertEqual(invoice.amount_total, order.amount_total, order.name)
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), order.name)
        self.assertFalse(w3.invoice_ids, "COD: invoiced once delivered")
        self.assertFalse(b1.invoice_ids, "B2B: invoiced per shipment")

        # ---- the warehouse ships -----------------------------------------------------
        self.env["oms.capture"].cancel(w4, "Customer cancelled")
        self.assertEqual(w4.state, "cancel")
        for order in w1 | w2 | w3 | w5 | w6:
            self._deliver_order(order)
        self._ship_order(b1, {kaos: 4})
        self._scheduler()
        invoice_w3 = self._moves(w3)
        self.assertEqual(len(invoice_w3), 1)
        self.assertEqual(invoice_w3.amount_total, 577200)
        self.assertEqual(invoice_w3.amount_tax, 57200)
        invoice_b1 = self._moves(b1)
        self.assertEqual(len(invoice_b1), 1, "the shipment is invoiced, not the backorder")
        self.assertEqual(invoice_b1.invoice_line_ids.quantity, 4)
        self.assertEqual(invoice_b1.amount_total, 444000)
        # the courier remits the COD money
        action = w3.action_oms_register_cod_remittance()
        Form(self.env[action["res_model"]].with_context(**action["context"])).save().action_apply()
        self.assertIn(invoice_w3.payment_state, ("paid", "in_payment"))

        # ---- returns and an exchange -------------------------------------------------
        # W1: one T-shirt damaged (seller's fault): its price and the delivery fee back
        rma_w1 = self._rma(w1, {kaos: 1}, "damaged")
        refund_w1 = rma_w1.refund_id
        self.assertEqual(refund_w1.state, "posted")
        self.assertEqual(refund_w1.reversed_entry_id, self._moves(w1))
        self.assertEqual(refund_w1.amount_total, 111000 + 22200, "the T-shirt and the fee")
        self.assertEqual(refund_w1.amount_tax, 11000 + 2200)
        # W6: one T-shirt back, changed mind: 10% restocking fee, on the price paid
        rma_w6 = self._rma(w6, {kaos: 1}, "changed_mind")
        refund_w6 = rma_w6.refund_id
        self.assertEqual(refund_w6.state, "posted")
        self.assertEqual(refund_w6.amount_total, 99900, "111 000 - 10% (11 100)")
        self.assertEqual(refund_w6.amount_tax, 9900)
        # the refunds are paid back to the customers through the gateway
        self._pay(refund_w1 | refund_w6, self.gateway)
        # W5: the T-shirt exchanged for a batik shirt, 222 000 to pay
        rma_w5 = self._rma(w5, {kaos: 1}, "size_fit", exchange=kemeja)
        difference = rma_w5.exchange_invoice_id
        self.assertEqual(difference.state, "posted")
        self.assertEqual(difference.amount_total, 222000)
        self.assertEqual(difference.amount_tax, 22000)
        self._pay(difference, self.gateway)
        exchange_order = rma_w5.exchange_order_id
        self._scheduler()
        self._deliver_order(exchange_order)
        self._scheduler()

        # ---- the accountant closes the month -----------------------------------------
        company = [("company_id", "=", self.company.id)]
        moves = self.env["account.move"].search(company)
        drafts = moves.filtered(lambda m: m.state == "draft")
        self.assertFalse(drafts, f"draft entries left: {drafts.mapped('display_name')}")
        drafts = self.env["account.payment"].search([*company, ("state", "=", "draft")])
        self.assertFalse(drafts, "no payment waiting in draft")
        sales = moves.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        invoices = sales.filtered(lambda m: m.move_type == "out_invoice")
        refunds = sales - invoices
        # W1-W6 and the exchange difference on order, W3 and B1 on delivery
        self.assertEqual(len(invoices), 8, invoices.mapped("invoice_origin"))
        # W4 cancelled, W1 and W6 returns
        self.assertEqual(len(refunds), 3, refunds.mapped("invoice_origin"))

        # every delivered unit invoiced once, nothing returned invoiced again
        orders = w1 | w2 | w3 | w4 | w5 | w6 | b1 | exchange_order
        for order in orders:
            for line in order.order_line.filtered(lambda sol: not sol.display_type):
                if not line.product_id.is_storable:
                    continue  # the shipping fee, the exchange credit
                self.assertEqual(
                    line.qty_invoiced,
                    line.qty_delivered,
                    f"{order.name} {line.product_id.name}: invoiced = delivered net of returns",
                )
        self.assertEqual(b1.order_line.qty_delivered, 4)
        self.assertEqual(b1.order_line.qty_to_invoice, 0, "the backorder is not invoiced yet")
        self.assertEqual(w1.order_line.filtered(lambda sol: sol.product_id == kaos).qty_invoiced, 1)
        self.assertEqual(w4.order_line.mapped("qty_invoiced"), [0.0, 0.0], "cancelled: nothing")
        self.assertEqual(
            self.env["sale.order"].search([*company, ("invoice_status", "=", "to invoice")]),
            self.env["sale.order"],
            "nothing more to invoice",
        )
        # the workflow job runs again over the closed month: nothing new
        self._scheduler()
        self.assertEqual(self.env["account.move"].search(company), moves)

        # net sales per order, PPN included: (gross, PPN inside)
        net = {
            w1: (244200 - 133200, 24200 - 13200),
            w2: (344100, 34100),
            w3: (577200, 57200),
            w4: (0, 0),
            w5: (111000, 11000),
            w6: (233100 - 99900, 23100 - 9900),
            b1: (444000, 44000),
            exchange_order: (222000, 22000),
        }
        for order, (gross, ppn) in net.items():
            order_moves = self._moves(order) | self._moves(order, "out_refund")
            if order == exchange_order:
                order_moves |= difference
            self.assertEqual(
                sum(order_moves.mapped("amount_total_signed")), gross, f"{order.name} net"
            )
            self.assertEqual(self._ppn(order_moves), ppn, f"{order.name} PPN")
        total_gross = sum(gross for gross, _ppn in net.values())
        total_ppn = sum(ppn for _gross, ppn in net.values())
        self.assertEqual(total_gross, 1942500)
        self.assertEqual(total_ppn, 192500)
        # PPN output in the books: invoices minus credit notes = PPN of the net sales
        self.assertEqual(self._ppn(sales), total_ppn)
        self.assertEqual(-self._balance(self.ppn_account), total_ppn)
        self.assertEqual(
            sum(invoices.mapped("amount_tax")) - sum(refunds.mapped("amount_tax")), total_ppn
        )
        # the PPN base (DPP) reported is the net sales before tax
        self.assertEqual(sum(sales.mapped("amount_untaxed_signed")), total_gross - total_ppn, "DPP")
        # revenue = the net invoice lines, and nothing else in the income accounts
        income = self.env["account.move.line"].search(
            [
                *company,
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "in", ("income", "income_other")),
            ]
        )
        self.assertEqual(-sum(income.mapped("balance")), total_gross - total_ppn)
        self.assertEqual(
            -sum(income.mapped("balance")),
            sum(invoices.invoice_line_ids.mapped("price_subtotal"))
            - sum(refunds.invoice_line_ids.mapped("price_subtotal")),
        )

        # the shipping fee is taxed alike on the invoice and the credit note
        invoice_fee = self._moves(w1).invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.carrier.product_id
        )
        refund_fee = refund_w1.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.env.ref("oms_returns.product_delivery_fee_refund")
        )
        self.assertEqual(invoice_fee.tax_ids, refund_fee.tax_ids)
        self.assertEqual(invoice_fee.price_total, refund_fee.price_total, "22 200 back")
        self.assertEqual(invoice_fee.price_subtotal, refund_fee.price_subtotal, "20 000")
        self.assertEqual(refund_fee.price_subtotal, 20000)

        # receivables: every paid order's invoices and credit notes reconciled, the
        # B2B invoice (30 days) is what the customers owe
        for move in sales - invoice_b1:
            self.assertIn(move.payment_state, _SETTLED, move.display_name)
            self.assertTrue(self.idr.is_zero(move.amount_residual), move.display_name)
        self.assertEqual(invoice_b1.payment_state, "not_paid")
        self.assertEqual(self._balance(self.receivable), 444000)
        self.assertEqual(self._partner_receivable_balance(self.shop), 444000)

        # stock: what left minus what came back
        # T-shirts: W1 2, W3 2, W5 1, W6 2, B1 4 shipped; W1, W5, W6 one back each
        # shirts: W2 1, W3 1, the exchange 1 shipped; W4 cancelled, never shipped
        quants = self.env["stock.quant"]
        stock = self.wh.lot_stock_id
        in_stock = {
            product: sum(quants._gather(product, stock).mapped("quantity"))
            for product in (kaos, kemeja)
        }
        self.assertEqual(in_stock[kaos], 100 - 11 + 3)
        self.assertEqual(in_stock[kemeja], 50 - 3)
        self.assertEqual(kaos.with_context(warehouse_id=self.wh.id).qty_available, 92)
        # the 6 T-shirts of the B2B backorder wait, reserved
        backorder = b1.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertEqual(backorder.move_ids.product_uom_qty, 6)
        self.assertEqual(quants._get_available_quantity(kaos, stock), 92 - 6)

    def test_return_of_a_line_invoiced_per_shipment(self):
        """A prepaid order of the shop (PPN included) for a product invoiced on
        delivered quantities, shipped in two parcels: its caps are on two invoices, one
        comes back damaged. The credit note gives back the price paid, with the same
        PPN inside it, and the delivery fee; nothing is invoiced or credited twice."""
        topi = self._idr_stocked_product(
            "Topi Rajut",
            111000,
            10,
            default_code="ME-TOPI",
            invoice_policy="delivery",
            taxes_id=[Command.set(self.ppn_11.ids)],
        )
        order = self._capture("PP-S1", [(topi, 3, 111000)], fee=22200)
        self._scheduler()
        self.assertEqual(order.state, "sale")
        self._ship_order(order, {topi: 2})
        self._scheduler()
        self._deliver_order(order)
        self._scheduler()
        invoices = self._moves(order)
        self.assertEqual(len(invoices), 2, "one invoice per parcel")
        self.assertEqual(sum(invoices.mapped("amount_total")), 355200)
        self.assertEqual(self._ppn(invoices), 35200)
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), invoice.name)

        rma = self._rma(order, {topi: 1}, "damaged")
        refund = rma.refund_id
        self.assertEqual(refund.state, "posted")
        goods = refund.invoice_line_ids.filtered(lambda aml: aml.product_id == topi)
        line = order.order_line.filtered(lambda sol: sol.product_id == topi)
        self.assertEqual(goods.price_total, 111000, "the price the customer paid")
        self.assertEqual(refund.amount_total, 111000 + 22200)
        self.assertEqual(goods.tax_ids, line.tax_ids, "the PPN the order charged")
        self.assertEqual(self._ppn(refund), -(11000 + 2200))
        self._pay(refund, self.gateway)
        self._scheduler()
        # nothing invoiced again, nothing credited twice
        self.assertEqual(self._moves(order), invoices)
        self.assertEqual(self._moves(order, "out_refund"), refund)
        self.assertEqual(line.qty_delivered, 2)
        self.assertEqual(line.qty_invoiced, 2)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(self._ppn(invoices | refund), 22000)
        self.assertEqual(self._partner_receivable_balance(order.partner_id), 0)

    def test_prepaid_order_short_shipped(self):
        """A prepaid order of 2 T-shirts: one leaves, the other is not found and its
        backorder is not kept. The T-shirt paid for and never shipped is credited
        (with its PPN) and paid back; it is not invoiced again."""
        order = self._capture("PP-X1", [(self.kaos, 2, 111000)], fee=11100)
        self._scheduler()
        invoice = self._moves(order)
        self.assertEqual(invoice.amount_total, 233100)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        picking = order.picking_ids.filtered("oms_is_customer_delivery")
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        res = picking.button_validate()
        Form.from_action(self.env, res).save().process_cancel_backorder()
        self._scheduler()

        refund = self._moves(order, "out_refund")
        self.assertEqual(len(refund), 1, "the T-shirt that did not leave is credited")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.amount_total, 111000)
        self.assertEqual(self._ppn(refund), -11000)
        self.assertEqual(self._ppn(invoice | refund), 12100, "PPN of 1 T-shirt + the fee")
        self.assertEqual(refund.payment_state, "paid", "paid back (the channel registers it)")
        line = order.order_line.filtered(lambda sol: sol.product_id == self.kaos)
        self.assertEqual((line.qty_delivered, line.qty_invoiced), (1, 1))
        self.assertEqual(order.invoice_status, "invoiced")
        self._scheduler()
        self.assertEqual(self._moves(order), invoice, "not invoiced again")
        self.assertEqual(self._moves(order, "out_refund"), refund)
        self.assertEqual(self._partner_receivable_balance(order.partner_id), 0)
        self.assertFalse(
            self.env["account.move"].search(
                [("company_id", "=", self.company.id), ("state", "=", "draft")]
            )
        )
