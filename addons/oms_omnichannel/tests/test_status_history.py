# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the operator reads in an order's status history and in the hold report:
every status from receipt on (issue 20), "Partially Allocated" for a partly
reserved order, holds released by a person apart from holds cleared by automation."""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .status_common import OmsStatusFixture


@tagged("post_install", "-at_install")
class TestStatusHistory(OmsStatusFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_oms_status_fixture()
        cls.workflow = cls.env.ref("sale_automatic_workflow.automatic_validation")
        cls.rule = cls.env["exception.rule"].create(
            {
                "name": "Status history: suspicious reference",
                "model": "sale.order",
                "exception_type": "by_domain",
                "domain": "[('external_ref', '=like', 'HOLD-%')]",
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="history_manager",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
        )

    def _capture(self, external_ref, qty=2):
        """An order as the capture makes it: created, validated and confirmed at once."""
        order = self._order(
            self.wh1, qty=qty, external_ref=external_ref, workflow_process_id=self.workflow.id
        )
        order._oms_process_captured()
        self._commit_point()
        return order

    def _history_rows(self, order):
        """(from, to) of every status history row, oldest first."""
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "sale.order"),
                    ("mail_message_id.res_id", "=", order.id),
                    ("field_id.name", "=", "oms_status"),
                ],
                order="id",
            )
        )
        return [(v.old_value_char, v.new_value_char) for v in values]

    def test_captured_order_history_starts_at_receipt(self):
        self._stock(self.wh1, 10)
        order = self._capture("WEB-H1")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.oms_status, "allocated")
        self.assertEqual(
            self._history_rows(order),
            [("", "Received"), ("Received", "Confirmed"), ("Confirmed", "Allocated")],
        )
        # the rest of the life follows the same rows
        self._ship(order.picking_ids)
        self._commit_point()
        self.assertEqual(
            self._status_history(order), ["Received", "Confirmed", "Allocated", "Shipped"]
        )
        # processing time can be read from receipt: the first row is the receipt
        first = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.res_id", "=", order.id),
                    ("mail_message_id.model", "=", "sale.order"),
                    ("field_id.name", "=", "oms_status"),
                ],
                order="id",
                limit=1,
            )
        )
        self.assertEqual(first.new_value_char, "Received")
        self.assertLessEqual(first.mail_message_id.date, fields.Datetime.now())

    def test_quotation_left_as_received_is_in_the_history(self):
        order = self._order(self.wh1, external_ref="WEB-H2")
        self._commit_point()
        self.assertEqual(self._status_history(order), ["Received"])
        order.action_confirm()  # no stock: confirmed, nothing reserved
        self._commit_point()
        self.assertEqual(self._status_history(order), ["Received", "Confirmed"])

    def test_held_order_history_and_release(self):
        self._stock(self.wh1, 10)
        order = self._capture("HOLD-H3")
        self.assertTrue(order.oms_hold)
        self.assertEqual(self._history_rows(order), [("", "Received"), ("Received", "On Hold")])
        order.with_user(self.manager)._oms_release_hold("Customer called back")
        self._commit_point()
        self.assertEqual(
            self._status_history(order),
            ["Received", "On Hold", "Confirmed", "Allocated"],
        )
        self.assertEqual(self._history_rows(order)[2], ("On Hold", "Confirmed"))

    def test_partly_reserved_order_is_partially_allocated(self):
        self._stock(self.wh1, 3)
        order = self._capture("WEB-H4", qty=5)
        self.assertEqual(order.picking_ids.move_ids.quantity, 3)
        self.assertEqual(order.oms_status, "partially_allocated")
        labels = dict(self.env["sale.order"]._fields["oms_status"]._description_selection(self.env))
        self.assertEqual(labels["partially_allocated"], "Partially Allocated")
        self.assertEqual(
            self._status_history(order), ["Received", "Confirmed", "Partially Allocated"]
        )
        # the customer heard of the confirmation once
        mails = order.message_ids.filtered(
            lambda m: m.message_type == "auto_comment" and "confirmed" in (m.subject or "")
        )
        self.assertEqual(len(mails), 1)
        # the rest arrives: allocated
        self._stock(self.wh1, 2)
        order.picking_ids.action_assign()
        self._commit_point()
        self.assertEqual(order.oms_status, "allocated")
        self.assertEqual(self._status_history(order)[-1], "Allocated")
        # the lifecycle order: between confirmed and allocated
        statuses = self.env["sale.order"]._fields["oms_status"].get_values(self.env)
        self.assertEqual(
            statuses[statuses.index("confirmed") : statuses.index("allocated") + 1],
            ["confirmed", "partially_allocated", "allocated"],
        )

    def test_one_line_reserved_one_not_is_partially_allocated(self):
        """One delivery, one line reserved and one not: the transfer is "Ready", the
        order is not "Allocated"."""
        sarong = self.env["product.product"].create(
            {"name": "Sarong", "default_code": "SARONG-01", "is_storable": True}
        )
        self._stock(self.wh1, 5)
        order = self._order(self.wh1, qty=2, external_ref="WEB-H5")
        order.order_line = [(0, 0, {"product_id": sarong.id, "product_uom_qty": 1})]
        order.action_confirm()
        self._commit_point()
        self.assertEqual(order.picking_ids.state, "assigned")
        self.assertEqual(order.oms_status, "partially_allocated")
        self.env["stock.quant"]._update_available_quantity(sarong, self.wh1.lot_stock_id, 1)
        order.picking_ids.action_assign()
        self._commit_point()
        self.assertEqual(order.oms_status, "allocated")
        self.assertEqual(
            self._status_history(order),
            ["Received", "Confirmed", "Partially Allocated", "Allocated"],
        )


@tagged("post_install", "-at_install")
class TestHoldReportReleases(OmsStatusFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_oms_status_fixture()
        cls.rule = cls.env["exception.rule"].create(
            {
                "name": "Hold report: big order",
                "model": "sale.order",
                "exception_type": "by_domain",
                "domain": "[('external_ref', '=like', 'HOLD-%')]",
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="hold_report_manager",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
        )
        cls.oms_user = new_test_user(
            cls.env,
            login="hold_report_user",
            groups="oms_omnichannel.group_oms_user,sales_team.group_sale_salesman_all_leads",
        )

    def _held(self, ref, ordered_on):
        order = self._order(self.wh1, external_ref=ref, date_order=ordered_on)
        order._oms_process_captured()
        self._commit_point()  # captured in a transaction of its own
        self.assertTrue(order.oms_hold_since)
        return order

    def _rows(self, orders):
        self.env.flush_all()
        self.env.invalidate_all()
        rows = self.env["oms.hold.report"].search([("order_id", "in", orders.ids)])
        return {row.order_id: row for row in rows}

    def test_released_counts_people_only_and_keeps_the_order_date(self):
        self._stock(self.wh1, 20)
        ordered_on = fields.Datetime.now() - timedelta(days=2)
        by_manager = self._held("HOLD-R1", ordered_on)
        by_recheck = self._held("HOLD-R2", ordered_on)
        by_automation = self._held("HOLD-R3", ordered_on)
        still = self._held("HOLD-R4", ordered_on)
        by_manager.with_user(self.manager)._oms_release_hold("Paid by transfer")
        # the rule stops failing (the reference is corrected), then someone re-checks
        (by_recheck | by_automation).external_ref = False
        by_recheck.with_user(self.oms_user).action_oms_recheck()
        # automation: the rules are evaluated again by the system, nobody releases
        by_automation.detect_exceptions()
        by_automation.action_confirm()
        self.assertFalse(by_automation.oms_hold)

        rows = self._rows(by_manager | by_recheck | by_automation | still)
        self.assertEqual(rows[by_manager].outcome, "released")
        self.assertEqual(rows[by_manager].released_by_id, self.manager)
        self.assertEqual(rows[by_recheck].outcome, "released")
        self.assertEqual(rows[by_recheck].released_by_id, self.oms_user)
        self.assertEqual(rows[by_automation].outcome, "cleared")
        self.assertFalse(rows[by_automation].released_by_id)
        self.assertFalse(rows[by_automation].release_hours)
        self.assertEqual(rows[still].outcome, "open")
        labels = dict(
            self.env["oms.hold.report"]._fields["outcome"]._description_selection(self.env)
        )
        self.assertEqual(labels["cleared"], "Cleared Automatically")

        # a released order keeps the date the customer ordered
        for order in (by_manager, by_recheck):
            self.assertEqual(order.state, "sale")
            self.assertEqual(order.date_order, ordered_on)
            self.assertEqual(rows[order].order_date, ordered_on)
        # an order confirmed without a hold still gets Odoo's confirmation date
        plain = self._order(self.wh1, external_ref="WEB-R5", date_order=ordered_on)
        plain.action_confirm()
        self.assertGreater(plain.date_order, ordered_on)

    def test_a_new_hold_forgets_the_previous_release(self):
        order = self._held("HOLD-R6", fields.Datetime.now())
        order.with_user(self.manager)._oms_release_hold("Known customer")
        self.assertEqual(order.oms_hold_released_by, self.manager)
        order._action_cancel()
        order.action_draft()
        order.ignore_exception = False
        order.detect_exceptions()
        self.assertTrue(order.oms_hold)
        self.assertFalse(order.oms_hold_released_by)
        self.assertEqual(self._rows(order)[order].outcome, "open")
