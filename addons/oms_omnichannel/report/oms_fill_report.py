# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill rate and backorders: one row per product line of a confirmed order.

The first shipment of an order is its customer delivery validated first. A
line is filled when that shipment carried all its ordered quantity; what the
first shipment left behind is the backordered quantity. Lines of orders that
shipped nothing yet are not counted (NULL rate, zero quantities).
Quantities are in the unit of measure of the sale line (moves created from a
sale line use it).
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsFillReport(models.Model):
    _name = "oms.fill.report"
    _description = "Omnichannel Fill Rate and Backorders"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    order_line_id = fields.Many2one("sale.order.line", string="Order Line", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("oms.channel", string="Channel", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Carrier", readonly=True)
    service_level_id = fields.Many2one("oms.service.level", string="Service Level", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    shipped = fields.Boolean(string="Shipped", readonly=True, help="The order shipped something.")
    line_count = fields.Integer(string="# Lines", readonly=True, aggregator="sum")
    qty_ordered = fields.Float(string="Qty Ordered", readonly=True, aggregator="sum")
    qty_first_shipment = fields.Float(
        string="Qty in First Shipment", readonly=True, aggregator="sum"
    )
    qty_backordered = fields.Float(
        string="Qty Backordered",
        readonly=True,
        aggregator="sum",
        help="Ordered quantity the first shipment did not carry.",
    )
    qty_delivered = fields.Float(string="Qty Shipped", readonly=True, aggregator="sum")
    line_fill_rate = fields.Float(
        string="Line Fill Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Lines shipped complete in the first shipment.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH first_delivery AS (
                SELECT DISTINCT ON (p.sale_id) p.sale_id AS order_id, p.id AS picking_id
                  FROM stock_picking p
                 WHERE p.oms_is_customer_delivery
                   AND p.state = 'done'
                   AND p.sale_id IS NOT NULL
                 ORDER BY p.sale_id, p.date_done, p.id
            ), first_qty AS (
                SELECT m.sale_line_id, sum(m.quantity) AS qty
                  FROM stock_move m
                  JOIN first_delivery fd ON fd.picking_id = m.picking_id
                 WHERE m.state = 'done' AND m.sale_line_id IS NOT NULL
                 GROUP BY m.sale_line_id
            )
            SELECT sol.id AS id,
                   sol.id AS order_line_id,
                   so.id AS order_id,
                   so.date_order AS date,
                   so.company_id,
                   so.channel_id,
                   so.warehouse_id,
                   so.carrier_id,
                   so.service_level_id,
                   sol.product_id,
                   pt.categ_id,
                   fd.picking_id IS NOT NULL AS shipped,
                   1 AS line_count,
                   CASE WHEN fd.picking_id IS NOT NULL THEN sol.product_uom_qty ELSE 0 END
                       AS qty_ordered,
                   COALESCE(fq.qty, 0) AS qty_first_shipment,
                   CASE WHEN fd.picking_id IS NOT NULL
                        THEN GREATEST(sol.product_uom_qty - COALESCE(fq.qty, 0), 0)
                        ELSE 0 END AS qty_backordered,
                   sol.qty_delivered,
                   CASE WHEN fd.picking_id IS NULL THEN NULL
                        WHEN COALESCE(fq.qty, 0) >= sol.product_uom_qty THEN 100.0
                        ELSE 0.0 END AS line_fill_rate
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN first_delivery fd ON fd.order_id = so.id
              LEFT JOIN first_qty fq ON fq.sale_line_id = sol.id
             WHERE so.state = 'sale'
               AND sol.display_type IS NULL
               AND NOT COALESCE(sol.is_delivery, FALSE)
               AND pt.type = 'consu'
            """
        )

    @api.model
    def _oms_fill_order_rows(self, order_ids):
        """The fill figures summed per order (``oms.order.kpi.fact`` stores them):
        the same lines and quantities as this report's rows, for the orders given
        by ``order_ids`` (SQL giving order ids)."""
        return SQL(
            """
            WITH first_delivery AS MATERIALIZED (
                SELECT DISTINCT ON (p.sale_id) p.sale_id AS order_id, p.id AS picking_id
                  FROM stock_picking p
                 WHERE p.oms_is_customer_delivery
                   AND p.state = 'done'
                   AND p.sale_id IN (%(ids)s)
                 ORDER BY p.sale_id, p.date_done, p.id
            ), first_qty AS MATERIALIZED (
                SELECT m.sale_line_id, sum(m.quantity) AS qty
                  FROM stock_move m
                  JOIN first_delivery fd ON fd.picking_id = m.picking_id
                 WHERE m.state = 'done' AND m.sale_line_id IS NOT NULL
                 GROUP BY m.sale_line_id
            )
            SELECT so.id AS order_id,
                   count(*) FILTER (WHERE fd.picking_id IS NOT NULL) AS fill_line_count,
                   count(*) FILTER (WHERE fd.picking_id IS NOT NULL
                                      AND COALESCE(fq.qty, 0) >= sol.product_uom_qty)
                       AS fill_line_full_count,
                   sum(CASE WHEN fd.picking_id IS NOT NULL THEN sol.product_uom_qty ELSE 0 END)
                       AS qty_ordered,
                   sum(COALESCE(fq.qty, 0)) AS qty_first_shipment,
                   sum(CASE WHEN fd.picking_id IS NOT NULL
                            THEN GREATEST(sol.product_uom_qty - COALESCE(fq.qty, 0), 0)
                            ELSE 0 END) AS qty_backordered
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN first_delivery fd ON fd.order_id = so.id
              LEFT JOIN first_qty fq ON fq.sale_line_id = sol.id
             WHERE so.state = 'sale'
               AND sol.display_type IS NULL
               AND NOT COALESCE(sol.is_delivery, FALSE)
               AND pt.type = 'consu'
               AND sol.order_id IN (%(ids)s)
             GROUP BY so.id
            """,
            ids=order_ids,
        )

    @api.model
    def _oms_fill_summary(self, domain):
        """Line and unit fill rates (percent, None without shipped lines) in one query."""
        query = self._search(domain)
        self.env.cr.execute(
            query.select(
                SQL(
                    """
                avg(%(t)s.line_fill_rate),
                sum(%(t)s.qty_first_shipment),
                sum(%(t)s.qty_ordered),
                sum(%(t)s.qty_backordered)
                """,
                    t=SQL.identifier(self._table),
                )
            )
        )
        line_rate, first_qty, ordered, backordered = self.env.cr.fetchone()
        return {
            "line_fill_rate": float(line_rate) if line_rate is not None else None,
            "unit_fill_rate": (100.0 * first_qty / ordered) if ordered else None,
            "qty_backordered": float(backordered or 0.0),
        }
