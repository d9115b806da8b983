# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Warehouse load against capacity: one row per warehouse and day.

A warehouse's load of a day is the number of customer deliveries it was given
that day (what sourcing counts against ``oms_daily_capacity``); next to it, the
deliveries it shipped that day.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsWarehouseLoadReport(models.Model):
    _name = "oms.warehouse.load.report"
    _description = "Omnichannel Warehouse Load"
    _auto = False
    _rec_name = "warehouse_id"
    _order = "date desc, warehouse_id"

    date = fields.Date(readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    assigned_count = fields.Integer(string="Deliveries Assigned", readonly=True, aggregator="sum")
    shipped_count = fields.Integer(string="Deliveries Shipped", readonly=True, aggregator="sum")
    capacity = fields.Integer(string="Daily Capacity", readonly=True, aggregator="max")
    load_percent = fields.Float(
        string="Load (%)",
        readonly=True,
        aggregator="avg",
        help="Deliveries assigned in the day against the daily capacity (empty without a "
        "capacity).",
    )

    @api.model
    def _oms_report_tz(self):
        return self.env["oms.order.report"]._oms_report_tz()

    @property
    def _table_query(self):
        return SQL(
            """
            WITH events AS (
                SELECT spt.warehouse_id,
                       (timezone(%(tz)s, p.create_date AT TIME ZONE 'UTC'))::date AS day,
                       1 AS assigned, 0 AS shipped
                  FROM stock_picking p
                  JOIN stock_picking_type spt ON spt.id = p.picking_type_id
                 WHERE p.oms_is_customer_delivery AND p.state != 'cancel'
                UNION ALL
                SELECT spt.warehouse_id,
                       (timezone(%(tz)s, p.date_done AT TIME ZONE 'UTC'))::date AS day,
                       0 AS assigned, 1 AS shipped
                  FROM stock_picking p
                  JOIN stock_picking_type spt ON spt.id = p.picking_type_id
                 WHERE p.oms_is_customer_delivery AND p.state = 'done'
            )
            SELECT (e.day - DATE '2000-01-01') * 100000 + w.id AS id,
                   e.day AS date,
                   w.id AS warehouse_id,
                   w.company_id,
                   sum(e.assigned) AS assigned_count,
                   sum(e.shipped) AS shipped_count,
                   w.oms_daily_capacity AS capacity,
                   CASE WHEN COALESCE(w.oms_daily_capacity, 0) > 0
                        THEN 100.0 * sum(e.assigned) / w.oms_daily_capacity END AS load_percent
              FROM events e
              JOIN stock_warehouse w ON w.id = e.warehouse_id
             GROUP BY e.day, w.id
            """,
            tz=self._oms_report_tz(),
        )
