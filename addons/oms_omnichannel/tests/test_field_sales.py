# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .l10n_id_common import IndonesianCompanyCommon


class FieldSalesFixture:
    """A field-sales channel with an agent, two products with stock, a customer."""

    @classmethod
    def _setup_field_sales(cls):
        env = cls.env
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        cls.warehouse.delivery_steps = "ship_only"
        cls.workflow = env.ref("sale_automatic_workflow.automatic_validation")
        cls.agent = new_test_user(
            env,
            login="fs_agent",
            name="Agus Sales",
            groups="oms_omnichannel.group_oms_user",
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Sales Force",
                "code": "FIELD",
                "channel_type": "mobile",
                "warehouse_id": cls.warehouse.id,
                "allowed_warehouse_ids": [Command.set(cls.warehouse.ids)],
                "workflow_process_id": cls.workflow.id,
                "cod_workflow_process_id": cls.workflow.id,
                "api_user_ids": [Command.set(cls.agent.ids)],
                "notify_async": False,
            }
        )
        product_vals = {"type": "consu", "is_storable": True, "taxes_id": [Command.clear()]}
        cls.coffee = env["product.product"].create(
            dict(product_vals, name="Kopi Toraja 1kg", default_code="FS-KOPI", list_price=100_000)
        )
        cls.tea = env["product.product"].create(
            dict(
                product_vals,
                name="Teh Tubruk 250g",
                default_code="FS-TEH",
                barcode="8991234567890",
                list_price=50_000,
            )
        )
        quants = env["stock.quant"]
        quants._update_available_quantity(cls.coffee, cls.warehouse.lot_stock_id, 10)
        quants._update_available_quantity(cls.tea, cls.warehouse.lot_stock_id, 5)
        cls.customer = env["res.partner"].create(
            {
                "name": "Warung Bu Sri",
                "is_company": True,
                "email": "busri@example.com",
                "phone": "+62 812 1111 2222",
                "street": "Jl. Pasar Minggu 5",
                "city": "Jakarta Selatan",
                "zip": "12510",
                "state_id": env.ref("base.state_id_jk").id,
                "country_id": env.ref("base.id").id,
                "customer_rank": 1,
            }
        )


@tagged("post_install", "-at_install")
class TestFieldSales(FieldSalesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_field_sales()
        cls.service = cls.env["oms.field.sales"].with_user(cls.agent)

    def _counts(self):
        return (
            self.env["sale.order"].search_count([]),
            self.env["sale.order.line"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
        )

    def test_agent_sees_channel_customers_products_and_atp(self):
        channels = self.service.get_channels()
        self.assertEqual([c["code"] for c in channels], ["FIELD"])
        customers = self.service.search_customers("bu sri")
        self.assertEqual([c["id"] for c in customers], self.customer.ids)
        # a scanned barcode is an exact match; ATP is the channel's
        found = self.service.search_products(self.channel.id, "8991234567890")
        self.assertEqual(len(found), 1)
        self.assertEqual(found[0]["sku"], "FS-TEH")
        self.assertTrue(found[0]["exact"])
        self.assertEqual(found[0]["atp"], 5)
        self.assertEqual(found[0]["price"], 50_000)
        self.channel.atp_ratio = 50  # the channel may sell half of the stock
        found = self.service.search_products(self.channel.id, "kopi")
        self.assertEqual([(p["sku"], p["atp"], p["exact"]) for p in found], [("FS-KOPI", 5, False)])
        # a channel of another type, or one the agent may not post to, is refused
        web = self.channel.copy({"code": "FSWEB", "channel_type": "web"})
        other = self.channel.copy({"code": "FS2", "api_user_ids": [Command.clear()]})
        for channel in (web, other):
            with self.assertRaisesRegex(UserError, "field-sales channel"):
                self.service.search_products(channel.id, "kopi")

    def test_submit_captures_the_order_through_the_channel(self):
        partners = self.env["res.partner"].search_count([])
        result = self.service.submit_order(
            self.channel.id,
            self.customer.id,
            [
                {"product_id": self.coffee.id, "quantity": 3},
                {"product_id": self.tea.id, "quantity": 1},
            ],
            "FS-TEST-1",
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.channel_id, self.channel)
        self.assertEqual(order.external_ref, "FS-TEST-1")
        self.assertEqual(order.partner_id, self.customer, "the picked customer, not a new one")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(order.partner_shipping_id, self.customer)
        self.assertEqual(
            sorted(
                (line.product_id.default_code, line.product_uom_qty) for line in order.order_line
            ),
            [("FS-KOPI", 3.0), ("FS-TEH", 1.0)],
        )
        self.assertEqual(order.amount_total, 350_000)
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        self.assertEqual(order.create_uid, self.agent)
        self.assertEqual(result["oms_status"], order.oms_status)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.warehouse.id).free_qty, 7)
        # the same submit again (a retry): the same order
        again = self.service.submit_order(
            self.channel.id,
            self.customer.id,
            [
                {"product_id": self.coffee.id, "quantity": 3},
                {"product_id": self.tea.id, "quantity": 1},
            ],
            "FS-TEST-1",
        )
        self.assertEqual(again["id"], order.id)
        self.assertFalse(again["created"])

    def test_chosen_customer_only_counts_on_field_sales_channels(self):
        """The field-sales customer key in a context sent to another capture (another
        channel type) is ignored: the customer is matched or created as usual."""
        web = self.channel.copy({"code": "FSWEB2", "channel_type": "web"})
        capture = self.env["oms.capture"].with_user(self.agent)
        payload = {
            "channel": "FSWEB2",
            "external_ref": "SPOOF-1",
            "customer": {"name": "Someone Else", "email": "else@example.com"},
            "lines": [{"sku": "FS-KOPI", "quantity": 1, "unit_price": 100_000}],
            "payment": {"method": "ewallet", "status": "paid", "amount": 100_000},
        }
        order, _created = capture.with_context(oms_capture_customer_id=self.customer.id).capture(
            payload, check_api_user=True
        )
        self.assertEqual(order.channel_id, web)
        self.assertNotEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_id.email, "else@example.com")

    def test_held_order_reports_its_reasons(self):
        result = self.service.submit_order(
            self.channel.id, self.customer.id, [{"product_id": self.tea.id, "quantity": 8}]
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(result["oms_status"], "on_hold")
        self.assertTrue(result["holds"])
        self.assertEqual(result["holds"], order.exception_ids.mapped("name"))

    def test_bad_input_is_refused_and_nothing_written(self):
        coffee = {"product_id": self.coffee.id, "quantity": 1}
        service_product = self.env["product.product"].create(
            {"name": "No SKU", "type": "consu", "is_storable": True}
        )
        cases = [
            ((self.customer.id, []), "at least one product"),
            ((False, [coffee]), "Choose a customer"),
            ((999_999_999, [coffee]), "does not exist"),
            ((self.customer.id, [{"product_id": 999_999_999, "quantity": 1}]), "unknown product"),
            ((self.customer.id, [{"product_id": service_product.id, "quantity": 1}]), "unknown"),
            ((self.customer.id, [{"product_id": self.coffee.id, "quantity": 0}]), "greater than 0"),
            (
                (self.customer.id, [{"product_id": self.coffee.id, "quantity": -2}]),
                "greater than 0",
            ),
            (
                (self.customer.id, [{"product_id": self.coffee.id, "quantity": "3"}]),
                "greater than 0",
            ),
            ((self.customer.id, [{"product_id": self.coffee.id}]), "greater than 0"),
            ((self.customer.id, "not a list"), "at least one product"),
        ]
        clerk = new_test_user(self.env, login="fs_clerk", groups="base.group_user")
        before = self._counts()
        for (partner_id, lines), message in cases:
            with self.subTest(message=message, lines=lines):
                with self.assertRaisesRegex(UserError, message):
                    self.service.submit_order(self.channel.id, partner_id, lines)
        with self.assertRaisesRegex(UserError, "reference"):
            self.service.submit_order(self.channel.id, self.customer.id, [coffee], "A/B")
        with self.assertRaisesRegex(UserError, "field-sales channel"):
            self.service.submit_order(999_999, self.customer.id, [coffee])
        # a user without the OMS groups may not use the screen
        self.channel.api_user_ids = [Command.link(clerk.id)]
        with self.assertRaisesRegex(UserError, "OMS users"):
            self.env["oms.field.sales"].with_user(clerk).submit_order(
                self.channel.id, self.customer.id, [coffee]
            )
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install")
class TestFieldSalesAgentSees(IndonesianCompanyCommon, FieldSalesFixture, TransactionCase):
    """What the agent of an Indonesian shop sees: a readable reference, the total in
    the channel's currency (IDR) before and after the submit, what happens next; a
    customer added on the spot, a delivery address picked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        cls._setup_field_sales()
        cls.service = cls.env["oms.field.sales"].with_user(cls.agent)

    def test_reference_currency_and_next_step(self):
        reference = self.service.new_reference()
        self.assertRegex(reference, r"^FS-AGUS-\d{5}$")
        following = self.service.new_reference()
        self.assertEqual(int(following[-5:]), int(reference[-5:]) + 1)
        # before the submit: the channel's currency and its prices
        self.assertEqual([c["currency"] for c in self.service.get_channels()], ["IDR"])
        found = self.service.search_products(self.channel.id, "FS-KOPI", self.customer.id)
        self.assertEqual(found[0]["price"], 100_000)
        result = self.service.submit_order(
            self.channel.id,
            self.customer.id,
            [
                {"product_id": self.coffee.id, "quantity": 3},
                {"product_id": self.tea.id, "quantity": 1},
            ],
            reference,
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.external_ref, reference)
        self.assertEqual(result["external_ref"], reference)
        # after the submit: still IDR, the same total
        self.assertEqual((result["currency"], result["amount_total"]), ("IDR", 350_000))
        self.assertEqual(order.currency_id.name, "IDR")
        self.assertEqual(result["oms_status"], "allocated")
        self.assertEqual(result["oms_status_label"], "Allocated")
        self.assertTrue(order.oms_promised_ship_date)
        self.assertIn(
            f"The goods are reserved in {self.warehouse.name}: the warehouse picks, packs "
            "and ships them. Promised ship date: ",
            result["next_step"],
        )
        self.assertEqual(result["delivery_address"], "Jl. Pasar Minggu 5, Jakarta Selatan, 12510")

        # more than the stock: held, and the agent reads why and what happens
        held = self.service.submit_order(
            self.channel.id, self.customer.id, [{"product_id": self.tea.id, "quantity": 8}]
        )
        self.assertEqual(held["oms_status"], "on_hold")
        self.assertRegex(held["external_ref"], r"^FS-AGUS-\d{5}$")
        self.assertTrue(held["next_step"].startswith(f"On hold: {held['holds'][0]}"))
        self.assertIn("once released it is confirmed and shipped", held["next_step"])

    def test_agent_adds_a_customer_and_picks_the_delivery_address(self):
        partners = self.env["res.partner"].with_context(active_test=False)
        before = partners.search_count([])
        new = self.service.create_customer(
            {
                "name": "Toko Maju",
                "phone": "0812-9999-8888",
                "street": "Jl. Merdeka 7",
                "city": "Bogor",
                "province": "jawa barat",
                "zip": "16121",
            }
        )
        customer = self.env["res.partner"].browse(new["id"])
        self.assertEqual(customer.state_id, self.env.ref("base.state_id_jb"))
        self.assertEqual(partners.search_count([]), before + 1)
        self.assertEqual(
            (customer.name, customer.street, customer.city), ("Toko Maju", "Jl. Merdeka 7", "Bogor")
        )
        self.assertEqual(customer.country_id.code, "ID")
        self.assertEqual(new["address_id"], customer.id)
        self.assertEqual(customer.company_id, self.company)
        # the same phone again, another street: the same customer, a delivery address
        again = self.service.create_customer(
            {
                "name": "Toko Maju",
                "phone": "+62 812 9999 8888",
                "street": "Jl. Raya Pajajaran 3",
                "city": "Bogor",
            }
        )
        self.assertEqual(again["id"], customer.id)
        delivery = customer.child_ids
        self.assertEqual(delivery.type, "delivery")
        self.assertEqual(again["address_id"], delivery.id)
        self.assertEqual(
            [(a["id"], a["label"], a["own"]) for a in self.service.get_addresses(customer.id)],
            [
                (customer.id, "Jl. Merdeka 7, Bogor, 16121", True),
                (delivery.id, "Jl. Raya Pajajaran 3, Bogor", False),
            ],
        )
        result = self.service.submit_order(
            self.channel.id,
            customer.id,
            [{"product_id": self.coffee.id, "quantity": 1}],
            None,
            None,
            delivery.id,
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.partner_id, customer)
        self.assertEqual(order.partner_shipping_id, delivery)
        self.assertEqual(result["delivery_address"], "Jl. Raya Pajajaran 3, Bogor")

        # another customer's address, bad customer data: refused, nothing written
        orders = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "not one of the customer's"):
            self.service.submit_order(
                self.channel.id,
                self.customer.id,
                [{"product_id": self.coffee.id, "quantity": 1}],
                None,
                None,
                delivery.id,
            )
        for vals, message in (
            ({}, "Enter the customer's name"),
            ({"name": "Tanpa Kontak"}, "phone number or an e-mail"),
            ({"name": "X", "email": "not-an-email"}, "e-mail address is not valid"),
            ({"name": "X", "phone": "0812 1", "street": "Jl. A"}, "city"),
            ({"name": "X", "phone": "0812 1", "province": "Atlantis"}, "Unknown province"),
        ):
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                self.service.create_customer(vals)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.assertEqual(partners.search_count([]), before + 2)


@tagged("post_install", "-at_install")
class TestFieldSalesTour(IndonesianCompanyCommon, FieldSalesFixture, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        cls._setup_field_sales()
        cls.depot = cls.env["res.partner"].create(
            {
                "name": "Gudang Bu Sri",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "Jl. Raya Bogor 12",
                "city": "Depok",
                "zip": "16412",
                "state_id": cls.env.ref("base.state_id_jb").id,
                "country_id": cls.env.ref("base.id").id,
            }
        )

    def test_field_sales_tour_on_a_phone(self):
        """An agent of an Indonesian shop takes an order on a 375 px wide touch screen:
        a readable reference, customer and its delivery address, a product found by
        name, one scanned, ATP visible, the total in IDR, submit; the screen then says
        the status, what happens next and the total, still in IDR; then the agent adds
        a new customer for the next order."""
        service = self.env["oms.field.sales"].with_user(self.agent)
        self.assertEqual(
            [a["id"] for a in service.get_addresses(self.customer.id)],
            [self.customer.id, self.depot.id],
        )
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_field_sales",
            "oms_field_sales_tour",
            login="fs_agent",
        )
        order = self.env["sale.order"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(len(order), 1)
        self.assertTrue(re.fullmatch(r"FS-AGUS-\d{5}", order.external_ref), order.external_ref)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id, self.depot)
        self.assertEqual(order.currency_id.name, "IDR")
        added = self.env["res.partner"].search([("name", "=", "Toko Maju Jaya")])
        self.assertEqual(len(added), 1)
        self.assertEqual(
            (added.street, added.city, added.zip, added.state_id.name),
            ("Jl. Merdeka 7", "Bogor", "16121", "Jawa Barat"),
        )
        self.assertEqual(added.phone, "+6281299998888")
        self.assertEqual(order.create_uid, self.agent)
        self.assertEqual(
            sorted(
                (line.product_id.default_code, line.product_uom_qty) for line in order.order_line
            ),
            [("FS-KOPI", 2.0), ("FS-TEH", 1.0)],
        )
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        self.assertIn(order.oms_status, ("confirmed", "allocated"))
        self.assertEqual(order.amount_total, 250_000)
