# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from freezegun import freeze_time
from jsonschema import Draft202012Validator

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools import capture_schema
from .l10n_id_common import IndonesianCompanyCommon
from .order_types_common import OmsOrderTypesFixture


@tagged("post_install", "-at_install")
class TestOrderTypesPickup(OmsOrderTypesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_types_fixture()

    def _pickup_order(self, qty=2):
        order = self._order(
            [(self.coffee, qty)],
            channel=self.web,
            oms_pickup_store_id=self.store.id,
            payment_method="ewallet",
            payment_status="paid",
            workflow_process_id=self.workflow.id,
        )
        order.payment_amount = order.amount_total
        order._oms_process_captured()
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        return order

    def test_store_with_stock_serves_the_order_through_pickup(self):
        self._stock(self.coffee, self.store, 3)
        # the warehouse has more: sourcing alone would ship from it
        self._stock(self.coffee, self.wh_main, 100)
        order = self._pickup_order(qty=2)
        self.assertEqual(order.warehouse_id, self.store)
        self.assertTrue(order.oms_warehouse_locked)
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.picking_type_id.warehouse_id, self.store)
        self.assertEqual(delivery.state, "assigned")
        self.assertFalse(order.oms_pickup_transfer_ids)
        self.assertEqual(order.oms_pickup_state, "waiting")
        self.assertEqual(order.oms_pickup_date, fields.Date.context_today(order))
        self.assertEqual(self._free_qty(self.coffee, self.store), 1)

        # the store clerk marks it ready from the delivery
        delivery.action_oms_ready_for_pickup()
        self.assertEqual(order.oms_pickup_state, "ready")
        self.assertEqual(order.oms_status, "ready_for_pickup")
        self.assertEqual(order.oms_pickup_deadline - order.oms_pickup_ready_date, timedelta(days=3))
        email = self._customer_emails(order, "ready for pickup")
        self.assertEqual(len(email), 1)
        self.assertIn("Toko Kemang", email.body)

        order.action_oms_confirm_pickup()
        self.assertEqual(delivery.state, "done")
        self.assertTrue(delivery.oms_delivered_date)
        self.assertEqual(order.oms_pickup_state, "collected")
        self.assertIn(order.oms_status, ("delivered", "done"))
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.store.id).qty_available, 1)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.wh_main.id).qty_available, 100)

    def test_store_without_stock_gets_a_transfer_and_a_later_pickup_date(self):
        self._stock(self.coffee, self.store, 1)
        self._stock(self.coffee, self.wh_main, 10)
        order = self._pickup_order(qty=3)
        transfer = order.oms_pickup_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.location_id, self.wh_main.lot_stock_id)
        self.assertEqual(transfer.location_dest_id, self.store.lot_stock_id)
        self.assertEqual(transfer.move_ids.product_uom_qty, 2)
        self.assertEqual(transfer.state, "assigned")
        today = fields.Date.context_today(order)
        self.assertEqual(order.oms_pickup_date, today + timedelta(days=2))
        self.assertEqual(transfer.scheduled_date.date(), today + timedelta(days=2))
        # not everything is in the store yet
        with self.assertRaisesRegex(UserError, "not complete in the store"):
            order.action_oms_ready_for_pickup()
        # the transfer arrives: the store delivery reserves it
        transfer.move_ids.quantity = 2
        transfer.move_ids.picked = True
        transfer.button_validate()
        self.assertEqual(transfer.state, "done")
        delivery = order.picking_ids.filtered("oms_is_customer_delivery")
        self.assertEqual(delivery.state, "assigned")
        order.action_oms_ready_for_pickup()
        self.assertEqual(order.oms_status, "ready_for_pickup")
        order.action_oms_confirm_pickup()
        self.assertEqual(order.oms_pickup_state, "collected")
        self.assertEqual(self.coffee.with_context(warehouse_id=self.store.id).qty_available, 0)
        self.assertEqual(self.coffee.with_context(warehouse_id=self.wh_main.id).qty_available, 8)

    def test_uncollected_order_is_cancelled_and_restocked(self):
        self._stock(self.coffee, self.store, 5)
        self.web.oms_pickup_hold_days = 1  # the channel's setting wins over the store's 3
        order = self._pickup_order(qty=2)
        self.assertEqual(self._free_qty(self.coffee, self.store), 3)
        order.action_oms_ready_for_pickup()
        deadline = order.oms_pickup_deadline
        self.assertEqual(deadline - order.oms_pickup_ready_date, timedelta(days=1))
        Order = self.env["sale.order"]
        with freeze_time(deadline - timedelta(hours=1)):
            self.assertFalse(Order._cron_oms_cancel_uncollected())
        self.assertEqual(order.state, "sale")
        with freeze_time(deadline + timedelta(hours=1)):
            self.assertEqual(Order._cron_oms_cancel_uncollected(), order)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.oms_pickup_state, "no_show")
        self.assertEqual(order.oms_status, "cancelled")
        self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual(self._free_qty(self.coffee, self.store), 5, "back in stock")
        with self.assertRaisesRegex(UserError, "ready for pickup"):
            order.action_oms_confirm_pickup()

    def test_only_prepared_pickup_orders_can_be_ready(self):
        self._stock(self.coffee, self.wh_main, 5)
        order = self._order([(self.coffee, 1)], channel=self.web)
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "not a pickup order"):
            order.action_oms_ready_for_pickup()

    def test_ready_for_pickup_email_is_a_job_when_the_channel_notifies_in_background(self):
        """With *Send Notifications in Background*, Ready for Pickup queues the email on
        the OMS notification channel; performing the job sends it."""
        self.web.notify_async = True
        self._stock(self.coffee, self.store, 2)
        order = self._pickup_order(qty=2)
        with trap_jobs() as trap:
            order.action_oms_ready_for_pickup()
            self.assertEqual(order.oms_status, "ready_for_pickup")
            self.assertFalse(self._customer_emails(order, "ready for pickup"), "not sent yet")
            jobs = [
                job
                for job in trap.enqueued_jobs
                if job.method_name == "_oms_job_send_customer_mail"
            ]
            self.assertEqual(len(jobs), 1)
            self.assertEqual(jobs[0].channel, "root.oms_notify")
            self.assertEqual(jobs[0].recordset, order)
            jobs[0].perform()
        email = self._customer_emails(order, "ready for pickup")
        self.assertEqual(len(email), 1)
        self.assertIn("Toko Kemang", email.body)
        # a channel that emails nobody queues nothing
        self.web.notify_customer = False
        self._stock(self.coffee, self.store, 1)
        silent = self._pickup_order(qty=1)
        with trap_jobs() as trap:
            silent.action_oms_ready_for_pickup()
            trap.assert_jobs_count(0, only=silent._oms_job_send_customer_mail)
        self.assertFalse(self._customer_emails(silent, "ready for pickup"))


@tagged("post_install", "-at_install")
class TestOrderTypesPickupApi(IndonesianCompanyCommon, OmsOrderTypesFixture, HttpCase):
    """Click-and-collect captured through the REST API (``POST /oms/api/v1/orders`` with
    ``pickup.store``), for an Indonesian shop selling in IDR."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany()
        cls._setup_order_types_fixture()
        cls.api_user = new_test_user(
            cls.env,
            login="pickup_api",
            groups="oms_omnichannel.group_oms_user,stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.web.api_user_ids = [Command.link(cls.api_user.id)]
        key = cls.env["res.users.apikeys"].with_user(cls.api_user).sudo()
        cls.headers = {
            "Authorization": f"Bearer {key._generate(None, 'pickup test', None)}",
            "Content-Type": "application/json",
        }

    def _payload(self, ref, **extra):
        return {
            "channel": self.web.code,
            "external_ref": ref,
            "customer": {
                "name": "Rina Wijaya",
                "email": "rina@example.id",
                "phone": "0813-5555-0101",
            },
            "lines": [{"sku": "KOPI-1KG", "quantity": 2, "unit_price": 100_000}],
            "payment": {"method": "ewallet", "status": "paid", "amount": 200_000},
            "currency": "IDR",
            **extra,
        }

    def _post(self, payload):
        return self.url_open(
            f"{capture_schema.API_PREFIX}/orders",
            data=json.dumps(payload),
            headers=self.headers,
            timeout=60,
        )

    def _status(self, ref):
        response = self.url_open(
            f"{capture_schema.API_PREFIX}/orders/{self.web.code}/{ref}",
            headers=self.headers,
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def test_pickup_order_captured_through_the_api(self):
        self._stock(self.coffee, self.store, 5)
        self._stock(self.coffee, self.wh_main, 50)  # sourcing alone would ship from here
        response = self._post(self._payload("CC-1", pickup={"store": "KMG"}))
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()
        self.assertEqual((answer["pickup"]["store"], answer["pickup"]["state"]), ("KMG", "waiting"))
        self.assertEqual(
            list(Draft202012Validator(capture_schema.ORDER_RESULT_SCHEMA).iter_errors(answer)),
            [],
        )
        order = self.env["sale.order"].browse(answer["id"])
        # the store is the order's pickup store and its warehouse; nothing is shipped
        # (and no delivery address is needed: the order is not held for one)
        self.assertEqual(order.oms_pickup_store_id, self.store)
        self.assertEqual(order.state, "sale", order.exception_ids.mapped("name"))
        self.assertEqual(order.warehouse_id, self.store)
        self.assertFalse(order.carrier_id)
        self.assertFalse(order.order_line.filtered("is_delivery"), "no shipping line")
        self.assertEqual(order.currency_id.name, "IDR")
        self.assertEqual(order.amount_total, 200_000)
        delivery = order.picking_ids
        self.assertEqual(delivery.picking_type_id.warehouse_id, self.store)
        self.assertEqual(self._free_qty(self.coffee, self.store), 3)
        self.assertEqual(self._free_qty(self.coffee, self.wh_main), 50)

        status = self._status("CC-1")
        self.assertEqual(status["currency"], "IDR")
        self.assertEqual(status["amount_total"], 200_000)
        self.assertEqual(
            status["pickup"],
            {
                "store": "KMG",
                "store_name": "Toko Kemang",
                "state": "waiting",
                "date": fields.Date.context_today(order).isoformat(),
                "collect_before": None,
            },
        )
        self.assertEqual([s["warehouse"] for s in status["shipments"]], ["KMG"])

        # the store has it ready: the customer is told where to collect it
        delivery.action_oms_ready_for_pickup()
        email = self._customer_emails(order, "ready for pickup")
        self.assertEqual(len(email), 1)
        self.assertIn("is ready for pickup at", email.body)
        self.assertIn("Toko Kemang", email.body)
        status = self._status("CC-1")
        self.assertEqual(status["oms_status"], "ready_for_pickup")
        self.assertEqual(status["pickup"]["state"], "ready")
        self.assertEqual(
            status["pickup"]["collect_before"],
            order.oms_pickup_deadline.isoformat(timespec="seconds") + "Z",
        )
        validator = Draft202012Validator(capture_schema.ORDER_STATUS_SCHEMA)
        self.assertEqual(list(validator.iter_errors(status)), [])

    def test_unknown_or_non_pickup_store_is_refused_with_nothing_written(self):
        self._stock(self.coffee, self.store, 5)
        orders = self.env["sale.order"].search_count([])
        partners = self.env["res.partner"].search_count([])
        cases = [
            (
                self._payload("CC-BAD-1", pickup={"store": "NOPE"}),
                [{"field": "pickup.store", "message": "Unknown store NOPE."}],
            ),
            (
                self._payload("CC-BAD-2", pickup={"store": self.wh_main.code}),
                [
                    {
                        "field": "pickup.store",
                        "message": f"Warehouse {self.wh_main.code} ({self.wh_main.name}) is "
                        "not a store: orders cannot be collected there.",
                    }
                ],
            ),
            (
                self._payload(
                    "CC-BAD-3",
                    pickup={"store": "KMG"},
                    shipping={"fee": 15_000, "carrier": "jne"},
                ),
                [
                    {
                        "field": "shipping",
                        "message": "A pickup order is not shipped: send either pickup or shipping.",
                    }
                ],
            ),
            (
                self._payload("CC-BAD-4", pickup={}),
                [{"field": "pickup.store", "message": "This field is required."}],
            ),
        ]
        for payload, fields_ in cases:
            with self.subTest(ref=payload["external_ref"]):
                response = self._post(payload)
                self.assertEqual(response.status_code, 422, response.text)
                error = response.json()["error"]
                self.assertEqual(error["code"], "validation_error")
                self.assertEqual(error["fields"], fields_)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
