# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class OmsAtpReport(models.Model):
    """Product x warehouse matrix of available-to-promise (a SQL view).

    Same arithmetic as ``oms.atp`` (on hand - reserved - safety stock -
    units promised to unreserved orders), for every product that has stock,
    open moves or a safety stock in a warehouse.
    """

    _name = "oms.atp.report"
    _description = "Available to Promise by Warehouse"
    _auto = False
    _order = "product_id, warehouse_id"

    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    on_hand = fields.Float(readonly=True, digits="Product Unit")
    reserved = fields.Float(readonly=True, digits="Product Unit")
    safety = fields.Float(string="Safety Stock", readonly=True, digits="Product Unit")
    promised = fields.Float(string="Promised (unreserved)", readonly=True, digits="Product Unit")
    atp = fields.Float(string="Available to Promise", readonly=True, digits="Product Unit")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        extra = self._oms_committed_elsewhere_query()
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
            WITH loc AS (
                SELECT w.id AS warehouse_id, sl.id AS location_id
                  FROM stock_warehouse w
                  JOIN stock_location ls ON ls.id = w.lot_stock_id
                  JOIN stock_location sl ON sl.parent_path LIKE ls.parent_path || '%%'
                 WHERE sl.usage = 'internal'
            ),
            onhand AS (
                SELECT loc.warehouse_id, q.product_id,
                       SUM(q.quantity) AS qty, SUM(q.reserved_quantity) AS reserved
                  FROM stock_quant q JOIN loc ON loc.location_id = q.location_id
                 GROUP BY loc.warehouse_id, q.product_id
            ),
            promised AS (
                SELECT warehouse_id, product_id, SUM(qty) AS qty FROM (
                    SELECT loc.warehouse_id, m.product_id,
                           GREATEST(m.product_qty - m.quantity, 0) AS qty
                      FROM stock_move m JOIN loc ON loc.location_id = m.location_id
                     WHERE m.state IN ('confirmed', 'waiting', 'partially_available')
                       AND NOT EXISTS (
                           SELECT 1 FROM loc dest
                            WHERE dest.warehouse_id = loc.warehouse_id
                              AND dest.location_id = m.location_dest_id)
                    %s
                ) promised_rows
                 GROUP BY warehouse_id, product_id
            ),
            pairs AS (
                SELECT warehouse_id, product_id FROM onhand
                UNION SELECT warehouse_id, product_id FROM promised
                UNION SELECT warehouse_id, product_id FROM oms_safety_stock
            )
            SELECT row_number() OVER (ORDER BY pairs.product_id, pairs.warehouse_id) AS id,
                   pairs.product_id, pp.product_tmpl_id, pt.categ_id,
                   pairs.warehouse_id, w.company_id,
                   COALESCE(onhand.qty, 0) AS on_hand,
                   COALESCE(onhand.reserved, 0) AS reserved,
                   COALESCE(ss.quantity, 0) AS safety,
                   COALESCE(promised.qty, 0) AS promised,
                   COALESCE(onhand.qty, 0) - COALESCE(onhand.reserved, 0)
                     - COALESCE(ss.quantity, 0) - COALESCE(promised.qty, 0) AS atp
              FROM pairs
              JOIN stock_warehouse w ON w.id = pairs.warehouse_id
              JOIN product_product pp ON pp.id = pairs.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN onhand ON onhand.warehouse_id = pairs.warehouse_id
                              AND onhand.product_id = pairs.product_id
              LEFT JOIN promised ON promised.warehouse_id = pairs.warehouse_id
                                AND promised.product_id = pairs.product_id
              LEFT JOIN oms_safety_stock ss ON ss.warehouse_id = pairs.warehouse_id
                                           AND ss.product_id = pairs.product_id
            )
            """,
                SQL.identifier(self._table),
                SQL("UNION ALL %s", extra) if extra else SQL(),
            )
        )

    def _oms_committed_elsewhere_query(self):
        """Hook: SQL of rows ``(warehouse_id, product_id, qty)`` of units sold that are
        not stock moves yet, counted as promised (the view's side of
        ``oms.atp._get_committed_elsewhere``). None: there are none."""
        return None
