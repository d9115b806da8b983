# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .status_common import OmsStatusFixture


@tagged("post_install", "-at_install")
class TestCustomerFacing(OmsStatusFixture, TransactionCase):
    """What the customer sees: links to the shop's public address, e-mails in the
    customer's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_oms_status_fixture()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://localhost:8069")

    def _customer_mails(self, order):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "sale.order"), ("res_id", "=", order.id)], order="id")
        )

    def test_email_links_use_the_shop_public_url(self):
        self.channel.public_url = "https://toko-batik.example.id/"
        self._stock(self.wh1, 10)
        order = self._order(self.wh1)
        order.action_confirm()
        self._commit_point()
        mails = self._customer_mails(order)
        self.assertTrue(mails)
        body = mails[-1].body_html
        # the order page link (Odoo signs it for the customer: /mail/view?...res_id=)
        self.assertIn('href="https://toko-batik.example.id/mail/view?', body)
        self.assertIn(f"res_id={order.id}", body)
        self.assertNotIn("localhost:8069", body)

    def test_system_parameter_is_the_fallback(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "oms_omnichannel.public_base_url", "https://shop.example.id"
        )
        order = self._order(self.wh1, external_ref="WEB-URL-1")
        self.assertEqual(order.get_base_url(), "https://shop.example.id")
        self.env["ir.config_parameter"].sudo().set_param("oms_omnichannel.public_base_url", "")
        self.assertEqual(order.get_base_url(), "http://localhost:8069")

    def test_customer_created_by_capture_speaks_the_address_language(self):
        payload = {
            "channel": self.channel.code,
            "external_ref": "LANG-1",
            "customer": {"name": "Dewi Lestari", "email": "dewi.lang@example.id"},
            "shipping_address": {
                "name": "Dewi Lestari",
                "street": "Jl. Braga 10",
                "city": "Bandung",
                "zip": "40111",
                "country": "ID",
            },
            "lines": [{"sku": self.product.default_code, "quantity": 1, "unit_price": 50000}],
            "payment": {"method": "bank_transfer", "status": "pending"},
        }
        order, _created = self.env["oms.capture"].capture(payload)
        self.assertEqual(order.partner_id.lang, "id_ID")
        # a channel may name the language itself
        self.channel.customer_lang = "en_US"
        payload.update(
            external_ref="LANG-2",
            customer={"name": "John Smith", "email": "john.lang@example.com"},
        )
        order, _created = self.env["oms.capture"].capture(payload)
        self.assertEqual(order.partner_id.lang, "en_US")

    def test_customer_created_by_capture_gets_the_emails_in_indonesian(self):
        """The language set at capture is the one of the e-mails: the confirmation of an
        order of an Indonesian address is written in Indonesian."""
        self.env["ir.module.module"]._load_module_terms(
            ["oms_omnichannel"], ["id_ID"], overwrite=True
        )
        self._stock(self.wh1, 10)
        payload = {
            "channel": self.channel.code,
            "external_ref": "LANG-MAIL-1",
            "customer": {"name": "Dewi Lestari", "email": "dewi.mail@example.id"},
            "shipping_address": {
                "name": "Dewi Lestari",
                "street": "Jl. Braga 10",
                "city": "Bandung",
                "zip": "40111",
                "country": "ID",
            },
            "lines": [{"sku": self.product.default_code, "quantity": 1, "unit_price": 150000}],
            "payment": {"method": "bank_transfer", "status": "pending"},
        }
        order, _created = self.env["oms.capture"].capture(payload)
        self._commit_point()
        self.assertEqual(order.partner_id.lang, "id_ID")
        if order.state != "sale":
            order.action_confirm()  # the back office confirms the bank transfer order
            self._commit_point()
        mails = self._customer_mails(order)
        self.assertTrue(mails)
        self.assertEqual(
            mails[-1].subject, f"{order.company_id.name}: pesanan {order.name} dikonfirmasi"
        )
        self.assertIn("Halo", mails[-1].body_html)
        self.assertNotIn("Hello", mails[-1].body_html)
