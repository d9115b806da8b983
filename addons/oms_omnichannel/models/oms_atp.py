# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Available-to-promise: the one query builder of the OMS.

Every reader of ATP goes through this module: the API (``_get_stock_figures``,
``_get_atp``, ``_get_channel_atp``), the ATP report view (``oms.atp.report``
builds its SELECT with ``_atp_query``), the "Stock not available" rule
(``_get_short_orders``) and sourcing (``_get_stock_figures(by_priority=True)``).
The arithmetic lives in ``tools/atp.py``.

Every quantity is in the product's own unit: stock moves are kept in the unit
they were ordered in (a "Pack of 6"), so their reserved ``quantity`` is
converted with the units' factors (``uom.uom.factor``: the size of a unit in
the reference unit) before it is compared with ``product_qty`` (Odoo keeps
that one in the product's unit).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_compare

from ..tools.atp import StockFigures, available_for, channel_atp

# open moves of a warehouse that still wait for stock
_OPEN_MOVE_STATES = ("confirmed", "waiting", "partially_available")


def _in_product_unit(quantity):
    """SQL: ``quantity`` of a stock move ``m`` (in the move's unit, joined as ``mu``)
    in the product's unit (joined as ``pu``)."""
    return SQL("(%s * mu.factor / pu.factor)", quantity)


_MOVE_UNITS = SQL(
    """
      JOIN uom_uom mu ON mu.id = m.product_uom
      JOIN product_product mpp ON mpp.id = m.product_id
      JOIN product_template mpt ON mpt.id = mpp.product_tmpl_id
      JOIN uom_uom pu ON pu.id = mpt.uom_id
    """
)


class OmsAtp(models.AbstractModel):
    """Available-to-promise, read with one aggregated query.

    The ORM's per-record ``free_qty`` compute is too slow at catalogue scale
    and knows neither safety stock nor units promised to unreserved orders;
    this reads quants, moves and safety stock for many products and
    warehouses at once.
    """

    _name = "oms.atp"
    _description = "Available to Promise"

    # ------------------------------------------------------------------
    # The query builder
    # ------------------------------------------------------------------

    @api.model
    def _atp_locations_query(self, warehouse_ids=None):
        """SQL rows ``(warehouse_id, location_id)``: the internal locations of each
        warehouse's stock."""
        where = (
            SQL("AND w.id = ANY(%s)", list(warehouse_ids)) if warehouse_ids is not None else SQL()
        )
        return SQL(
            """
            SELECT w.id AS warehouse_id, sl.id AS location_id
              FROM stock_warehouse w
              JOIN stock_location ls ON ls.id = w.lot_stock_id
              JOIN stock_location sl ON sl.parent_path LIKE ls.parent_path || '%%'
             WHERE sl.usage = 'internal' %s
            """,
            where,
        )

    @api.model
    def _atp_promised_moves_query(self, product_ids=None, by_priority=False):
        """SQL rows ``(warehouse_id, product_id, qty[, priority])``: units of open moves
        leaving a warehouse (CTE ``loc``) that are not reserved yet, in the product's
        unit. Moves made to order are left out: their own purchase or production
        serves them, not the stock."""
        products = (
            SQL("AND m.product_id = ANY(%s)", list(product_ids))
            if product_ids is not None
            else SQL()
        )
        return SQL(
            """
            SELECT loc.warehouse_id, m.product_id,
                   GREATEST(m.product_qty - %(reserved)s, 0) AS qty %(priority)s
              FROM stock_move m
              JOIN loc ON loc.location_id = m.location_id
              %(units)s
              %(orders)s
             WHERE m.state IN %(states)s
               AND m.procure_method != 'make_to_order'
               AND NOT EXISTS (
                   SELECT 1 FROM loc dest
                    WHERE dest.warehouse_id = loc.warehouse_id
                      AND dest.location_id = m.location_dest_id)
               %(products)s
            """,
            reserved=_in_product_unit(SQL("m.quantity")),
            priority=SQL(", %s AS priority", self._atp_move_priority()) if by_priority else SQL(),
            units=_MOVE_UNITS,
            orders=self._atp_move_orders_join() if by_priority else SQL(),
            states=_OPEN_MOVE_STATES,
            products=products,
        )

    @api.model
    def _atp_move_orders_join(self):
        return SQL(
            """
            LEFT JOIN sale_order_line msol ON msol.id = m.sale_line_id
            LEFT JOIN sale_order mso ON mso.id = msol.order_id
            """
        )

    @api.model
    def _atp_move_priority(self):
        """SQL: reservation priority of the sale order of move ``m`` (its line's order,
        else the order of its references, as ``stock.move._oms_sale_order``); 0 without."""
        return SQL(
            """
            COALESCE(mso.oms_priority, (
                SELECT MAX(rso.oms_priority)
                  FROM stock_reference_move_rel rm
                  JOIN stock_reference_sale_rel rs ON rs.reference_id = rm.reference_id
                  JOIN sale_order rso ON rso.id = rs.sale_id
                 WHERE rm.move_id = m.id), 0)
            """
        )

    @api.model
    def _atp_query(self, product_ids=None, warehouse_ids=None, horizon=None, by_priority=False):
        """THE available-to-promise query.

        SQL rows ``(warehouse_id, product_id, on_hand, reserved, safety, promised,
        incoming[, yielding])`` in the product's unit. With ``product_ids`` and ``warehouse_ids``:
        one row per pair of them; without (the report view): one row per pair that
        has stock, open moves or a safety stock. ``incoming`` counts the receipts
        expected by ``horizon`` (0 without). Units sold elsewhere that are not stock
        moves yet (``_committed_elsewhere_query``) are promised. ``by_priority``
        adds ``yielding``, ``[[priority, qty], ...]`` (``_atp_held_rows``).
        """
        products = list(product_ids) if product_ids is not None else None
        warehouses = list(warehouse_ids) if warehouse_ids is not None else None

        def only_products(column):
            if products is None:
                return SQL()
            return SQL("AND %s = ANY(%s)", SQL(column), products)

        promised_rows = self._atp_promised_moves_query(products)
        committed = self._committed_elsewhere_query(products, warehouses)
        if committed is not None:
            promised_rows = SQL(
                "%s UNION ALL SELECT warehouse_id, product_id, qty FROM (%s) committed",
                promised_rows,
                committed,
            )
        if horizon is not None:
            incoming = SQL(
                """
                SELECT loc.warehouse_id, m.product_id, SUM(m.product_qty) AS qty
                  FROM stock_move m
                  JOIN loc ON loc.location_id = m.location_dest_id
                 WHERE m.state NOT IN ('draft', 'done', 'cancel')
                   AND m.date <= %s
                   -- bought for one order (make to order): not free to promise
                   AND NOT EXISTS (
                       SELECT 1 FROM stock_move_move_rel r WHERE r.move_orig_id = m.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM loc src
                        WHERE src.warehouse_id = loc.warehouse_id
                          AND src.location_id = m.location_id)
                   %s
                 GROUP BY loc.warehouse_id, m.product_id
                """,
                horizon,
                only_products("m.product_id"),
            )
        else:
            incoming = SQL(
                "SELECT NULL::int AS warehouse_id, NULL::int AS product_id, 0 AS qty WHERE false"
            )
        if products is not None and warehouses is not None:
            pairs = SQL(
                "SELECT w.id AS warehouse_id, p.id AS product_id"
                "  FROM unnest(%s::int[]) AS w(id) CROSS JOIN unnest(%s::int[]) AS p(id)",
                warehouses,
                products,
            )
        else:
            pairs = SQL(
                """
                SELECT warehouse_id, product_id FROM onhand
                 UNION SELECT warehouse_id, product_id FROM promised
                 UNION SELECT warehouse_id, product_id FROM incoming
                 UNION SELECT ss.warehouse_id, ss.product_id FROM oms_safety_stock ss
                  JOIN stock_warehouse ssw ON ssw.id = ss.warehouse_id
                 WHERE true %s %s
                """,
                only_products("ss.product_id"),
                SQL("AND ss.warehouse_id = ANY(%s)", warehouses)
                if warehouses is not None
                else SQL(),
            )
        return SQL(
            """
            WITH loc AS (%(loc)s),
            onhand AS (
                SELECT loc.warehouse_id, q.product_id,
                       SUM(q.quantity) AS qty, SUM(q.reserved_quantity) AS reserved
                  FROM stock_quant q
                  JOIN loc ON loc.location_id = q.location_id
                 WHERE true %(quant_products)s
                 GROUP BY loc.warehouse_id, q.product_id
            ),
            promised AS (
                SELECT warehouse_id, product_id, SUM(qty) AS qty
                  FROM (%(promised_rows)s) promised_rows
                 GROUP BY warehouse_id, product_id
            ),
            incoming AS (%(incoming)s),
            pairs AS (%(pairs)s)
            %(yielding_cte)s
            SELECT pairs.warehouse_id, pairs.product_id,
                   COALESCE(onhand.qty, 0) AS on_hand,
                   COALESCE(onhand.reserved, 0) AS reserved,
                   COALESCE(ss.quantity, 0) AS safety,
                   COALESCE(promised.qty, 0) AS promised,
                   COALESCE(incoming.qty, 0) AS incoming
                   %(yielding_column)s
              FROM pairs
              LEFT JOIN onhand ON onhand.warehouse_id = pairs.warehouse_id
                              AND onhand.product_id = pairs.product_id
              LEFT JOIN promised ON promised.warehouse_id = pairs.warehouse_id
                                AND promised.product_id = pairs.product_id
              LEFT JOIN incoming ON incoming.warehouse_id = pairs.warehouse_id
                                AND incoming.product_id = pairs.product_id
              LEFT JOIN oms_safety_stock ss ON ss.warehouse_id = pairs.warehouse_id
                                           AND ss.product_id = pairs.product_id
              %(yielding_join)s
            """,
            yielding_cte=SQL(
                """,
                yielding AS (
                    SELECT warehouse_id, product_id,
                           array_agg(ARRAY[priority, qty]::float8[] ORDER BY priority) AS held
                      FROM (
                        SELECT warehouse_id, product_id, priority, SUM(qty) AS qty
                          FROM (%s) held_rows
                         WHERE qty > 0
                         GROUP BY warehouse_id, product_id, priority
                      ) by_priority
                     GROUP BY warehouse_id, product_id
                )
                """,
                self._atp_held_rows(products),
            )
            if by_priority
            else SQL(),
            yielding_column=SQL(", yielding.held AS yielding") if by_priority else SQL(),
            yielding_join=SQL(
                "LEFT JOIN yielding ON yielding.warehouse_id = pairs.warehouse_id"
                " AND yielding.product_id = pairs.product_id"
            )
            if by_priority
            else SQL(),
            loc=self._atp_locations_query(warehouses),
            quant_products=only_products("q.product_id"),
            promised_rows=promised_rows,
            incoming=incoming,
            pairs=pairs,
        )

    @api.model
    def _atp_held_rows(self, product_ids=None):
        """SQL rows ``(warehouse_id, product_id, qty, priority)`` (CTE ``loc``): the
        units of ``reserved`` and ``promised`` held for the sale orders of each
        reservation priority, which an order of a higher priority takes first: the
        reservations of moves not picked yet and first of their chain (those that
        ``stock.move._oms_reallocate`` moves), and the units promised to moves that
        still wait for stock (a higher-priority move reserves before them)."""
        products = (
            SQL("AND m.product_id = ANY(%s)", list(product_ids))
            if product_ids is not None
            else SQL()
        )
        return SQL(
            """
            SELECT loc.warehouse_id, m.product_id,
                   %(reserved)s AS qty, %(priority)s AS priority
              FROM stock_move m
              JOIN loc ON loc.location_id = m.location_id
              %(units)s
              %(orders)s
             WHERE m.state IN ('assigned', 'partially_available')
               AND NOT m.picked
               AND NOT EXISTS (
                   SELECT 1 FROM stock_move_move_rel r WHERE r.move_dest_id = m.id)
               %(products)s
            UNION ALL
            SELECT warehouse_id, product_id, qty, priority FROM (%(promised)s) promised
            """,
            reserved=_in_product_unit(SQL("m.quantity")),
            priority=self._atp_move_priority(),
            units=_MOVE_UNITS,
            orders=self._atp_move_orders_join(),
            products=products,
            promised=self._atp_promised_moves_query(product_ids, by_priority=True),
        )

    @api.model
    def _committed_elsewhere_query(self, product_ids=None, warehouse_ids=None):
        """Hook: SQL rows ``(warehouse_id, product_id, qty)`` of units sold that are not
        stock moves yet, in the product's unit; ``None`` when there are none.

        For the addons whose sales take stock later than they are made (e.g. Point
        of Sale orders of a session that updates stock at closing). They are counted
        as promised: the ATP of every channel drops at once. ``None`` filters: every
        product / warehouse (the report view).
        """
        return None

    # ------------------------------------------------------------------
    # The API
    # ------------------------------------------------------------------

    @api.model
    def _get_stock_figures(
        self, product_ids, warehouse_ids=None, incoming_days=0, by_priority=False
    ):
        """Return ``{(warehouse_id, product_id): StockFigures}`` for every pair.

        ``by_priority``: also read what is held for orders of each priority
        (``StockFigures.yielding``), for the callers that serve orders by priority.
        """
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
        self.env.cr.execute(self._atp_query(product_ids, warehouse_ids, horizon, by_priority))
        result = {}
        for wh_id, product_id, *figures in self.env.cr.fetchall():
            yielding = (
                tuple((prio, qty) for prio, qty in figures[5]) if by_priority and figures[5] else ()
            )
            result[(wh_id, product_id)] = StockFigures(*figures[:5], yielding=yielding)
        return result

    @api.model
    def _get_committed_elsewhere(self, product_ids, warehouse_ids):
        """Units sold that are not stock moves yet: ``{(warehouse_id, product_id): qty}``
        (``_committed_elsewhere_query``; part of ``promised``)."""
        query = self._committed_elsewhere_query(list(product_ids), list(warehouse_ids))
        if query is None:
            return {}
        self.env.flush_all()
        self.env.cr.execute(query)
        committed = {}
        for warehouse_id, product_id, qty in self.env.cr.fetchall():
            key = (warehouse_id, product_id)
            committed[key] = committed.get(key, 0.0) + qty
        return committed

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
    def _order_warehouses(self, order, shipping=None):
        """Warehouses that may ship an order: ``shipping``, the warehouses of its channel
        (else, for an order keyed in without a channel, every warehouse of its company;
        read when not given), and the warehouse it is fixed to (a pickup store, a
        warehouse chosen by hand), a store or not."""
        if shipping is None:
            shipping = self._shipping_warehouses(order)
        if order.oms_warehouse_locked:
            shipping |= order.warehouse_id
        return shipping | order.oms_pickup_store_id

    @api.model
    def _shipping_warehouses(self, order):
        if order.channel_id:
            return self._channel_warehouses(order.channel_id)
        return self.env["stock.warehouse"].search([("company_id", "=", order.company_id.id)])

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

    @api.model
    def _get_short_orders(self, lines):
        """The orders of these sale lines (of stock products) that the warehouses that
        may ship them cannot serve (the "Stock not available" rule)."""
        return lines.order_id.browse(list(self._get_shortages(lines)))

    @api.model
    def _get_shortages(self, lines):
        """``{order id: [(product, quantity ordered, quantity free)]}``: what the
        warehouses that may ship these sale lines (of stock products) cannot serve.
        The held order's screen names these products and quantities.

        An order counts the ATP of its warehouses (safety stock and the units
        promised to other orders are not free) plus what is held for orders of a
        lower priority (reservation and reallocation serve it first). Each order is
        judged on its own; quantities in the product's unit.
        """
        orders = lines.order_id
        if not orders:
            return {}
        shipping = {}  # channel (else company) -> its warehouses, read once
        warehouses_of = {}
        for order in orders:
            key = order.channel_id or order.company_id
            if key not in shipping:
                shipping[key] = self._shipping_warehouses(order)
            warehouses_of[order] = self._order_warehouses(order, shipping[key])
        all_warehouses = self.env["stock.warehouse"].union(*warehouses_of.values())
        figures = self._get_stock_figures(
            lines.product_id.ids, all_warehouses.ids, by_priority=True
        )
        needed = {}
        for line in lines:
            key = (line.order_id, line.product_id)
            needed[key] = needed.get(key, 0.0) + line.product_uom_id._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, round=False
            )
        shortages = {}
        for (order, product), qty in needed.items():
            warehouses = warehouses_of[order]
            available = available_for(
                [figures[wh.id, product.id] for wh in warehouses], order.oms_priority
            )
            if float_compare(available, qty, precision_rounding=product.uom_id.rounding) < 0:
                shortages.setdefault(order.id, []).append((product, qty, max(available, 0.0)))
        return shortages
