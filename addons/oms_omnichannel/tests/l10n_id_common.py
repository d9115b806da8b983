# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An Indonesian retailer, as the accountant sees it: Odoo's ``l10n_id`` chart of
accounts, IDR, PPN on tax-included prices (as Indonesian shops and marketplaces
quote them).

Used by the money tests of the add-ons (``from odoo.addons.oms_omnichannel.tests
.l10n_id_common import IndonesianCompanyCommon``); needs ``l10n_id`` installed (it
is in the project's module list, ``scripts/common.sh``)."""

from odoo import Command
from odoo.tests import Form


class IndonesianCompanyCommon:
    @classmethod
    def setUpIndonesianCompany(cls, name="PT Toko Nusantara"):
        """Create the company, load the l10n_id chart and switch ``cls.env`` to it.

        Sets cls.company, cls.idr, cls.ppn_11 (PPN 12% on the 11/12 base, i.e. 11%
        effective, the chart's non-luxury sales tax) and cls.ppn_12 (luxury goods,
        12%), both tax-included, cls.sale_journal, cls.bank_journal, cls.receivable
        (the customers' receivable account) and cls.wh (the company's warehouse)."""
        env = cls.env
        cls.idr = env.ref("base.IDR")
        cls.idr.active = True
        company = env["res.company"].create(
            {
                "name": name,
                "country_id": env.ref("base.id").id,
                "currency_id": cls.idr.id,
                "city": "Bandung",
                "street": "Jl. Braga No. 1",
            }
        )
        env.user.company_ids = [Command.link(company.id)]
        env["account.chart.template"].try_loading("id", company, install_demo=False)
        cls.env = env(context=dict(env.context, allowed_company_ids=[company.id]))
        cls.company = company
        chart = cls.env["account.chart.template"].with_company(company)
        cls.ppn_11 = chart.ref("tax_ST4")
        cls.ppn_12 = chart.ref("tax_ST3")
        (cls.ppn_11 | cls.ppn_12).price_include_override = "tax_included"
        journals = cls.env["account.journal"].search([("company_id", "=", company.id)])
        cls.sale_journal = journals.filtered(lambda j: j.type == "sale")[:1]
        cls.bank_journal = journals.filtered(lambda j: j.type == "bank")[:1]
        cls.receivable = chart.ref("l10n_id_11210010")
        cls.wh = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        return company

    @classmethod
    def _idr_stocked_product(cls, name, list_price, quantity, **vals):
        """A storable product sold with PPN 11% included and invoiced on order, with
        ``quantity`` units in stock in the company's warehouse."""
        product = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "list_price": list_price,
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.ppn_11.ids)],
                **vals,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(product, cls.wh.lot_stock_id, quantity)
        return product

    @classmethod
    def _idr_marketplace_channel(cls, name, code, **vals):
        """A marketplace channel shipping from the company's warehouse whose orders
        are paid into a clearing journal of its own (sets cls.channel and
        cls.clearing, the clearing's account, which the payouts clear)."""
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": name,
                "code": code,
                "channel_type": "marketplace",
                "warehouse_id": cls.wh.id,
                **vals,
            }
        )
        cls.channel.action_oms_create_clearing_journal()
        cls.clearing = cls.channel.oms_clearing_journal_id._oms_clearing_account()
        return cls.channel

    @classmethod
    def _idr_prepaid_workflow(cls, name="Prepaid (test)"):
        """The prepaid automatic workflow: confirm, invoice, post, register the
        payment on the company's bank journal."""
        return cls.env["sale.workflow.process"].create(
            {
                "name": name,
                "validate_order": True,
                "create_invoice": True,
                "validate_invoice": True,
                "register_payment": True,
                "property_payment_journal_id": cls.bank_journal.id,
            }
        )

    def _partner_receivable_balance(self, partner):
        """The customer's balance on the receivable account, from posted entries."""
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.company.id),
            ]
        )
        return sum(lines.mapped("balance"))

    def _balance(self, account):
        """The balance of ``account`` in the company's posted journal items."""
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.company.id),
            ]
        )
        return sum(lines.mapped("balance"))

    def _pay(self, invoices, journal=None):
        """The customer's payment of ``invoices`` (registered, reconciled)."""
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"journal_id": (journal or self.bank_journal).id})
        )
        return wizard._create_payments()

    def _ship_order(self, order, quantities=None):
        """Validate the order's open customer deliveries with the warehouse's button
        (``quantities``: {product: qty} for a partial shipment, the rest
        backordered through Odoo's backorder wizard)."""
        pickings = order.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state not in ("done", "cancel")
        )
        self.assertTrue(pickings, order.name)
        for picking in pickings:
            for move in picking.move_ids:
                move.quantity = (
                    quantities.get(move.product_id, 0) if quantities else move.product_uom_qty
                )
            picking.move_ids.picked = True
            res = picking.button_validate()
            if isinstance(res, dict):
                Form.from_action(self.env, res).save().process()
            self.assertEqual(picking.state, "done")
        return pickings

    def _deliver_order(self, order):
        """Ship the order's open deliveries and mark them delivered."""
        self._ship_order(order).action_oms_mark_delivered()
