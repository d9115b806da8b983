# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.models.oms_capture import CaptureError


@tagged("post_install", "-at_install")
class TestChannelMoney(TransactionCase):
    """Per-channel money settings: the channel's pricelist fixes its currency, and a
    channel whose prices include PPN charges exactly what the shop charged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.currency = cls.company.currency_id
        cls.ppn = env["account.tax"].create(
            {
                "name": "PPN 11% (test)",
                "amount": 11.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "company_id": cls.company.id,
            }
        )
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.tas = env["product.product"].create(
            {
                "name": "Tas Rotan",
                "default_code": "TAS-ROTAN",
                "type": "consu",
                "list_price": 111_000,
                "taxes_id": [Command.set(cls.ppn.ids)],
            }
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "JNE REG (test)",
                "oms_code": "jne_money",
                "delivery_type": "fixed",
                "product_id": env["product.product"]
                .create(
                    {
                        "name": "Ongkos kirim",
                        "type": "service",
                        "taxes_id": [Command.set(cls.ppn.ids)],
                    }
                )
                .id,
            }
        )
        cls.web, cls.b2b = env["oms.channel"].create(
            [
                {
                    "name": "Toko Web (money)",
                    "code": "WEBMONEY",
                    "channel_type": "web",
                    "warehouse_id": cls.warehouse.id,
                },
                {
                    "name": "Grosir (money)",
                    "code": "B2BMONEY",
                    "channel_type": "b2b",
                    "warehouse_id": cls.warehouse.id,
                },
            ]
        )

    def _payload(self, channel, ref, **overrides):
        data = {
            "channel": channel.code,
            "external_ref": ref,
            "customer": {"name": "Siti Aminah", "email": "siti.money@example.id"},
            "shipping_address": {
                "name": "Siti Aminah",
                "street": "Jl. Kemang Raya 12",
                "city": "Jakarta Selatan",
                "state": "DKI Jakarta",
                "zip": "12730",
                "country": "ID",
            },
            "lines": [
                {"sku": "TAS-ROTAN", "quantity": 2, "unit_price": 111_000, "discount": 10},
                {"sku": "TAS-ROTAN", "quantity": 1, "unit_price": 55_500},
            ],
            "shipping": {"fee": 10_000, "carrier": "jne_money"},
            "payment": {"method": "bank_transfer", "status": "paid", "amount": 265_300},
            "currency": self.currency.name,
        }
        data.update(overrides)
        return data

    def test_channel_gets_a_pricelist_in_company_currency(self):
        self.assertTrue(self.web.pricelist_id, "a channel never falls back to another currency")
        self.assertEqual(self.web.pricelist_id.currency_id, self.currency)
        self.assertTrue(self.web.prices_include_tax)
        self.assertFalse(self.b2b.prices_include_tax, "B2B quotes prices before tax")

    def test_tax_included_channel_charges_what_the_shop_charged(self):
        order, created = self.env["oms.capture"].capture(self._payload(self.web, "MONEY-1"))
        self.assertTrue(created)
        self.assertEqual(order.currency_id, self.currency)
        self.assertEqual(order.amount_total, 265_300, "total equals what the customer paid")
        product_lines = order.order_line.filtered(lambda line: not line.is_delivery)
        delivery = order.order_line.filtered("is_delivery")
        self.assertEqual(product_lines.tax_ids.oms_excluded_tax_id, self.ppn)
        self.assertTrue(all(product_lines.tax_ids.mapped("price_include")))
        self.assertEqual(delivery.price_total, 10_000, "shipping fee includes its PPN")
        self.assertEqual(delivery.tax_ids.oms_excluded_tax_id, self.ppn)
        # PPN inside the gross amounts: 199,800 + 55,500 + 10,000 at 11 %
        expected_tax = sum(
            self.currency.round(gross - gross / 1.11) for gross in (199_800, 55_500, 10_000)
        )
        self.assertAlmostEqual(order.amount_tax, expected_tax, delta=self.currency.rounding * 3)
        self.assertEqual(order.amount_untaxed + order.amount_tax, 265_300)
        self.assertNotIn(
            "payment_mismatch",
            [r.get_external_id()[r.id].split(".")[-1] for r in order.exception_ids],
        )
        self.assertFalse(order.oms_hold, f"held by {order.exception_ids.mapped('name')}")
        order.action_confirm() if order.state == "draft" else None
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 265_300, "the invoice agrees with the payment")
        self.assertEqual(invoice.amount_tax, order.amount_tax)
        # the twin is made once and reused
        order2, _created = self.env["oms.capture"].capture(self._payload(self.web, "MONEY-2"))
        self.assertEqual(order2.order_line.tax_ids, order.order_line.tax_ids)

    def test_b2b_channel_adds_tax_on_top(self):
        payload = self._payload(
            self.b2b,
            "MONEY-B2B",
            lines=[{"sku": "TAS-ROTAN", "quantity": 1, "unit_price": 100_000}],
            shipping=None,
            payment={"method": "bank_transfer", "status": "pending"},
        )
        payload.pop("shipping")
        order, _created = self.env["oms.capture"].capture(payload)
        self.assertEqual(order.order_line.tax_ids, self.ppn)
        self.assertEqual(order.amount_untaxed, 100_000)
        self.assertEqual(order.amount_total, 111_000)

    def test_other_currency_refused_naming_both(self):
        other = "USD" if self.currency.name != "USD" else "EUR"
        with self.assertRaises(CaptureError) as caught:
            self.env["oms.capture"].capture(self._payload(self.web, "MONEY-3", currency=other))
        message = str(caught.exception.to_dict())
        self.assertIn(other, message)
        self.assertIn(self.currency.name, message)
        self.assertFalse(
            self.env["sale.order"].search([("external_ref", "=", "MONEY-3")]),
            "nothing is written",
        )
