# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hold history of OMS orders, kept for the KPI reports.

A third ``sale.order`` extension (see ``sale_order_validation.py`` for why the
OMS splits ``sale.order`` over several files): the hold reports need to know
when an order went on hold, when the hold ended (release, re-check or
cancellation) and which rules held it, even after ``exception_ids`` changed.
"""

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_hold_since = fields.Datetime(
        string="On Hold Since",
        compute="_compute_oms_hold_history",
        store=True,
        copy=False,
        index="btree_not_null",
        help="When the order last went on hold.",
    )
    oms_hold_end = fields.Datetime(
        string="Hold Ended On",
        compute="_compute_oms_hold_history",
        store=True,
        copy=False,
        help="When the hold ended: released by a manager, cleared by a re-check, or cancelled.",
    )
    oms_hold_rule_ids = fields.Many2many(
        "exception.rule",
        "oms_sale_order_hold_rule_rel",
        "order_id",
        "rule_id",
        string="Hold Reasons",
        compute="_compute_oms_hold_history",
        store=True,
        copy=False,
        help="Every validation rule that held the order, kept after the hold ends.",
    )

    @api.depends("oms_hold", "exception_ids")
    def _compute_oms_hold_history(self):
        now = fields.Datetime.now()
        for order in self:
            if order.oms_hold:
                if not order.oms_hold_since or order.oms_hold_end:
                    order.oms_hold_since = now
                order.oms_hold_end = False
                order.oms_hold_rule_ids = order.oms_hold_rule_ids | order.exception_ids
            else:
                if order.oms_hold_since and not order.oms_hold_end:
                    order.oms_hold_end = now
                order.oms_hold_since = order.oms_hold_since
                order.oms_hold_rule_ids = order.oms_hold_rule_ids
