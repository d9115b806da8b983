# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holds: one row per order that went on hold, with the rules that held it.

"Released" counts the holds a person ended (a manager's release, an explicit
re-check: ``sale.order.oms_hold_released_by``); a hold that ended otherwise
(the rules no longer failing after an automatic update) is "Cleared Automatically".
"""

from odoo import fields, models
from odoo.tools import SQL

HOLD_OUTCOMES = [
    ("open", "Still on Hold"),
    ("released", "Released"),
    ("cleared", "Cleared Automatically"),
    ("cancelled", "Cancelled"),
]


class OmsHoldReport(models.Model):
    _name = "oms.hold.report"
    _description = "Omnichannel Holds"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    date = fields.Datetime(string="On Hold Since", readonly=True)
    hold_end = fields.Datetime(string="Hold Ended On", readonly=True)
    order_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("oms.channel", string="Channel", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Carrier", readonly=True)
    service_level_id = fields.Many2one("oms.service.level", string="Service Level", readonly=True)
    rule_ids = fields.Many2many(
        "exception.rule",
        "oms_sale_order_hold_rule_rel",
        "order_id",
        "rule_id",
        string="Hold Reason",
        readonly=True,
    )
    outcome = fields.Selection(HOLD_OUTCOMES, readonly=True)
    hold_count = fields.Integer(string="# Holds", readonly=True, aggregator="sum")
    hold_hours = fields.Float(
        string="Hours on Hold",
        readonly=True,
        aggregator="avg",
        help="Until the hold ended, or until now for orders still on hold.",
    )
    released_by_id = fields.Many2one("res.users", string="Released By", readonly=True)
    release_hours = fields.Float(
        string="Time to Release (h)",
        readonly=True,
        aggregator="avg",
        help="Hours from the hold to its release, for released orders.",
    )
    risk_score = fields.Integer(readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   so.oms_hold_since AS date,
                   so.oms_hold_end AS hold_end,
                   so.date_order AS order_date,
                   so.company_id,
                   so.channel_id,
                   so.warehouse_id,
                   so.carrier_id,
                   so.service_level_id,
                   CASE WHEN so.oms_hold_end IS NULL THEN 'open'
                        WHEN so.state = 'cancel' THEN 'cancelled'
                        WHEN so.oms_hold_released_by IS NOT NULL THEN 'released'
                        ELSE 'cleared' END AS outcome,
                   so.oms_hold_released_by AS released_by_id,
                   1 AS hold_count,
                   EXTRACT(EPOCH FROM COALESCE(so.oms_hold_end, now() AT TIME ZONE 'UTC')
                                      - so.oms_hold_since) / 3600.0 AS hold_hours,
                   CASE WHEN so.oms_hold_end IS NOT NULL AND so.state != 'cancel'
                             AND so.oms_hold_released_by IS NOT NULL
                        THEN EXTRACT(EPOCH FROM so.oms_hold_end - so.oms_hold_since) / 3600.0
                   END AS release_hours,
                   so.oms_risk_score AS risk_score
              FROM sale_order so
             WHERE so.oms_hold_since IS NOT NULL
            """
        )
