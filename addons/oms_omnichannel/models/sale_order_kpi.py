# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hold history of OMS orders, kept for the KPI reports.

A third ``sale.order`` extension (see ``sale_order_validation.py`` for why the
OMS splits ``sale.order`` over several files): the hold reports need to know
when an order went on hold, when the hold ended (release, re-check or
cancellation) and which rules held it, even after ``exception_ids`` changed;
and who released it: the hold report counts as "Released" only the holds a person
ended (a manager's release, an explicit re-check), not those cleared by automation.
A held order released later keeps the date the customer ordered (Odoo's
confirmation would stamp the release time as order date).
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
    oms_hold_released_by = fields.Many2one(
        "res.users",
        string="Hold Released By",
        compute="_compute_oms_hold_released_by",
        store=True,
        readonly=False,
        copy=False,
        help="The person who ended the last hold: a manager's release or an explicit "
        "re-check. Empty while on hold and when the hold ended otherwise (cancelled, "
        "cleared automatically).",
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

    @api.depends("oms_hold")
    def _compute_oms_hold_released_by(self):
        for order in self:
            # a new hold forgets who released the previous one
            order.oms_hold_released_by = False if order.oms_hold else order.oms_hold_released_by

    def _prepare_confirmation_values(self):
        vals = super()._prepare_confirmation_values()
        held = self.filtered("oms_hold_since")
        if held:
            # a held order released later keeps the date the customer ordered
            vals.pop("date_order", None)
            (self - held).write({"date_order": fields.Datetime.now()})
        return vals

    @api.private
    def _oms_mark_hold_released(self):
        """Record that the current user ended the hold of these orders (a manager's
        release, an explicit re-check)."""
        self.filtered(lambda o: o.oms_hold_end and o.state != "cancel").write(
            {"oms_hold_released_by": self.env.uid}
        )
