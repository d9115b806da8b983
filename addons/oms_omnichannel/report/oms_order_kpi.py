# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Materialised order KPIs for the Omnichannel Overview (issue 19, item 3).

``oms.order.report`` computes every order's KPIs from the pickings, invoices and
lines of ALL orders at each query (2 s at 100,000 orders). Here:

* ``oms.order.kpi.fact`` stores, per sale order, the figures the KPIs are made of
  (dates, amounts, shipment counts, fill quantities), none of which depends on
  the day or the user's time zone. A cron refreshes it in the background: every
  few minutes the orders changed since the last refresh, every night all of them.
* ``oms.order.kpi`` is what the dashboard reads: the stored rows of the orders
  unchanged since the refresh, plus the rows of the changed ("dirty") orders
  computed live from the base tables, restricted to those orders. What depends
  on the day (an unshipped order becomes late) and the time zone is computed at
  query time, as ``oms.order.report`` does. The figures are therefore exactly
  the live ones, whether the stored rows are fresh or stale; a stale table only
  makes the dashboard slower (more orders computed live), never wrong.

An order is dirty when it, one of its pickings or one of its invoices was
written (``write_date``, which Odoo sets on every write, computed fields
included) at or after the refresh's watermark. The watermark is the start of
the oldest transaction running when the refresh began (a transaction's
``write_date`` is its start time, and one that started earlier may commit after
the refresh read the tables), less a safety margin
(``oms_omnichannel.kpi_refresh_margin_minutes``, 5 by default).
Not seen by ``write_date`` (the nightly full refresh picks them up): a change
of a picking type's warehouse or of a product's type, and raw SQL writes.
"""

import logging

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import create_index

_logger = logging.getLogger(__name__)

DEFAULT_MARGIN_MINUTES = 5

# columns of oms.order.report._oms_order_rows, then of oms.fill.report._oms_fill_order_rows
ORDER_COLUMNS = (
    "order_id",
    "date",
    "company_id",
    "channel_id",
    "warehouse_id",
    "carrier_id",
    "service_level_id",
    "team_id",
    "partner_id",
    "oms_status",
    "state",
    "cancel_reason",
    "promised_ship_date",
    "promised_delivery_to",
    "first_ship_date",
    "delivered_date",
    "revenue",
    "net_revenue",
    "shipment_count",
    "warehouse_count",
    "has_backorder",
    "held",
)
FILL_COLUMNS = (
    "fill_line_count",
    "fill_line_full_count",
    "qty_ordered",
    "qty_first_shipment",
    "qty_backordered",
)


class OmsOrderKpiFact(models.Model):
    _name = "oms.order.kpi.fact"
    _description = "Omnichannel Order KPIs: stored figures per order"
    _log_access = False
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", readonly=True)
    date = fields.Datetime(readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("oms.channel", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    service_level_id = fields.Many2one("oms.service.level", readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    oms_status = fields.Char(readonly=True)
    state = fields.Char(readonly=True)
    cancel_reason = fields.Char(readonly=True)
    promised_ship_date = fields.Date(readonly=True)
    promised_delivery_to = fields.Date(readonly=True)
    first_ship_date = fields.Datetime(readonly=True)
    delivered_date = fields.Datetime(readonly=True)
    # digits=0: an unbounded numeric column, the sums stay those of the live query
    revenue = fields.Float(readonly=True, digits=0)
    net_revenue = fields.Float(readonly=True, digits=0)
    shipment_count = fields.Integer(readonly=True)
    warehouse_count = fields.Integer(readonly=True)
    has_backorder = fields.Boolean(readonly=True)
    held = fields.Boolean(readonly=True)
    fill_line_count = fields.Integer(readonly=True)
    fill_line_full_count = fields.Integer(readonly=True)
    qty_ordered = fields.Float(readonly=True, digits=0)
    qty_first_shipment = fields.Float(readonly=True, digits=0)
    qty_backordered = fields.Float(readonly=True, digits=0)

    _order_uniq = models.UniqueIndex("(order_id)")

    def init(self):
        # what the dirty-order look-up filters on
        for table in ("sale_order", "stock_picking", "account_move"):
            create_index(
                self.env.cr,
                f"{table}__oms_write_date_index",
                table,
                ["write_date"],
            )

    # ------------------------------------------------------------------
    # The live rows and the dirty orders
    # ------------------------------------------------------------------
    @api.model
    def _oms_watermark(self):
        """The watermark of the last refresh (None before the first one), read once
        per transaction: a literal in the queries lets PostgreSQL see how few orders
        changed since (it probes the write_date indexes) and plan for it."""
        cache = self.env.cr.cache
        if "oms_kpi_watermark" not in cache:
            self.env.cr.execute("SELECT watermark FROM oms_order_kpi_state ORDER BY id LIMIT 1")
            row = self.env.cr.fetchone()
            cache["oms_kpi_watermark"] = row[0] if row else None
        return cache["oms_kpi_watermark"]

    @api.model
    def _oms_dirty_orders_sql(self, watermark=None):
        """SQL giving the ids of the orders whose stored row may be stale: all of
        them before the first refresh."""
        if watermark is None:
            watermark = self._oms_watermark()
        since = SQL("%s::timestamp", watermark or "-infinity")
        return SQL(
            """
            SELECT so.id FROM sale_order so WHERE so.write_date >= %(since)s
             UNION
            SELECT p.sale_id FROM stock_picking p
             WHERE p.write_date >= %(since)s AND p.sale_id IS NOT NULL
             UNION
            SELECT sol.order_id
              FROM account_move am
              JOIN account_move_line aml ON aml.move_id = am.id
              JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
              JOIN sale_order_line sol ON sol.id = rel.order_line_id
             WHERE am.write_date >= %(since)s
            """,
            since=since,
        )

    @api.model
    def _oms_live_rows(self, order_ids):
        """The rows of the orders given by ``order_ids`` (SQL), computed from the base
        tables, with the columns of this table."""
        return SQL(
            "WITH r AS MATERIALIZED (%(orders)s), fl AS MATERIALIZED (%(fill)s) "
            "SELECT %(order_cols)s, %(fill_cols)s FROM r "
            "LEFT JOIN fl ON fl.order_id = r.order_id",
            order_cols=SQL(", ").join(SQL.identifier("r", col) for col in ORDER_COLUMNS),
            fill_cols=SQL(", ").join(SQL.identifier("fl", col) for col in FILL_COLUMNS),
            orders=self.env["oms.order.report"]._oms_order_rows(order_ids),
            fill=self.env["oms.fill.report"]._oms_fill_order_rows(order_ids),
        )

    @api.model
    def _oms_rows(self):
        """All the orders' rows, exact: stored rows of the orders unchanged since the
        refresh, live rows of the others. Needs the CTE ``oms_dirty`` (see
        ``oms.order.kpi._table_query``)."""
        cols = SQL(", ").join(SQL.identifier("f", col) for col in ORDER_COLUMNS + FILL_COLUMNS)
        return SQL(
            """
            SELECT %(cols)s FROM oms_order_kpi_fact f
             WHERE NOT EXISTS (SELECT 1 FROM oms_dirty WHERE oms_dirty.id = f.order_id)
             UNION ALL
            (%(live)s)
            """,
            cols=cols,
            live=self._oms_live_rows(SQL("SELECT id FROM oms_dirty")),
        )

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh(self, full=False, margin_minutes=None):
        """Store the rows of the orders changed since the last refresh (all orders
        when ``full`` or on the first run). Returns the number of rows written.
        ``margin_minutes``: the safety margin, by default the system parameter
        ``oms_omnichannel.kpi_refresh_margin_minutes`` (5)."""
        cr = self.env.cr
        margin = margin_minutes
        if margin is None:
            margin = (
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("oms_omnichannel.kpi_refresh_margin_minutes")
            )
        try:
            margin = max(float(margin), 0.0) if margin not in (None, "", False) else None
        except ValueError:
            margin = None
        if margin is None:
            margin = DEFAULT_MARGIN_MINUTES
        # the next watermark: start of the oldest transaction still running (ours
        # included), less the margin
        cr.execute(
            SQL(
                """
                SELECT LEAST(now(), min(xact_start)) AT TIME ZONE 'UTC'
                       - make_interval(secs => %s)
                  FROM pg_stat_activity
                 WHERE datname = current_database() AND xact_start IS NOT NULL
                """,
                margin * 60,
            )
        )
        watermark = cr.fetchone()[0]
        cr.execute("SELECT id, watermark FROM oms_order_kpi_state ORDER BY id LIMIT 1 FOR UPDATE")
        state = cr.fetchone()
        columns = SQL(", ").join(SQL.identifier(col) for col in ORDER_COLUMNS + FILL_COLUMNS)
        if full or not state or not state[1]:
            cr.execute("DELETE FROM oms_order_kpi_fact")
            orders = SQL("SELECT id FROM sale_order")
        else:
            cr.execute(
                SQL(
                    "CREATE TEMP TABLE oms_kpi_refresh_ids ON COMMIT DROP AS %s",
                    self._oms_dirty_orders_sql(state[1]),
                )
            )
            cr.execute(
                "DELETE FROM oms_order_kpi_fact WHERE order_id IN "
                "(SELECT id FROM oms_kpi_refresh_ids)"
            )
            orders = SQL("SELECT id FROM oms_kpi_refresh_ids")
        cr.execute(
            SQL(
                "INSERT INTO oms_order_kpi_fact (%s) %s",
                columns,
                self._oms_live_rows(orders),
            )
        )
        count = cr.rowcount
        cr.cache.pop("oms_kpi_watermark", None)
        if full or count > 1000:
            # fresh statistics for the dashboard's plans (autovacuum comes later)
            cr.execute("ANALYZE oms_order_kpi_fact")
        if not full and state and state[1]:
            cr.execute("DROP TABLE oms_kpi_refresh_ids")
        if state:
            cr.execute(
                SQL(
                    "UPDATE oms_order_kpi_state SET watermark = %s, refreshed_at = now() "
                    "AT TIME ZONE 'UTC', refreshed_count = %s WHERE id = %s",
                    watermark,
                    count,
                    state[0],
                )
            )
        else:
            cr.execute(
                SQL(
                    "INSERT INTO oms_order_kpi_state (watermark, refreshed_at, refreshed_count) "
                    "VALUES (%s, now() AT TIME ZONE 'UTC', %s)",
                    watermark,
                    count,
                )
            )
        self.invalidate_model()
        _logger.info("OMS KPI figures: %s orders refreshed (full: %s)", count, bool(full))
        return count


class OmsOrderKpiState(models.Model):
    _name = "oms.order.kpi.state"
    _description = "Omnichannel Order KPIs: last refresh"
    _log_access = False

    watermark = fields.Datetime(
        readonly=True,
        help="Orders written since this moment are computed live by the dashboard.",
    )
    refreshed_at = fields.Datetime(readonly=True)
    refreshed_count = fields.Integer(readonly=True)


class OmsOrderKpi(models.Model):
    """The order KPIs as ``oms.order.report`` computes them, read from the stored
    rows (and live rows of the orders changed since the refresh), with the fill
    figures per order; the Omnichannel Overview reads this model."""

    _name = "oms.order.kpi"
    _inherit = "oms.order.report"
    _description = "Omnichannel Order KPIs (materialised)"
    _auto = False

    fill_line_count = fields.Integer(readonly=True, aggregator="sum")
    fill_line_full_count = fields.Integer(readonly=True, aggregator="sum")
    qty_ordered = fields.Float(readonly=True, aggregator="sum")
    qty_first_shipment = fields.Float(readonly=True, aggregator="sum")
    qty_backordered = fields.Float(readonly=True, aggregator="sum")

    @api.model
    def _oms_sale_order_query(self):
        Fact = self.env["oms.order.kpi.fact"]
        return SQL(
            "WITH oms_dirty AS MATERIALIZED (%s) %s",
            Fact._oms_dirty_orders_sql(),
            self._oms_kpi_select(
                Fact._oms_rows(),
                extra=SQL(", ").join(SQL.identifier("b", col) for col in FILL_COLUMNS),
            ),
        )

    @api.model
    def _oms_kpi_summary_columns(self, t, where=None):
        """The order KPIs and the fill figures (``oms.fill.report._oms_fill_summary``),
        in the same query."""
        f = SQL(" FILTER (WHERE %s)", where) if where else SQL()
        return [
            *super()._oms_kpi_summary_columns(t, where),
            ("fill_line_count", SQL("sum(%s.fill_line_count)%s", t, f)),
            ("fill_line_full_count", SQL("sum(%s.fill_line_full_count)%s", t, f)),
            ("qty_first_shipment", SQL("sum(%s.qty_first_shipment)%s", t, f)),
            ("qty_ordered", SQL("sum(%s.qty_ordered)%s", t, f)),
            ("qty_backordered", SQL("sum(%s.qty_backordered)%s", t, f)),
        ]

    @api.model
    def _oms_kpi_summaries(self, windows, domain):
        """``{key: _oms_kpi_summary values}`` of several periods in one query (one
        scan of the rows): ``windows`` is ``{key: (start, end)}``, naive UTC
        datetimes, start included; ``domain`` the other filters."""
        t = SQL.identifier(self._table)
        starts = [start for start, _end in windows.values()]
        ends = [end for _start, end in windows.values()]
        query = self._search(
            Domain("date", ">=", min(starts)) & Domain("date", "<", max(ends)) & Domain(domain)
        )
        columns = []
        for key, (start, end) in windows.items():
            where = SQL("%s.date >= %s AND %s.date < %s", t, start, t, end)
            columns += [(key, name, sql) for name, sql in self._oms_kpi_summary_columns(t, where)]
        self.env.cr.execute(query.select(SQL(", ").join(sql for _k, _n, sql in columns)))
        row = self.env.cr.fetchone()
        values = {key: {} for key in windows}
        for (key, name, _sql), value in zip(columns, row, strict=True):
            values[key][name] = value
        return {key: self._oms_kpi_summary_values(vals) for key, vals in values.items()}

    @api.model
    def _oms_kpi_summary_values(self, row):
        lines = row.pop("fill_line_count")
        full = row.pop("fill_line_full_count")
        first_qty = row.pop("qty_first_shipment")
        ordered = row.pop("qty_ordered")
        backordered = row.pop("qty_backordered")
        values = super()._oms_kpi_summary_values(row)
        values.update(
            {
                "line_fill_rate": 100.0 * full / lines if lines else None,
                "unit_fill_rate": (100.0 * first_qty / ordered) if ordered else None,
                "qty_backordered": float(backordered or 0.0),
            }
        )
        return values
