# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The guards docs/SECURITY.md relies on for the returns routes."""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.oms_omnichannel.tests.route_review_common import rw_retries

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsRouteGuards(ReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.portal_user = new_test_user(
            cls.env, login="guard_siti", groups="base.group_portal", partner_id=cls.customer.id
        )
        cls.order = cls._make_order([(cls.kaos, 2, 100000)])
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.api_user)
            ._generate("rpc", "guard", fields.Datetime.now() + timedelta(days=1))
        )

    def _counts(self):
        return (
            self.env["rma"].search_count([]),
            self.env["oms.return.request"].search_count([]),
        )

    def test_api_return_is_served_read_write_at_once(self):
        """POST /oms/api/v1/returns writes: it must not start on the read-only
        cursor (the replica), fail at its first write and be served again."""
        payload = {
            "channel": "WEBRET",
            "external_ref": self.order.external_ref,
            "return_reference": "GUARD-RET-1",
            "lines": [{"sku": "KAOS-01", "quantity": 1, "reason": "size_fit"}],
        }
        with rw_retries() as retries:
            response = self.url_open(
                "/oms/api/v1/returns",
                data=json.dumps(payload),
                headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertFalse(retries, f"the returns API started read-only: {retries}")
        self.assertEqual(
            self.env["oms.return.request"].search_count([("return_reference", "=", "GUARD-RET-1")]),
            1,
        )

    def test_portal_pages_read_only_and_form_needs_csrf(self):
        self.authenticate("guard_siti", "guard_siti")
        line = self.order.order_line.filtered(lambda sol: sol.product_id == self.kaos)
        form = {f"qty-{line.id}": "1", f"reason-{line.id}": self.reason["size_fit"].id}
        counts = self._counts()
        # a form posted without its csrf_token (a cross-site post riding on the
        # customer's session cookie) is refused by Odoo and writes nothing
        for extra in ({}, {"csrf_token": "forged"}):
            response = self.url_open("/my/returns/new", data=dict(form, **extra))
            self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertEqual(self._counts(), counts)
        with rw_retries() as retries:
            page = self.url_open("/my/returns/new")
            self.assertEqual(page.status_code, 200)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            # with the token the same form creates the request
            response = self.url_open("/my/returns/new", data=dict(form, csrf_token=token))
            self.assertEqual(response.status_code, 200)
            return_request = self.env["oms.return.request"].search(
                [("partner_id", "=", self.customer.id)]
            )
            self.assertEqual(len(return_request), 1)
            # the read-only pages (replica in production) show it without writing
            listing = self.url_open("/my/returns")
            detail = self.url_open(f"/my/returns/{return_request.id}")
            slip = self.url_open(f"/my/returns/{return_request.id}/slip")
        self.assertFalse(retries, f"portal pages wrote: {retries}")
        self.assertEqual(return_request.state, "approved")
        self.assertIn(return_request.name, slip.text)
        self.assertIn("o_oms_slip_items", slip.text)
        self.assertIn(return_request.name, listing.text)
        self.assertIn(return_request.name, detail.text)
        self.assertEqual(self._counts()[1], counts[1] + 1)
