# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.models.oms_capture import CaptureError


@tagged("post_install", "-at_install")
class TestOtherCountryCompany(TransactionCase):
    """The test database's company is Indonesian (l10n_id, IDR: ``scripts/test``);
    this one proves a company elsewhere still works end to end: a US company on
    Odoo's generic chart sells in USD, with tax added on top for B2B and included
    for the web shop, and the invoice is posted and paid in USD."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        usd = env.ref("base.USD")
        usd.active = True
        cls.company = env["res.company"].create(
            {
                "name": "Rattan Goods Inc.",
                "country_id": env.ref("base.us").id,
                "currency_id": usd.id,
                "city": "Portland",
                "street": "1 Main Street",
            }
        )
        env.user.company_ids = [Command.link(cls.company.id)]
        env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        cls.env = env(context=dict(env.context, allowed_company_ids=[cls.company.id]))
        cls.usd = usd
        cls.sales_tax = cls.env["account.tax"].create(
            {
                "name": "Sales tax 10% (test)",
                "amount": 10.0,
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.bag = cls.env["product.product"].create(
            {
                "name": "Rattan bag",
                "default_code": "US-BAG",
                "is_storable": True,
                "list_price": 40.0,
                "taxes_id": [Command.set(cls.sales_tax.ids)],
                "company_id": cls.company.id,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.bag, cls.warehouse.lot_stock_id, 10)
        cls.web = cls.env["oms.channel"].create(
            {
                "name": "US web shop",
                "code": "USWEB",
                "channel_type": "web",
                "warehouse_id": cls.warehouse.id,
                "company_id": cls.company.id,
            }
        )

    def _payload(self, ref, **overrides):
        data = {
            "channel": "USWEB",
            "external_ref": ref,
            "currency": "USD",
            "customer": {"name": "Jane Doe", "email": "jane.doe@example.com"},
            "shipping_address": {
                "name": "Jane Doe",
                "street": "2 Oak Avenue",
                "city": "Portland",
                "state": "OR",
                "zip": "97201",
                "country": "US",
            },
            "lines": [{"sku": "US-BAG", "quantity": 2, "unit_price": 44.0}],
            "payment": {"method": "card", "status": "paid", "amount": 88.0},
        }
        data.update(overrides)
        return data

    def test_us_company_sells_and_invoices_in_usd(self):
        self.assertEqual(self.web.pricelist_id.currency_id, self.usd)
        order, created = self.env["oms.capture"].capture(self._payload("US-1"))
        self.assertTrue(created)
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.currency_id, self.usd)
        self.assertEqual(order.amount_total, 88.0, "the web shop's price includes the tax")
        self.assertEqual(order.amount_tax, 8.0)
        if order.state == "draft":
            order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.warehouse)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.currency_id, self.usd)
        self.assertEqual(invoice.amount_total, 88.0)
        self.assertEqual(invoice.amount_tax, 8.0)
        bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": bank.id})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_payload_in_idr_is_refused_on_a_usd_channel(self):
        with self.assertRaises(CaptureError) as caught:
            self.env["oms.capture"].capture(self._payload("US-2", currency="IDR"))
        message = str(caught.exception.to_dict())
        self.assertIn("USD", message)
        self.assertIn("IDR", message)
        self.assertFalse(self.env["sale.order"].search([("external_ref", "=", "US-2")]))
