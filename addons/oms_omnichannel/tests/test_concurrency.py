# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The last unit, sold by two channels at the same moment, is promised once.

Each contender runs in its own thread with its own database cursor and
transaction, released at the same instant by a barrier, and retries
serialization failures exactly like Odoo's RPC and HTTP layers do
(``odoo.service.model.retrying``). The data the contenders see must be
committed, so this test commits its fixture (unique names) in a separate
cursor.
"""

import threading
import uuid

from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

ROUNDS = 5


@tagged("post_install", "-at_install")
class TestLastUnitRace(TransactionCase):
    def _setup_committed(self, tag):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            indonesia = env.ref("base.id")
            jakarta = env.ref("base.state_id_jk")
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            product = env["product.product"].create(
                {"name": f"Last unit {tag}", "default_code": f"RACE-{tag}", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1)
            workflow = env["sale.workflow.process"].create(
                {"name": f"Race {tag}", "validate_order": True}
            )
            channels = env["oms.channel"].create(
                [
                    {
                        "name": f"{name} {tag}",
                        "code": f"{name[:4]}{tag}".upper(),
                        "channel_type": kind,
                        "warehouse_id": warehouse.id,
                        "allowed_warehouse_ids": [Command.set(warehouse.ids)],
                        "workflow_process_id": workflow.id,
                    }
                    for name, kind in (("Shopee", "marketplace"), ("Webshop", "web"))
                ]
            )
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Buyer {i} {tag}",
                        "email": f"buyer{i}.{tag}@example.com",
                        "street": f"Jl. Merdeka {i}",
                        "city": "Jakarta",
                        "zip": "10110",
                        "state_id": jakarta.id,
                        "country_id": indonesia.id,
                    }
                    for i in range(2)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            return product.id, warehouse.id, channels.ids, customers.ids

    def _contend(self, barrier, product_id, channel_id, customer_id, results, errors):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

                def sell():
                    order = env["sale.order"].create(
                        {
                            "partner_id": customer_id,
                            "channel_id": channel_id,
                            "order_line": [
                                Command.create({"product_id": product_id, "product_uom_qty": 1})
                            ],
                        }
                    )
                    order.action_confirm()
                    return order.id

                barrier.wait(timeout=30)
                order_id = retrying(sell, env)
                cr.commit()  # pylint: disable=invalid-commit
                results.append(order_id)
        except Exception as exc:  # reported by the main thread
            errors.append(exc)

    def test_last_unit_has_exactly_one_winner(self):
        for _round in range(ROUNDS):
            tag = uuid.uuid4().hex[:6]
            product_id, warehouse_id, channel_ids, customer_ids = self._setup_committed(tag)
            barrier = threading.Barrier(2)
            results, errors = [], []
            threads = [
                threading.Thread(
                    target=self._contend,
                    args=(barrier, product_id, channel_ids[i], customer_ids[i], results, errors),
                )
                for i in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            self.assertFalse(errors, errors)
            self.assertEqual(len(results), 2)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                orders = env["sale.order"].browse(results)
                product = env["product.product"].browse(product_id)
                warehouse = env["stock.warehouse"].browse(warehouse_id)
                reserved_by = {
                    order: sum(order.picking_ids.move_ids.mapped("quantity")) for order in orders
                }
                winners = [order for order, qty in reserved_by.items() if qty == 1]
                self.assertEqual(
                    len(winners),
                    1,
                    [
                        (o.state, o.exception_ids.mapped("name"), o.picking_ids.mapped("state"))
                        for o in orders
                    ],
                )
                (loser,) = orders - winners[0]
                self.assertEqual(reserved_by[loser], 0)
                # the loser is held (nothing left to promise) or backordered, and says why
                if loser.state == "sale":
                    self.assertTrue(
                        loser.message_ids.filtered(
                            lambda m: "Not enough stock reserved" in (m.body or "")
                        )
                    )
                else:
                    self.assertEqual(loser.oms_status, "on_hold")
                    self.assertIn(
                        env.ref("oms_omnichannel.exception_rule_stock_unavailable"),
                        loser.exception_ids,
                    )
                quants = env["stock.quant"].search(
                    [
                        ("product_id", "=", product_id),
                        ("location_id", "=", warehouse.lot_stock_id.id),
                    ]
                )
                self.assertEqual(sum(quants.mapped("quantity")), 1)
                self.assertEqual(sum(quants.mapped("reserved_quantity")), 1)
                self.assertLessEqual(
                    env["oms.atp"]._get_atp(product.ids, warehouse.ids)[(warehouse_id, product_id)],
                    0,
                )
                # leave nothing behind that could disturb other tests
                orders.action_cancel()
                product.active = False
                env["oms.channel"].browse(channel_ids).active = False
                cr.commit()  # pylint: disable=invalid-commit


@tagged("post_install", "-at_install")
class TestConcurrentIdempotentCapture(TransactionCase):
    """The same order posted twice at the same moment (a client retrying on a
    timeout) is captured once: the second transaction hits the unique
    (channel, external_ref) constraint, is retried, and answers as a replay."""

    def test_same_order_twice_at_once(self):
        tag = uuid.uuid4().hex[:6]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            env["product.product"].create(
                {"name": f"Twice {tag}", "default_code": f"TWICE-{tag}", "type": "consu"}
            )
            channel = env["oms.channel"].create(
                {"name": f"Retry {tag}", "code": f"RETRY{tag}".upper(), "channel_type": "web"}
            )
            channel_id, channel_code = channel.id, channel.code
            currency = env.company.currency_id.name
            cr.commit()  # pylint: disable=invalid-commit
        payload = {
            "channel": channel_code,
            "external_ref": f"ORDER-{tag}",
            "customer": {"name": "Rina", "email": f"rina.{tag}@example.com", "phone": None},
            "lines": [{"sku": f"TWICE-{tag}", "quantity": 2, "unit_price": 25000}],
            "payment": {"method": "cod", "status": "unpaid", "amount": 50000},
            "currency": currency,
        }
        barrier = threading.Barrier(2)
        results, errors = [], []

        def post():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    barrier.wait(timeout=30)
                    order, created = retrying(lambda: env["oms.capture"].capture(payload), env)
                    order_id = order.id
                    cr.commit()  # pylint: disable=invalid-commit
                    results.append((order_id, created))
            except Exception as exc:  # reported by the main thread
                errors.append(exc)

        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors, errors)
        self.assertEqual(len(results), 2)
        self.assertEqual(len({order_id for order_id, _created in results}), 1)
        self.assertEqual(sorted(created for _id, created in results), [False, True])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search([("external_ref", "=", f"ORDER-{tag}")])
            self.assertEqual(len(orders), 1)
            self.assertEqual(orders.order_line.product_uom_qty, 2)
            orders.action_cancel()
            env["oms.channel"].browse(channel_id).active = False
            cr.commit()  # pylint: disable=invalid-commit
