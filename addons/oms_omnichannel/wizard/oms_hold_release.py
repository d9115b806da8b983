# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class OmsHoldRelease(models.TransientModel):
    _name = "oms.hold.release"
    _description = "Release or Cancel Held Orders"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    decision = fields.Selection(
        [("release", "Release and confirm"), ("cancel", "Cancel the orders")],
        required=True,
        default="release",
    )
    reason = fields.Text(
        required=True,
        help="Why the hold is released or the orders cancelled; logged in each order's chatter.",
    )
    exception_ids = fields.Many2many(
        "exception.rule",
        string="Failed Rules",
        compute="_compute_exception_ids",
    )
    risk_score = fields.Integer(compute="_compute_exception_ids")

    @api.depends("order_ids")
    def _compute_exception_ids(self):
        for wizard in self:
            wizard.exception_ids = wizard.order_ids.exception_ids
            wizard.risk_score = max(wizard.order_ids.mapped("oms_risk_score") or [0])

    def action_apply(self):
        self.ensure_one()
        if self.decision == "release":
            self.order_ids._oms_release_hold(self.reason)
        else:
            self.order_ids._oms_cancel_with_reason(self.reason)
        return {"type": "ir.actions.act_window_close"}
