# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dropship and bought-to-order lines as sources, end to end through the capture service:
captured, validated, sourced, promised, purchased (by Odoo's routes), shipped, invoiced."""

import json
from datetime import timedelta

from jsonschema import Draft202012Validator

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.oms_omnichannel.tests.order_types_common import OmsOrderTypesFixture
from odoo.addons.oms_omnichannel.tools import capture_schema, promise


class OmsDropshipFixture(OmsOrderTypesFixture):
    """Mixin: a vendor, a dropship product, a bought-to-order product, one without vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()
        env = cls.env
        cls.company.days_to_purchase = 1
        cls.dropship_route = env.ref("stock_dropshipping.route_drop_shipping")
        cls.mto_route = env.ref("stock.route_warehouse0_mto")
        cls.mto_route.active = True  # archived by default (Inventory settings: MTO)
        cls.vendor = env["res.partner"].create(
            {
                "name": "CV Rotan Cirebon",
                "is_company": True,
                "state_id": env.ref("base.state_id_jb").id,
                "country_id": cls.indonesia.id,
            }
        )
        product_vals = {
            "type": "consu",
            "is_storable": True,
            "taxes_id": [Command.clear()],
            "supplier_taxes_id": [Command.clear()],
            "invoice_policy": "order",
        }
        cls.chair = env["product.product"].create(
            dict(
                product_vals,
                name="Kursi Rotan",
                default_code="ROTAN-KURSI",
                list_price=750_000,
                route_ids=[Command.set(cls.dropship_route.ids)],
                seller_ids=[
                    Command.create({"partner_id": cls.vendor.id, "delay": 4, "price": 400_000})
                ],
            )
        )
        cls.cabinet = env["product.product"].create(
            dict(
                product_vals,
                name="Lemari Jati",
                default_code="LEMARI-JATI",
                list_price=2_500_000,
                # bought by the warehouse's Buy route (Odoo 19: a warehouse route, "buy
                # to resupply", on by default for the main warehouse)
                route_ids=[Command.set(cls.mto_route.ids)],
                seller_ids=[
                    Command.create({"partner_id": cls.vendor.id, "delay": 6, "price": 1_500_000})
                ],
            )
        )
        cls.table = env["product.product"].create(
            dict(
                product_vals,
                name="Meja Bambu",
                default_code="MEJA-BAMBU",
                list_price=300_000,
                route_ids=[Command.set(cls.dropship_route.ids)],
            )
        )
        cls.coffee.default_code = "KOPI-1KG"
        cls.counter = 0

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _capture(self, lines, user=None, shipping=None):
        """Capture a paid web order of ``[(product, qty)]`` through the capture service."""
        capture = self.env["oms.capture"].with_user(user) if user else self.env["oms.capture"]
        order, created = capture.capture(self._payload(lines, shipping), check_api_user=bool(user))
        self.assertTrue(created)
        return order.with_user(self.env.user)

    def _payload(self, lines, shipping=None):
        type(self).counter += 1
        total = sum(product.list_price * qty for product, qty in lines)
        total += shipping["fee"] if shipping else 0
        return {
            "channel": self.web.code,
            "external_ref": f"DS-{self.counter}",
            "customer": {
                "name": "Sari Dewi",
                "email": "sari@example.id",
                "phone": "0812-7777-1234",
            },
            "shipping_address": {
                "name": "Sari Dewi",
                "street": "Jl. Kemang Raya 10",
                "city": "Jakarta Selatan",
                "state": "Jakarta",
                "zip": "12730",
                "country": "ID",
            },
            "lines": [
                {"sku": product.default_code, "quantity": qty, "unit_price": product.list_price}
                for product, qty in lines
            ],
            "payment": {"method": "ewallet", "status": "paid", "amount": total},
            "currency": self.company.currency_id.name,
            **({"shipping": shipping} if shipping else {}),
        }

    def _line(self, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    def _ordered_on(self, order):
        # the order's date where it was placed (the user's time zone, else Jakarta's)
        tz = self.env.user.tz or "Asia/Jakarta"
        return fields.Datetime.context_timestamp(order.with_context(tz=tz), order.date_order).date()

    def _purchases(self):
        return self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)])

    def _validate(self, picking, tracking_ref=None):
        if tracking_ref:
            picking.carrier_tracking_ref = tracking_ref
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")


@tagged("post_install", "-at_install")
class TestOrderTypesDropship(OmsDropshipFixture, TransactionCase):
    def test_dropship_line_is_purchased_and_shipped_by_the_vendor(self):
        self._stock(self.coffee, self.wh_main, 10)
        atp = self.env["oms.atp"]
        chair_atp = atp._get_atp([self.chair.id], [self.wh_main.id])[self.wh_main.id, self.chair.id]
        order = self._capture([(self.coffee, 2), (self.chair, 3)])

        # validated and confirmed: no stock of chairs, yet not held (the vendor ships)
        self.assertFalse(order.exception_ids)
        self.assertEqual(order.state, "sale")
        chair_line, coffee_line = self._line(order, self.chair), self._line(order, self.coffee)
        self.assertEqual(chair_line.oms_supply_type, "dropship")
        self.assertEqual(chair_line.oms_vendor_id, self.vendor)
        self.assertFalse(coffee_line.oms_supply_type)
        # Odoo's buy rule: vendor delay 4 + the company's days to purchase 1
        self.assertEqual(chair_line.oms_supply_lead_days, 5)
        self.assertEqual(order.oms_sourcing_outcome, "split")
        self.assertIn(
            "Kursi Rotan x 3: Vendor ships directly - vendor CV Rotan Cirebon, lead time 5 day(s)",
            order.oms_sourcing_explanation,
        )
        self.assertIn(self.wh_main.name, order.oms_sourcing_explanation)
        # no warehouse stock used for the chairs
        self.assertEqual(
            atp._get_atp([self.chair.id], [self.wh_main.id])[self.wh_main.id, self.chair.id],
            chair_atp,
        )
        self.assertEqual(self._free_qty(self.coffee, self.wh_main), 8)

        # Odoo's dropship route created a request for quotation to the vendor, shipping
        # to the customer's address
        purchase = self._purchases()
        self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.state, "draft", "Odoo creates an RFQ; a buyer confirms it")
        self.assertEqual(purchase.order_line.product_id, self.chair)
        self.assertEqual(purchase.order_line.product_qty, 3)
        self.assertEqual(purchase.dest_address_id, order.partner_shipping_id)
        self.assertEqual(purchase.picking_type_id.code, "dropship")
        self.assertEqual(chair_line.oms_supply_state, "rfq")

        # promise: the vendor ships after its lead time, then the carrier's transit
        # (1 to 3 of its working days without a zone rate)
        ship = self._ordered_on(order) + timedelta(days=5)
        self.assertEqual(order.oms_promised_ship_date, ship)
        self.assertEqual(
            order.oms_promised_delivery_from,
            promise.add_working_days(ship, 1, promise.MON_SAT, frozenset()),
        )
        self.assertEqual(
            order.oms_promised_delivery_to,
            promise.add_working_days(ship, 3, promise.MON_SAT, frozenset()),
        )

        # the warehouse ships the coffee: only part of the order has left
        stock_delivery = order.delivery_picking_ids
        self.assertEqual(len(stock_delivery), 1)
        self.assertEqual(stock_delivery.move_ids.product_id, self.coffee)
        self._validate(stock_delivery, "JNE0001")
        self.assertEqual(order.oms_status, "partially_shipped")

        # the buyer confirms the purchase: the dropship picking is a shipment of its own
        purchase.button_confirm()
        self.assertEqual(chair_line.oms_supply_state, "ordered")
        dropship = order.picking_ids.filtered(lambda p: p.picking_type_id.code == "dropship")
        self.assertEqual(len(dropship), 1)
        self.assertEqual(dropship.oms_supply_type, "dropship")
        # Odoo's dropship picking: from the vendor (its contact) to the customer location
        self.assertEqual(dropship.partner_id, self.vendor)
        self.assertEqual(dropship.location_dest_id.usage, "customer")
        self.assertEqual(dropship.sale_id, order)
        self.assertEqual(dropship.move_ids.product_qty, 3)
        self.assertEqual(order.delivery_picking_ids, stock_delivery | dropship)
        self.assertEqual(order.oms_shipment_count, 2)
        self.assertEqual(order.oms_status, "partially_shipped")

        # the vendor ships with its own tracking number
        self._validate(dropship, "SICEPAT-DS-77")
        self.assertEqual(chair_line.qty_delivered, 3)
        self.assertEqual(chair_line.oms_supply_state, "shipped")
        self.assertEqual(order.oms_status, "shipped")
        self.assertIn("SICEPAT-DS-77", order.oms_tracking_refs)
        self.assertIn("JNE0001", order.oms_tracking_refs)
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: dropship.name in m.body and "SICEPAT-DS-77" in m.body
            ),
            "the dropship shipment is logged on the order like a delivery",
        )
        status = self.env["oms.capture"].order_status(order)
        self.assertEqual(
            {(s["reference"], s["tracking_ref"], s["supply"]) for s in status["shipments"]},
            {
                (stock_delivery.name, "JNE0001", "stock"),
                (dropship.name, "SICEPAT-DS-77", "dropship"),
            },
        )
        self.assertEqual(
            {(line["sku"], line["supply"], line["supply_status"]) for line in status["lines"]},
            {("KOPI-1KG", "stock", None), ("ROTAN-KURSI", "dropship", "shipped")},
        )
        self.assertEqual(
            list(Draft202012Validator(capture_schema.ORDER_STATUS_SCHEMA).iter_errors(status)), []
        )

        # delivered, then invoiced and posted by the channel's automatic workflow
        order.delivery_picking_ids.action_oms_mark_delivered()
        self.assertEqual(order.oms_status, "delivered")
        self.env["automatic.workflow.job"].run_with_workflow(self.web.workflow_process_id)
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            {(line.product_id, line.quantity) for line in invoice.invoice_line_ids},
            {(self.coffee, 2), (self.chair, 3)},
        )
        self.assertEqual(order.oms_status, "done")

    def test_buy_to_order_line_is_purchased_and_ships_after_the_receipt(self):
        self._stock(self.coffee, self.wh_main, 10)
        # stock of cabinets exists, but the product is bought to order (MTO route)
        self._stock(self.cabinet, self.wh_main, 5)
        self.assertTrue(self.wh_main.buy_to_resupply)
        atp = self.env["oms.atp"]
        cabinet_atp = atp._get_atp([self.cabinet.id], [self.wh_main.id])
        order = self._capture([(self.coffee, 1), (self.cabinet, 2)])
        self.assertEqual(order.state, "sale")
        cabinet_line = self._line(order, self.cabinet)
        self.assertEqual(cabinet_line.oms_supply_type, "buy")
        self.assertEqual(cabinet_line.oms_vendor_id, self.vendor)
        self.assertEqual(cabinet_line.oms_supply_lead_days, 7)  # 6 + 1 day to purchase
        self.assertIn(
            "Lemari Jati x 2: Bought to order - vendor CV Rotan Cirebon, lead time 7 day(s)",
            order.oms_sourcing_explanation,
        )
        # the stock on hand is not reserved and the ATP does not count the order
        self.assertEqual(self._free_qty(self.cabinet, self.wh_main), 5)
        self.assertEqual(atp._get_atp([self.cabinet.id], [self.wh_main.id]), cabinet_atp)

        purchase = self._purchases()
        self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.state, "draft")
        self.assertEqual(purchase.order_line.product_qty, 2)
        self.assertEqual(purchase.picking_type_id, self.wh_main.in_type_id)
        self.assertEqual(cabinet_line.oms_supply_state, "rfq")

        # promise: the goods arrive after the lead time, then the warehouse ships
        arrival = self._ordered_on(order) + timedelta(days=7)
        self.assertGreaterEqual(order.oms_promised_ship_date, arrival)
        self.assertLessEqual(order.oms_promised_ship_date, arrival + timedelta(days=3))

        # a delivery of its own, waiting for the vendor; the coffee ships at once
        deliveries = order.delivery_picking_ids
        self.assertEqual(len(deliveries), 2)
        cabinet_delivery = deliveries.filtered(lambda p: p.oms_supply_type == "buy")
        coffee_delivery = deliveries - cabinet_delivery
        self.assertEqual(cabinet_delivery.move_ids.product_id, self.cabinet)
        self.assertEqual(cabinet_delivery.state, "waiting")
        self.assertEqual(coffee_delivery.move_ids.product_id, self.coffee)
        self.assertEqual(coffee_delivery.state, "assigned")
        self._validate(coffee_delivery)
        self.assertEqual(order.oms_status, "partially_shipped")

        purchase.button_confirm()
        self.assertEqual(cabinet_line.oms_supply_state, "ordered")
        receipt = purchase.picking_ids
        self.assertEqual(receipt.picking_type_id, self.wh_main.in_type_id)
        self._validate(receipt)
        self.assertEqual(cabinet_line.oms_supply_state, "received")
        self.assertEqual(cabinet_delivery.state, "assigned")
        self.assertEqual(order.oms_status, "partially_shipped")
        # the units received are the order's: the stock on hand is still free
        self.assertEqual(self._free_qty(self.cabinet, self.wh_main), 5)

        self._validate(cabinet_delivery, "JNE0002")
        self.assertEqual(cabinet_line.oms_supply_state, "shipped")
        self.assertEqual(order.oms_status, "shipped")

    def test_api_answer_and_explanation_give_one_outcome(self):
        """A bought-to-order line ships in a delivery of its own: the API's answer, the
        order's outcome and the first line of its explanation all say "split"; an order
        the vendor ships alone is "single" in all three."""
        capture = self.env["oms.capture"]
        self._stock(self.coffee, self.wh_main, 10)
        order = self._capture([(self.coffee, 1), (self.cabinet, 1)])
        self.assertEqual(len(order.delivery_picking_ids), 2)
        answer = capture.order_result(order, True)
        self.assertEqual(answer["sourcing"], "split")
        self.assertEqual(order.oms_sourcing_outcome, "split")
        explanation = order.oms_sourcing_explanation.split("\n")
        self.assertEqual(explanation[0], "Outcome: split")
        self.assertEqual(
            [line for line in explanation if line.startswith("Outcome:")], ["Outcome: split"]
        )
        self.assertIn("Lemari Jati x 1: Bought to order", order.oms_sourcing_explanation)

        order = self._capture([(self.chair, 2)])
        answer = capture.order_result(order, True)
        self.assertEqual(answer["sourcing"], "single")
        self.assertEqual(order.oms_sourcing_explanation.split("\n")[0], "Outcome: single")

    def test_dropship_product_without_vendor_holds_the_order(self):
        purchases = self.env["purchase.order"].search_count([])
        order = self._capture([(self.table, 1)])
        self.assertEqual(order.state, "draft")
        self.assertEqual(
            order.exception_ids, self.env.ref("oms_dropship.exception_rule_vendor_missing")
        )
        self.assertEqual(order.oms_status, "on_hold")
        # nothing half-written: no purchase, no transfer
        self.assertEqual(self.env["purchase.order"].search_count([]), purchases)
        self.assertFalse(order.picking_ids)

        # the vendor is added: the order passes and Odoo buys from it
        self.table.seller_ids = [Command.create({"partner_id": self.vendor.id, "delay": 2})]
        order._oms_process_captured()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._purchases().order_line.product_id, self.table)
        self.assertEqual(self._line(order, self.table).oms_supply_lead_days, 3)

    def test_reroute_leaves_the_vendor_shipment_alone(self):
        self._stock(self.coffee, self.wh_main, 10)
        order = self._capture([(self.coffee, 1), (self.chair, 2)])
        purchase = self._purchases()
        purchase.button_confirm()
        dropship = order.picking_ids.filtered(lambda p: p.oms_supply_type == "dropship")
        stock_delivery = order.delivery_picking_ids - dropship
        order.action_oms_reroute()
        self.assertEqual(dropship.state, "assigned", "the vendor's shipment is not cancelled")
        self.assertEqual(stock_delivery.state, "cancel")
        new_delivery = order.delivery_picking_ids - dropship
        self.assertEqual(new_delivery.move_ids.product_id, self.coffee)
        self.assertEqual(self._purchases(), purchase, "no second purchase order")
        self.assertEqual(purchase.order_line.product_qty, 2)
        self.assertEqual(self._line(order, self.chair).oms_supply_type, "dropship")

    def test_vendor_rule_and_sourcing_queries_do_not_grow_with_orders(self):
        self._stock(self.coffee, self.wh_main, 100)

        def make(count):
            return self.env["sale.order"].union(
                *(
                    self._order(
                        [(self.coffee, 1), (self.chair, 1), (self.cabinet, 1)],
                        channel=self.web,
                    )
                    for _i in range(count)
                )
            )

        def count_queries(orders, method):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            getattr(orders, method)()
            return self.env.cr.sql_log_count - before

        one, ten = make(1), make(10)
        # warm the caches (XML ids, ormcache) first: they are not per order
        count_queries(one, "_oms_rule_vendor_missing")
        self.assertEqual(
            count_queries(ten, "_oms_rule_vendor_missing"),
            count_queries(one, "_oms_rule_vendor_missing"),
        )
        self.assertEqual(
            count_queries(ten, "_oms_vendor_lines"), count_queries(one, "_oms_vendor_lines")
        )

    def test_api_user_without_purchase_rights_captures_a_dropship_order(self):
        """The REST API's user is an OMS user with stock rights, no purchase rights: Odoo's
        route still creates the vendor's RFQ, and the status answer reads the supply."""
        api_user = new_test_user(
            self.env,
            login="dropship_api",
            groups="oms_omnichannel.group_oms_user,stock.group_stock_user",
        )
        self.web.api_user_ids = [Command.link(api_user.id)]
        self.assertFalse(api_user.has_group("purchase.group_purchase_user"))
        self._stock(self.coffee, self.wh_main, 5)
        order = self._capture([(self.coffee, 1), (self.chair, 1)], user=api_user)
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._purchases().order_line.product_qty, 1)
        status = self.env["oms.capture"].with_user(api_user).order_status(order.with_user(api_user))
        self.assertEqual(
            {(line["sku"], line["supply"], line["supply_status"]) for line in status["lines"]},
            {("KOPI-1KG", "stock", None), ("ROTAN-KURSI", "dropship", "rfq")},
        )


@tagged("post_install", "-at_install")
class TestOrderTypesDropshipApi(OmsDropshipFixture, HttpCase):
    """The same flow over HTTP: ``POST /oms/api/v1/orders`` with an API key."""

    def test_dropship_order_over_the_rest_api(self):
        api_user = new_test_user(
            self.env,
            login="dropship_rest",
            groups="oms_omnichannel.group_oms_user,stock.group_stock_user",
        )
        self.web.api_user_ids = [Command.link(api_user.id)]
        key = (
            self.env["res.users.apikeys"]
            .with_user(api_user)
            .sudo()
            ._generate(None, "dropship test", None)
        )
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        self._stock(self.coffee, self.wh_main, 5)
        payload = self._payload([(self.coffee, 1), (self.chair, 2)])
        response = self.url_open(
            f"{capture_schema.API_PREFIX}/orders",
            data=json.dumps(payload),
            headers=headers,
            timeout=60,
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["sourcing"], "split")
        order = self.env["sale.order"].browse(response.json()["id"])
        # the answer says what the order's explanation says
        self.assertEqual(
            order.oms_sourcing_explanation.split("\n")[0],
            f"Outcome: {response.json()['sourcing']}",
        )
        purchase = self._purchases()
        self.assertEqual(purchase.order_line.product_qty, 2)
        self.assertEqual(purchase.state, "draft")
        status = self.url_open(
            f"{capture_schema.API_PREFIX}/orders/{self.web.code}/{payload['external_ref']}",
            headers=headers,
            timeout=60,
        ).json()
        self.assertEqual(
            {(line["sku"], line["supply"], line["supply_status"]) for line in status["lines"]},
            {("KOPI-1KG", "stock", None), ("ROTAN-KURSI", "dropship", "rfq")},
        )
        self.assertEqual([s["supply"] for s in status["shipments"]], ["stock"])


@tagged("post_install", "-at_install")
class TestDropshipCustomerSees(IndonesianCompanyCommon, OmsDropshipFixture, TransactionCase):
    """What the customer and the API see of a vendor's shipment, for an Indonesian shop
    (IDR): the carrier of the order and its tracking link, like a warehouse parcel; a
    consumable or a service the vendor supplies is a vendor line, not "stock"."""

    @classmethod
    def _setup_order_types_fixture(cls):
        cls.setUpIndonesianCompany()
        super()._setup_order_types_fixture()
        cls.sicepat = cls.env.ref("oms_omnichannel.carrier_sicepat")

    def test_dropship_transfer_carries_the_carrier_and_the_customer_gets_the_link(self):
        self.assertEqual(self.company.currency_id.name, "IDR")
        self._stock(self.coffee, self.wh_main, 5)
        order = self._capture(
            [(self.coffee, 1), (self.chair, 2)], shipping={"fee": 15_000, "carrier": "sicepat"}
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.carrier_id, self.sicepat)
        self.assertEqual(order.currency_id.name, "IDR")
        stock_delivery = order.delivery_picking_ids
        self._purchases().button_confirm()
        dropship = order.picking_ids.filtered(lambda p: p.picking_type_id.code == "dropship")
        self.assertEqual(len(dropship), 1)
        # the vendor's transfer ships with the order's carrier, like the warehouse's
        self.assertEqual(stock_delivery.carrier_id, self.sicepat)
        self.assertEqual(dropship.carrier_id, self.sicepat)

        # each step is a transaction of its own: flush and run the pre-commit hooks (the
        # status tracking sends the customer's e-mails there)
        self.env.cr.flush()
        self._validate(stock_delivery, "SCP-WH-001")
        self.env.cr.flush()
        # the vendor tells its tracking number; the operator enters it and validates
        self._validate(dropship, "SCP-DS-777")
        self.env.cr.flush()
        self.assertEqual(
            dropship.carrier_tracking_url, "https://www.sicepat.com/checkAwb/SCP-DS-777"
        )
        self.assertEqual(order.oms_status, "shipped")

        # the customer's "on its way" e-mail (the last parcel left) lists both parcels
        # with the carrier and a tracking link each
        emails = self._customer_emails(order, "is on its way")
        self.assertEqual(len(emails), 2, "one e-mail per parcel leaving")
        self.assertIn("Part of your order", emails[1].body)
        body = emails[0].body  # the latest
        self.assertIn("has shipped", body)
        self.assertIn("SiCepat", body)
        self.assertIn('href="https://www.sicepat.com/checkAwb/SCP-DS-777"', body)
        self.assertIn('href="https://www.sicepat.com/checkAwb/SCP-WH-001"', body)
        self.assertIn(">SCP-DS-777</a>", body)
        # the order's chatter logs the vendor's parcel with its link
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: (
                    dropship.name in m.body
                    and "SiCepat" in m.body
                    and "https://www.sicepat.com/checkAwb/SCP-DS-777" in m.body
                )
            )
        )

        # the API: carrier, tracking number and link of the vendor's parcel
        status = self.env["oms.capture"].order_status(order)
        self.assertEqual(status["currency"], "IDR")
        self.assertEqual(status["carriers"], "SiCepat")
        self.assertEqual(
            {
                (s["reference"], s["supply"], s["carrier"], s["tracking_ref"], s["tracking_url"])
                for s in status["shipments"]
            },
            {
                (
                    stock_delivery.name,
                    "stock",
                    "SiCepat",
                    "SCP-WH-001",
                    "https://www.sicepat.com/checkAwb/SCP-WH-001",
                ),
                (
                    dropship.name,
                    "dropship",
                    "SiCepat",
                    "SCP-DS-777",
                    "https://www.sicepat.com/checkAwb/SCP-DS-777",
                ),
            },
        )
        self.assertEqual(sorted(status["tracking_refs"]), ["SCP-DS-777", "SCP-WH-001"])
        self.assertEqual(
            list(Draft202012Validator(capture_schema.ORDER_STATUS_SCHEMA).iter_errors(status)), []
        )

    def test_non_storable_products_of_a_vendor_are_vendor_lines(self):
        """A consumable (not tracked in stock) with the dropship route, and a service
        bought from the vendor: both are the vendor's, in the explanation, the API
        answer and the status."""
        common = {
            "taxes_id": [Command.clear()],
            "supplier_taxes_id": [Command.clear()],
            "invoice_policy": "order",
            "route_ids": [Command.set(self.dropship_route.ids)],
        }
        lamp = self.env["product.product"].create(
            dict(
                common,
                name="Lampu Gantung Bambu",
                default_code="LAMPU-BAMBU",
                type="consu",
                is_storable=False,
                list_price=200_000,
                seller_ids=[
                    Command.create({"partner_id": self.vendor.id, "delay": 2, "price": 90_000})
                ],
            )
        )
        assembly = self.env["product.product"].create(
            dict(
                common,
                name="Jasa Rakit Lemari",
                default_code="JASA-RAKIT",
                type="service",
                service_to_purchase=True,
                list_price=150_000,
                seller_ids=[
                    Command.create({"partner_id": self.vendor.id, "delay": 1, "price": 100_000})
                ],
            )
        )
        self._stock(self.coffee, self.wh_main, 5)
        order = self._capture([(self.coffee, 1), (lamp, 2), (assembly, 1)])
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        lamp_line, assembly_line = self._line(order, lamp), self._line(order, assembly)
        self.assertEqual(lamp_line.oms_supply_type, "dropship")
        self.assertEqual(lamp_line.oms_vendor_id, self.vendor)
        self.assertEqual(lamp_line.oms_supply_lead_days, 3)  # 2 + 1 day to purchase
        self.assertEqual(assembly_line.oms_supply_type, "dropship")
        explanation = order.oms_sourcing_explanation
        self.assertIn(
            "Lampu Gantung Bambu x 2: Vendor ships directly - vendor CV Rotan Cirebon, "
            "lead time 3 day(s)",
            explanation,
        )
        self.assertIn("Jasa Rakit Lemari x 1: Vendor ships directly", explanation)
        self.assertEqual(explanation.split("\n")[0], "Outcome: split")

        capture = self.env["oms.capture"]
        self.assertEqual(capture.order_result(order, True)["sourcing"], "split")
        status = capture.order_status(order)
        self.assertEqual(
            {(line["sku"], line["supply"], line["supply_status"]) for line in status["lines"]},
            {
                ("KOPI-1KG", "stock", None),
                ("LAMPU-BAMBU", "dropship", "rfq"),
                ("JASA-RAKIT", "dropship", "rfq"),
            },
        )
        self.assertEqual(
            list(Draft202012Validator(capture_schema.ORDER_STATUS_SCHEMA).iter_errors(status)), []
        )

        # the vendor ships the lamps; the order is shipped once the coffee left too
        self._purchases().button_confirm()
        dropship = order.picking_ids.filtered(lambda p: p.picking_type_id.code == "dropship")
        self.assertEqual(dropship.move_ids.product_id, lamp)
        self._validate(order.delivery_picking_ids - dropship, "JNE-1")
        self.assertEqual(order.oms_status, "partially_shipped", "the vendor has not shipped")
        self._validate(dropship, "JNE-2")
        self.assertEqual(lamp_line.oms_supply_state, "shipped")
        self.assertEqual(order.oms_status, "shipped")
        status = capture.order_status(order)
        self.assertEqual(
            {(s["supply"], s["tracking_ref"]) for s in status["shipments"]},
            {("stock", "JNE-1"), ("dropship", "JNE-2")},
        )
