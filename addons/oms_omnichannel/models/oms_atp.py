# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.atp import StockFigures, channel_atp


class OmsAtp(models.AbstractModel):
    """Available-to-promise, read with one aggregated query.

    The ORM's per-record ``free_qty`` compute is too slow at catalogue scale
    and knows neither safety stock nor units promised to unreserved orders;
    this reads quants, moves and safety stock for many products and
    warehouses at once.
    """

    _name = "oms.atp"
    _description = "Available to Promise"

    @api.model
    def _get_stock_figures(self, product_ids, warehouse_ids=None, incoming_days=0):
        """Return ``{(warehouse_id, product_id): StockFigures}`` for every pair."""
        product_ids = list(product_ids)
        if warehouse_ids is None:
            warehouse_ids = (
                self.env["stock.warehouse"]
                .search([("company_id", "in", self.env.companies.ids)])
                .ids
            )
        warehouse_ids = list(warehouse_ids)
        if not product_ids or not warehouse_ids:
            return {}
        # receipts and orders must be in the database before we read them
        self.env.flush_all()
        horizon = fields.Datetime.now() + timedelta(days=incoming_days or 0)
        query = SQL(
            """
            WITH loc AS (
                SELECT w.id AS warehouse_id, sl.id AS location_id
                  FROM stock_warehouse w
                  JOIN stock_location ls ON ls.id = w.lot_stock_id
                  JOIN stock_location sl ON sl.parent_path LIKE ls.parent_path || '%%'
                 WHERE w.id = ANY(%(warehouses)s) AND sl.usage = 'internal'
            ),
            onhand AS (
                SELECT loc.warehouse_id, q.product_id,
                       SUM(q.quantity) AS qty, SUM(q.reserved_quantity) AS reserved
                  FROM stock_quant q
                  JOIN loc ON loc.location_id = q.location_id
                 WHERE q.product_id = ANY(%(products)s)
                 GROUP BY loc.warehouse_id, q.product_id
            ),
            promised AS (
                SELECT loc.warehouse_id, m.product_id,
                       SUM(GREATEST(m.product_qty - m.quantity, 0)) AS qty
                  FROM stock_move m
                  JOIN loc ON loc.location_id = m.location_id
                 WHERE m.product_id = ANY(%(products)s)
                   AND m.state IN ('confirmed', 'waiting', 'partially_available')
                   -- made to order: served by its own purchase/production, not the stock
                   AND m.procure_method != 'make_to_order'
                   AND NOT EXISTS (
                       SELECT 1 FROM loc dest
                        WHERE dest.warehouse_id = loc.warehouse_id
                          AND dest.location_id = m.location_dest_id)
                 GROUP BY loc.warehouse_id, m.product_id
            ),
            incoming AS (
                SELECT loc.warehouse_id, m.product_id, SUM(m.product_qty) AS qty
                  FROM stock_move m
                  JOIN loc ON loc.location_id = m.location_dest_id
                 WHERE m.product_id = ANY(%(products)s)
                   AND m.state NOT IN ('draft', 'done', 'cancel')
                   AND m.date <= %(horizon)s
                   -- bought for one order (make to order): not free to promise
                   AND NOT EXISTS (
                       SELECT 1 FROM stock_move_move_rel r WHERE r.move_orig_id = m.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM loc src
                        WHERE src.warehouse_id = loc.warehouse_id
                          AND src.location_id = m.location_id)
                 GROUP BY loc.warehouse_id, m.product_id
            )
            SELECT w.id, p.id,
                   COALESCE(onhand.qty, 0), COALESCE(onhand.reserved, 0),
                   COALESCE(ss.quantity, 0), COALESCE(promised.qty, 0),
                   COALESCE(incoming.qty, 0)
              FROM unnest(%(warehouses)s) AS w(id)
             CROSS JOIN unnest(%(products)s) AS p(id)
              LEFT JOIN onhand ON onhand.warehouse_id = w.id AND onhand.product_id = p.id
              LEFT JOIN promised ON promised.warehouse_id = w.id AND promised.product_id = p.id
              LEFT JOIN incoming ON incoming.warehouse_id = w.id AND incoming.product_id = p.id
              LEFT JOIN oms_safety_stock ss ON ss.warehouse_id = w.id AND ss.product_id = p.id
            """,
            warehouses=warehouse_ids,
            products=product_ids,
            horizon=horizon,
        )
        self.env.cr.execute(query)
        rows = self.env.cr.fetchall()
        committed = self._get_committed_elsewhere(product_ids, warehouse_ids)
        result = {}
        for wh_id, product_id, on_hand, reserved, safety, promised, incoming in rows:
            promised += committed.get((wh_id, product_id), 0.0)
            result[(wh_id, product_id)] = StockFigures(
                on_hand, reserved, safety, promised, incoming
            )
        return result

    @api.model
    def _get_committed_elsewhere(self, product_ids, warehouse_ids):
        """Units sold that are not stock moves yet: ``{(warehouse_id, product_id): qty}``.

        Hook for the addons whose sales take stock later than they are made
        (e.g. Point of Sale orders of a session that updates stock at closing).
        They are counted as promised: the ATP of every channel drops at once.
        Implementations must read all pairs with one aggregated query.
        """
        return {}

    @api.model
    def _get_atp(self, product_ids, warehouse_ids=None, incoming_days=0):
        """Return ``{(warehouse_id, product_id): atp}``."""
        figures = self._get_stock_figures(product_ids, warehouse_ids, incoming_days)
        return {key: fig.atp(include_incoming=bool(incoming_days)) for key, fig in figures.items()}

    @api.model
    def _channel_warehouses(self, channel):
        warehouses = channel.allowed_warehouse_ids or self.env["stock.warehouse"].search(
            [("company_id", "=", channel.company_id.id)]
        )
        if not channel.ship_from_store:
            warehouses = warehouses.filtered(lambda w: not w.oms_is_store)
        return warehouses.filtered(lambda w: not w.oms_paused)

    @api.model
    def _get_channel_atp(self, channel, product_ids):
        """ATP a channel may sell: ``{product_id: {"total": x, "warehouses": {wh_id: y}}}``."""
        warehouses = self._channel_warehouses(channel)
        atp = self._get_atp(product_ids, warehouses.ids, channel.atp_include_incoming_days)
        result = {}
        for product_id in product_ids:
            raw = {wh.id: atp[(wh.id, product_id)] for wh in warehouses}
            # the buffer is held back once per product, from the channel total
            result[product_id] = {
                "total": channel_atp(
                    sum(max(v, 0.0) for v in raw.values()), channel.atp_ratio, channel.atp_buffer
                ),
                "warehouses": {
                    wh_id: channel_atp(value, channel.atp_ratio) for wh_id, value in raw.items()
                },
            }
        return result
