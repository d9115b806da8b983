# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsPortal(ReturnsCommon, HttpCase):
    """A customer returns items of several orders in one request on the portal,
    and never sees another customer's orders or returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.portal_user = new_test_user(
            cls.env, login="portal_siti", groups="base.group_portal", partner_id=cls.customer.id
        )
        cls.budi = cls.env["res.partner"].create({"name": "Budi Santoso", "email": "b@example.com"})
        cls.budi_user = new_test_user(
            cls.env, login="portal_budi", groups="base.group_portal", partner_id=cls.budi.id
        )
        cls.order_1 = cls._make_order([(cls.kaos, 2, 100000), (cls.celana, 1, 250000)])
        cls.order_2 = cls._make_order([(cls.kaos_l, 1, 100000)], delivered_days_ago=3)
        cls.order_old = cls._make_order([(cls.kaos, 1, 100000)], delivered_days_ago=30)
        cls.order_budi = cls._make_order([(cls.celana, 1, 250000)], partner=cls.budi)

    def _line(self, order, product):
        return order.order_line.filtered(lambda sol: sol.product_id == product)

    def _form(self):
        response = self.url_open("/my/returns/new")
        self.assertEqual(response.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        return response, token.group(1)

    def test_form_lists_own_returnable_lines_only(self):
        self.authenticate("portal_siti", "portal_siti")
        response, _token = self._form()
        for line in (
            self._line(self.order_1, self.kaos),
            self._line(self.order_1, self.celana),
            self._line(self.order_2, self.kaos_l),
        ):
            self.assertIn(f'name="qty-{line.id}"', response.text)
        self.assertIn(self.order_2.name, response.text)
        # outside the 7-day window / another customer's order
        self.assertNotIn(f'name="qty-{self.order_old.order_line.id}"', response.text)
        self.assertNotIn(self.order_old.name, response.text)
        self.assertNotIn(self.order_budi.name, response.text)
        self.assertNotIn(f'name="qty-{self.order_budi.order_line.id}"', response.text)

    def test_one_request_for_two_orders(self):
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        kaos_line = self._line(self.order_1, self.kaos)
        kaos_l_line = self._line(self.order_2, self.kaos_l)
        celana_line = self._line(self.order_1, self.celana)
        response = self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                f"qty-{kaos_line.id}": "1",
                f"reason-{kaos_line.id}": self.reason["size_fit"].id,
                f"qty-{kaos_l_line.id}": "1",
                f"reason-{kaos_l_line.id}": self.reason["changed_mind"].id,
                f"qty-{celana_line.id}": "0",
                f"reason-{celana_line.id}": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        return_request = self.env["oms.return.request"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(return_request), 1, "one request for both orders")
        self.assertTrue(response.url.endswith(f"/my/returns/{return_request.id}"))
        self.assertIn(return_request.name, response.text)
        rmas = return_request.rma_ids
        self.assertEqual(len(rmas), 2)
        self.assertEqual(rmas.order_id, self.order_1 | self.order_2)
        self.assertEqual(
            {(r.product_id, r.product_uom_qty, r.reason_id.code) for r in rmas},
            {(self.kaos, 1, "size_fit"), (self.kaos_l, 1, "changed_mind")},
        )
        # auto-approval per the channel policy, for the request as a whole
        self.assertEqual(set(rmas.mapped("state")), {"confirmed"})
        self.assertEqual(return_request.state, "approved")
        self.assertIn(self.customer, rmas.message_partner_ids)
        # the customer sees the RMAs and the request; a second form shows 1 shirt left
        self.assertEqual(self.env["rma"].with_user(self.portal_user).search([]), rmas)
        response, _token = self._form()
        self.assertNotIn(f'name="qty-{kaos_l_line.id}"', response.text)
        self.assertIn(f'name="qty-{kaos_line.id}"', response.text)
        listing = self.url_open("/my/returns")
        self.assertIn(return_request.name, listing.text)

    def test_manual_policy_waits_for_approval(self):
        self.policy.approval = "manual"
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        line = self._line(self.order_1, self.celana)
        self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                f"qty-{line.id}": "1",
                f"reason-{line.id}": self.reason["damaged"].id,
            },
        )
        return_request = self.env["oms.return.request"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(return_request.rma_ids.state, "draft")
        self.assertEqual(return_request.state, "draft")

    def test_bad_input_writes_nothing(self):
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        line = self._line(self.order_1, self.kaos)
        before = (self.env["rma"].search_count([]), self.env["oms.return.request"].search_count([]))
        cases = [
            ({f"qty-{line.id}": "3", f"reason-{line.id}": self.reason["size_fit"].id}, "at most"),
            ({f"qty-{line.id}": "1"}, "choose a reason"),
            (
                {f"qty-{line.id}": "1", f"reason-{line.id}": self.reason["late_delivery"].id},
                "is not accepted",
            ),
            ({f"qty-{line.id}": "0"}, "Choose at least one item"),
        ]
        for data, message in cases:
            response = self.url_open("/my/returns/new", data={"csrf_token": token, **data})
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_oms_return_error", response.text)
            self.assertIn(message, response.text)
        after = (self.env["rma"].search_count([]), self.env["oms.return.request"].search_count([]))
        self.assertEqual(after, before)

    def test_cannot_return_or_see_another_customers_order(self):
        # Siti posts the line of Budi's order: refused, nothing written
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        budi_line = self.order_budi.order_line
        response = self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                f"qty-{budi_line.id}": "1",
                f"reason-{budi_line.id}": self.reason["damaged"].id,
            },
        )
        self.assertIn("cannot be returned", response.text)
        self.assertFalse(self.env["rma"].search([("order_id", "=", self.order_budi.id)]))
        # Budi's own request: invisible to Siti, on the portal and through the ORM
        budi_request = self.env["oms.return.request"]._oms_create_from_portal(
            self.budi, {budi_line.id: (1, self.reason["damaged"].id)}
        )
        self.assertEqual(budi_request.rma_ids.order_id, self.order_budi)
        page = self.url_open(f"/my/returns/{budi_request.id}")
        self.assertNotIn(budi_request.name, page.text)
        self.assertNotIn("Budi", page.text)
        self.assertNotIn(budi_request.name, self.url_open("/my/returns").text)
        as_siti = self.env["oms.return.request"].with_user(self.portal_user)
        self.assertFalse(as_siti.search([("id", "=", budi_request.id)]))
        with self.assertRaises(AccessError):
            as_siti.browse(budi_request.id).check_access("read")
        self.assertFalse(
            self.env["rma"]
            .with_user(self.portal_user)
            .search([("id", "in", budi_request.rma_ids.ids)])
        )
        # Budi sees his own
        self.authenticate("portal_budi", "portal_budi")
        self.assertIn(budi_request.name, self.url_open(f"/my/returns/{budi_request.id}").text)
