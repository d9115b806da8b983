# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No refund before the returned goods are inspected, unless the policy says so;
one primary action per state on the return's form."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsInspection(ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()

    def _received_return(self):
        order = self._make_order([(self.kaos, 1, 100000)])
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        wizard.line_ids.write({"quantity": 1, "reason_id": self.reason["damaged"].id})
        rma = wizard.create_rma()
        self._receive(rma)
        self.assertEqual(rma.state, "received")
        return rma

    def test_refund_refused_before_inspection(self):
        rma = self._received_return()
        self.assertFalse(rma.policy_id.refund_before_inspection)
        self.assertFalse(rma.can_be_refunded, "no Refund button before the inspection")
        with self.assertRaisesRegex(UserError, "before refunding"):
            rma.action_refund()
        self.assertFalse(rma.refund_id)
        # inspected: the policy refunds it
        rma.write({"grade": "as_new", "disposition": "restock"})
        rma.action_oms_apply_disposition()
        self.assertEqual(rma.refund_id.move_type, "out_refund")
        self.assertEqual(rma.refund_id.amount_total, 111000)

    def test_policy_may_refund_on_receipt(self):
        rma = self._received_return()
        rma.policy_id.refund_before_inspection = True
        self.assertTrue(rma.can_be_refunded)
        rma.action_refund()
        self.assertEqual(rma.refund_id.move_type, "out_refund")
        self.assertEqual(rma.refund_id.amount_total, 111000)
        self.assertFalse(rma.disposition_done, "refunded before its inspection")

    def test_one_primary_action_per_state(self):
        arch = self.env["rma"].get_views([(False, "form")])["views"]["form"]["arch"]
        header = etree.fromstring(arch).find(".//header")
        primaries = [
            button.get("name")
            for button in header.iter("button")
            if {"btn-primary", "oe_highlight"} & set((button.get("class") or "").split())
        ]
        # confirm (draft), receive (confirmed), inspect (received), refund (inspected)
        self.assertEqual(
            sorted(primaries),
            sorted(
                [
                    "action_confirm",
                    "action_create_receipt",
                    "action_oms_apply_disposition",
                    "action_refund",
                ]
            ),
        )
        refund = [b for b in header.iter("button") if b.get("name") == "action_refund"]
        self.assertEqual(len(refund), 2, "a primary after inspection, a secondary before")
