# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user


class ReturnsCommon:
    """Shared fixture: two warehouses, stocked products, a channel with a return
    policy, and helpers building confirmed, delivered and invoiced orders."""

    @classmethod
    def setUpReturns(cls):
        env = cls.env
        cls.company = env.company
        # returns tests build many similar orders for one customer: the OMS
        # validation rules (tested in oms_omnichannel) would hold them as duplicates
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.wh = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.wh_central = env["stock.warehouse"].create(
            {"name": "Central Returns", "code": "CRET", "company_id": cls.company.id}
        )
        cls.tax = env["account.tax"].create(
            {"name": "PPN 11% test", "amount": 11, "type_tax_use": "sale"}
        )
        cls.categ_fashion = env["product.category"].create({"name": "Fashion"})
        cls.kaos = env["product.product"].create(
            {
                "name": "Kaos Polos",
                "default_code": "KAOS-01",
                "is_storable": True,
                "list_price": 100000,
                "invoice_policy": "order",
                "categ_id": cls.categ_fashion.id,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.celana = env["product.product"].create(
            {
                "name": "Celana Jeans",
                "default_code": "JEANS-01",
                "is_storable": True,
                "list_price": 250000,
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.kaos_l = env["product.product"].create(
            {
                "name": "Kaos Polos L",
                "default_code": "KAOS-01-L",
                "is_storable": True,
                "list_price": 100000,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        for product in cls.kaos | cls.celana | cls.kaos_l:
            env["stock.quant"]._update_available_quantity(product, cls.wh.lot_stock_id, 20)
        cls.workflow = env["sale.workflow.process"].create(
            {"name": "Prepaid test", "validate_order": True}
        )
        cls.api_user = new_test_user(
            env, login="oms_returns_api", groups="oms_omnichannel.group_oms_user"
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Web Shop",
                "code": "WEBRET",
                "channel_type": "web",
                # these tests reason in prices before tax; tax-included channels (the
                # default for web shops) are covered by test_returns_books (l10n_id)
                "prices_include_tax": False,
                "warehouse_id": cls.wh.id,
                "workflow_process_id": cls.workflow.id,
                "api_user_ids": [Command.set(cls.api_user.ids)],
            }
        )
        cls.reason = {reason.code: reason for reason in env["oms.return.reason"].search([])}
        cls.policy = env["oms.return.policy"].create(
            {
                "name": "Web 7 days",
                "channel_id": cls.channel.id,
                "window_days": 7,
                "approval": "auto",
                "auto_approve_max_amount": 1000000,
                "restocking_fee_percent": 10,
                "auto_post_refund": True,
                "reason_ids": [
                    Command.set(
                        [
                            cls.reason[code].id
                            for code in ("damaged", "changed_mind", "size_fit", "wrong_item")
                        ]
                    )
                ],
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Siti Rahma", "email": "siti@example.com", "city": "Bandung"}
        )
        cls.delivery_product = env["product.product"].create(
            {"name": "Ongkos Kirim", "type": "service", "invoice_policy": "order"}
        )
        cls._ref_seq = 0

    @classmethod
    def _make_order(
        cls, lines, partner=None, delivered_days_ago=1, payment_method="prepaid", delivery_fee=0
    ):
        """Confirmed, delivered (all quantities) and invoiced (posted) order.

        lines: [(product, qty, price_unit)]; delivery_fee: the customer's
        delivery fee (an untaxed delivery line)."""
        cls._ref_seq += 1
        delivery_lines = []
        if delivery_fee:
            delivery_lines.append(
                Command.create(
                    {
                        "product_id": cls.delivery_product.id,
                        "product_uom_qty": 1,
                        "price_unit": delivery_fee,
                        "is_delivery": True,
                        "tax_ids": [Command.clear()],
                    }
                )
            )
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "channel_id": cls.channel.id,
                "external_ref": f"WEB-{cls._ref_seq:04d}",
                "warehouse_id": cls.wh.id,
                "payment_method": payment_method,
                "payment_status": "paid",
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, "price_unit": price}
                    )
                    for product, qty, price in lines
                ]
                + delivery_lines,
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        picking.oms_delivered_date = fields.Datetime.now() - timedelta(days=delivered_days_ago)
        invoice = order._create_invoices()
        invoice.action_post()
        return order

    def _free_qty(self, product, warehouse=None):
        product.invalidate_recordset()
        return product.with_context(warehouse_id=(warehouse or self.wh).id).free_qty

    def _receive_and_restock(self, rmas):
        """The customers' parcels come back (every reception of the RMAs), are
        inspected as opened and restocked."""
        pickings = rmas.reception_move_id.picking_id
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.button_validate()
        rmas.write({"grade": "opened", "disposition": "restock"})
        for rma in rmas:
            rma.action_oms_apply_disposition()

    def _receive(self, rmas):
        """Validate the customer's return parcel (reception picking) of the RMAs."""
        picking = rmas.reception_move_id.picking_id
        self.assertEqual(len(picking), 1, "one reception for the whole request")
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking
