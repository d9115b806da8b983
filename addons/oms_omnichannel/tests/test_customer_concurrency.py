# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""First orders of a new customer arriving at the same moment make one contact.

15 new customers each place 3 different orders at once (a shop retrying, a
marketplace and the web shop): 45 threads, each with its own cursor and
transaction, released together by a barrier and retried like Odoo's HTTP layer
does (``odoo.service.model.retrying``). Each customer must end up as one contact
holding its 3 orders. The fixture is committed (unique names) and archived after.
"""

import threading
import uuid

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

CUSTOMERS = 15
ORDERS_EACH = 3


@tagged("post_install", "-at_install")
class TestConcurrentNewCustomers(TransactionCase):
    def test_concurrent_first_orders_make_one_contact_each(self):
        tag = uuid.uuid4().hex[:6]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product = env["product.product"].create(
                {"name": f"Crowd {tag}", "default_code": f"CROWD-{tag}", "type": "consu"}
            )
            channel = env["oms.channel"].create(
                {"name": f"Crowd {tag}", "code": f"CROWD{tag}".upper(), "channel_type": "web"}
            )
            channel_id, channel_code = channel.id, channel.code
            currency = env.company.currency_id.name
            cr.commit()  # pylint: disable=invalid-commit

        def payload(customer, number):
            # the same person written three ways: e-mail case, blanks, phone forms
            email = f"Crowd.{customer}.{tag}@Example.com"
            phone = f"+62 812 {tag[:3]}{customer:03d}"
            return {
                "channel": channel_code,
                "external_ref": f"CROWD-{tag}-{customer}-{number}",
                "customer": {
                    "name": f"Crowd customer {customer}",
                    "email": email.lower() if number == 1 else email,
                    "phone": phone if number != 2 else None,
                },
                "lines": [{"sku": f"CROWD-{tag}", "quantity": 1, "unit_price": 1000}],
                "payment": {"method": "cod", "status": "unpaid"},
                "currency": currency,
            }

        barrier = threading.Barrier(CUSTOMERS * ORDERS_EACH)
        results, errors = [], []

        def post(body):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    barrier.wait(timeout=60)
                    order, _created = retrying(lambda: env["oms.capture"].capture(body), env)
                    results.append((body["external_ref"], order.id))
            except Exception as exc:  # reported by the main thread
                errors.append(exc)

        threads = [
            threading.Thread(target=post, args=(payload(customer, number),))
            for customer in range(CUSTOMERS)
            for number in range(ORDERS_EACH)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        self.assertFalse(errors, errors)
        self.assertEqual(len(results), CUSTOMERS * ORDERS_EACH)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search([("channel_id", "=", channel_id)])
            self.assertEqual(len(orders), CUSTOMERS * ORDERS_EACH)
            for customer in range(CUSTOMERS):
                email = f"crowd.{customer}.{tag}@example.com"
                contacts = (
                    env["res.partner"]
                    .with_context(active_test=False)
                    .search([("email_normalized", "=", email)])
                )
                self.assertEqual(len(contacts), 1, f"customer {customer}: {contacts.ids}")
                mine = orders.filtered(
                    lambda o, c=customer: o.external_ref.startswith(f"CROWD-{tag}-{c}-")
                )
                self.assertEqual(mine.partner_id, contacts)
            # leave nothing behind that could disturb other tests
            orders.action_cancel()
            env["product.product"].browse(product.id).active = False
            env["oms.channel"].browse(channel_id).active = False
            cr.commit()  # pylint: disable=invalid-commit
