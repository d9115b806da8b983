# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order KPIs: one row per sale order, read from SQL.

Rates are stored per row as 100 (yes), 0 (no) or NULL (does not apply) and
aggregated with ``avg``: the average of a group is its percentage, and rows
that do not apply are left out of it (SQL ``avg`` ignores NULL).
"""

import pytz

from odoo import api, fields, models
from odoo.tools import SQL


class OmsOrderReport(models.Model):
    _name = "oms.order.report"
    _description = "Omnichannel Order KPIs"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("oms.channel", string="Channel", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Carrier", readonly=True)
    service_level_id = fields.Many2one("oms.service.level", string="Service Level", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    oms_status = fields.Selection(
        selection="_selection_oms_status", string="OMS Status", readonly=True
    )
    state = fields.Selection(
        [
            ("draft", "Quotation"),
            ("sent", "Sent"),
            ("sale", "Sales Order"),
            ("cancel", "Cancelled"),
        ],
        readonly=True,
    )
    cancel_reason = fields.Char(string="Cancellation Reason", readonly=True)
    promised_ship_date = fields.Date(readonly=True)
    promised_delivery_to = fields.Date(string="Promised Delivery By", readonly=True)
    first_ship_date = fields.Datetime(string="First Shipped On", readonly=True)
    delivered_date = fields.Datetime(string="Delivered On", readonly=True)
    order_count = fields.Integer(string="# Orders", readonly=True, aggregator="sum")
    revenue = fields.Float(
        string="Revenue",
        readonly=True,
        aggregator="sum",
        help="Untaxed amount of confirmed orders, in company currency (what was ordered).",
    )
    net_revenue = fields.Float(
        string="Net Revenue",
        readonly=True,
        aggregator="sum",
        help="What the books say: the order's posted customer invoices minus its posted "
        "credit notes (returns, cancellations), untaxed, in company currency.",
    )
    cancel_rate = fields.Float(string="Cancellation Rate (%)", readonly=True, aggregator="avg")
    on_time_ship_rate = fields.Float(
        string="On-Time Shipment (%)",
        readonly=True,
        aggregator="avg",
        help="First delivery shipped on or before the promised ship date. An order still "
        "unshipped after its promised ship date counts as late.",
    )
    on_time_delivery_rate = fields.Float(
        string="On-Time Delivery (%)",
        readonly=True,
        aggregator="avg",
        help="Delivered on or before the end of the promised delivery window. An order "
        "still undelivered after it counts as late.",
    )
    ship_hours = fields.Float(
        string="Order to Ship (h)",
        readonly=True,
        aggregator="avg",
        help="Hours from the order to its first shipment.",
    )
    delivery_hours = fields.Float(
        string="Order to Delivery (h)",
        readonly=True,
        aggregator="avg",
        help="Hours from the order to the delivery of its last parcel.",
    )
    shipment_count = fields.Integer(string="# Shipments", readonly=True, aggregator="sum")
    shipments_per_order = fields.Float(
        string="Shipments per Order", readonly=True, aggregator="avg"
    )
    split_rate = fields.Float(
        string="Split Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Orders shipped from more than one warehouse, among orders with a delivery.",
    )
    backorder_rate = fields.Float(
        string="Backorder Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Orders with a backorder delivery, among orders with a delivery.",
    )
    hold_rate = fields.Float(
        string="Held (%)", readonly=True, aggregator="avg", help="Orders that were ever on hold."
    )

    @api.model
    def _selection_oms_status(self):
        """The statuses of ``sale.order`` as installed (add-ons extend them)."""
        return self.env["sale.order"]._fields["oms_status"]._description_selection(self.env)

    @api.model
    def _oms_report_tz(self):
        """Time zone in which datetimes are turned into dates (promises are local dates)."""
        return self.env.company.partner_id.tz or self.env.user.tz or "UTC"

    @property
    def _table_query(self):
        return self._oms_sale_order_query()

    @api.model
    def _oms_sale_order_query(self):
        """The rows of the sale orders (``oms_pos`` adds its rows to them; the
        materialised ``oms.order.kpi`` reads them from its stored figures)."""
        return self._oms_kpi_select(self._oms_order_rows())

    @api.model
    def _oms_order_rows(self, order_ids=None):
        """One row per sale order with the figures the KPIs are made of, none of
        which depends on the day or the time zone (``oms.order.kpi.fact`` stores
        these rows). ``order_ids`` (SQL giving order ids): only those orders, each
        sub-query restricted to them."""
        if order_ids is None:
            so_where = pick_where = line_where = SQL()
        else:
            so_where = SQL("WHERE so.id IN (%s)", order_ids)
            pick_where = SQL("AND p.sale_id IN (%s)", order_ids)
            line_where = SQL("WHERE sol.order_id IN (%s)", order_ids)
        return SQL(
            """
            WITH deliveries AS %(mat)s (
                SELECT p.sale_id AS order_id,
                       count(*) AS shipment_count,
                       count(DISTINCT spt.warehouse_id) AS warehouse_count,
                       min(p.date_done) FILTER (WHERE p.state = 'done') AS first_ship_date,
                       bool_and(p.state = 'done' AND p.oms_delivered_date IS NOT NULL)
                           AS all_delivered,
                       max(p.oms_delivered_date) AS delivered_date,
                       bool_or(p.backorder_id IS NOT NULL) AS has_backorder,
                       min(p.carrier_id) AS carrier_id
                  FROM stock_picking p
                  JOIN stock_picking_type spt ON spt.id = p.picking_type_id
                 WHERE p.oms_is_customer_delivery
                   AND p.state != 'cancel'
                   AND p.sale_id IS NOT NULL
                   %(pick_where)s
                 GROUP BY p.sale_id
            ), move_orders AS %(mat)s (
                -- the order of each customer invoice / credit note, by its linked lines
                SELECT aml.move_id, min(sol.order_id) AS order_id
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                 %(line_where)s
                 GROUP BY aml.move_id
            ), invoiced AS %(mat)s (
                -- untaxed product lines of posted invoices (credit) and credit notes
                -- (debit); a line not linked to an order line (a restocking fee)
                -- counts for the order of its move
                SELECT COALESCE(line_order.order_id, mo.order_id) AS order_id,
                       sum(-aml.balance) AS net_revenue
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN move_orders mo ON mo.move_id = aml.move_id
                  LEFT JOIN LATERAL (
                      SELECT min(sol.order_id) AS order_id
                        FROM sale_order_line_invoice_rel rel
                        JOIN sale_order_line sol ON sol.id = rel.order_line_id
                       WHERE rel.invoice_line_id = aml.id
                  ) line_order ON TRUE
                 WHERE am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND aml.display_type = 'product'
                 GROUP BY 1
            )
            SELECT so.id AS order_id,
                   so.date_order AS date,
                   so.company_id,
                   so.channel_id,
                   so.warehouse_id,
                   COALESCE(so.carrier_id, d.carrier_id) AS carrier_id,
                   so.service_level_id,
                   so.team_id,
                   so.partner_id,
                   so.oms_status,
                   so.state,
                   so.oms_cancel_reason AS cancel_reason,
                   so.oms_promised_ship_date AS promised_ship_date,
                   so.oms_promised_delivery_to AS promised_delivery_to,
                   d.first_ship_date,
                   CASE WHEN d.all_delivered THEN d.delivered_date END AS delivered_date,
                   CASE WHEN so.state = 'sale'
                        THEN so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1.0)
                        ELSE 0 END AS revenue,
                   COALESCE(inv.net_revenue, 0) AS net_revenue,
                   d.shipment_count,
                   d.warehouse_count,
                   d.has_backorder,
                   so.oms_hold_since IS NOT NULL AS held
              FROM sale_order so
              LEFT JOIN deliveries d ON d.order_id = so.id
              LEFT JOIN invoiced inv ON inv.order_id = so.id
              %(so_where)s
            """,
            # a few orders: each part computed once, whatever the join the planner picks
            mat=SQL("MATERIALIZED") if order_ids is not None else SQL(),
            pick_where=pick_where,
            line_where=line_where,
            so_where=so_where,
        )

    @api.model
    def _oms_kpi_select(self, rows, extra=None):
        """The report's columns computed from ``rows`` (SQL of ``_oms_order_rows``'
        columns): what depends on the day and the time zone is computed here, at
        query time. ``extra``: more columns of ``rows`` to pass through (SQL)."""
        return SQL(
            """
            SELECT b.order_id AS id,
                   b.order_id,
                   b.date,
                   b.company_id,
                   b.channel_id,
                   b.warehouse_id,
                   b.carrier_id,
                   b.service_level_id,
                   b.team_id,
                   b.partner_id,
                   b.oms_status,
                   b.state,
                   b.cancel_reason,
                   b.promised_ship_date,
                   b.promised_delivery_to,
                   b.first_ship_date,
                   b.delivered_date,
                   1 AS order_count,
                   b.revenue,
                   b.net_revenue,
                   CASE WHEN b.state = 'cancel' THEN 100.0 ELSE 0.0 END AS cancel_rate,
                   CASE WHEN b.state = 'cancel' OR b.promised_ship_date IS NULL THEN NULL
                        WHEN b.first_ship_date IS NOT NULL THEN
                            CASE WHEN (timezone(%(tz)s, b.first_ship_date AT TIME ZONE 'UTC'))::date
                                      <= b.promised_ship_date
                                 THEN 100.0 ELSE 0.0 END
                        WHEN %(today)s > b.promised_ship_date THEN 0.0
                   END AS on_time_ship_rate,
                   CASE WHEN b.state = 'cancel' OR b.promised_delivery_to IS NULL THEN NULL
                        WHEN b.delivered_date IS NOT NULL THEN
                            CASE WHEN (timezone(%(tz)s, b.delivered_date AT TIME ZONE 'UTC'))::date
                                      <= b.promised_delivery_to
                                 THEN 100.0 ELSE 0.0 END
                        WHEN %(today)s > b.promised_delivery_to THEN 0.0
                   END AS on_time_delivery_rate,
                   EXTRACT(EPOCH FROM b.first_ship_date - b.date) / 3600.0 AS ship_hours,
                   EXTRACT(EPOCH FROM b.delivered_date - b.date) / 3600.0 AS delivery_hours,
                   COALESCE(b.shipment_count, 0) AS shipment_count,
                   b.shipment_count AS shipments_per_order,
                   CASE WHEN b.shipment_count IS NULL THEN NULL
                        WHEN b.warehouse_count > 1 THEN 100.0 ELSE 0.0 END AS split_rate,
                   CASE WHEN b.shipment_count IS NULL THEN NULL
                        WHEN b.has_backorder THEN 100.0 ELSE 0.0 END AS backorder_rate,
                   CASE WHEN b.held THEN 100.0 ELSE 0.0 END AS hold_rate
                   %(extra)s
              FROM (%(rows)s) b
            """,
            tz=self._oms_report_tz(),
            # the transaction's day in that time zone, as PostgreSQL's now() gives it
            today=SQL(
                "%s::date",
                pytz.utc.localize(self.env.cr.now())
                .astimezone(pytz.timezone(self._oms_report_tz()))
                .date(),
            ),
            rows=rows,
            extra=SQL(", %s", extra) if extra else SQL(),
        )

    @api.model
    def _oms_kpi_summary(self, domain):
        """All the order KPIs of the rows matching ``domain`` in one query.

        Returns a dict: orders, revenue (ordered), net_revenue (invoiced minus
        credited), rates in percent (None when no row
        applies), average and 90th percentile of the processing times in hours.
        Record rules of the report apply.
        """
        columns = self._oms_kpi_summary_columns(SQL.identifier(self._table))
        query = self._search(domain)
        self.env.cr.execute(query.select(SQL(", ").join(sql for _key, sql in columns)))
        row = self.env.cr.fetchone()
        return self._oms_kpi_summary_values(
            dict(zip((key for key, _sql in columns), row, strict=True))
        )

    @api.model
    def _oms_kpi_summary_columns(self, t, where=None):
        """[(key, SQL aggregate over the table ``t``)] of ``_oms_kpi_summary``;
        ``where`` (SQL): aggregate only the rows matching it."""
        f = SQL(" FILTER (WHERE %s)", where) if where else SQL()
        return [
            ("orders", SQL("count(*)%s", f)),
            ("revenue", SQL("COALESCE(sum(%s.revenue)%s, 0)", t, f)),
            ("net_revenue", SQL("COALESCE(sum(%s.net_revenue)%s, 0)", t, f)),
            ("cancel_rate", SQL("avg(%s.cancel_rate)%s", t, f)),
            ("on_time_ship_rate", SQL("avg(%s.on_time_ship_rate)%s", t, f)),
            ("on_time_delivery_rate", SQL("avg(%s.on_time_delivery_rate)%s", t, f)),
            ("ship_hours_avg", SQL("avg(%s.ship_hours)%s", t, f)),
            (
                "ship_hours_p90",
                SQL("percentile_cont(0.9) WITHIN GROUP (ORDER BY %s.ship_hours)%s", t, f),
            ),
            ("delivery_hours_avg", SQL("avg(%s.delivery_hours)%s", t, f)),
            (
                "delivery_hours_p90",
                SQL("percentile_cont(0.9) WITHIN GROUP (ORDER BY %s.delivery_hours)%s", t, f),
            ),
            ("split_rate", SQL("avg(%s.split_rate)%s", t, f)),
            ("shipments_per_order", SQL("avg(%s.shipments_per_order)%s", t, f)),
            ("backorder_rate", SQL("avg(%s.backorder_rate)%s", t, f)),
            ("hold_rate", SQL("avg(%s.hold_rate)%s", t, f)),
        ]

    @api.model
    def _oms_kpi_summary_values(self, row):
        """The values of ``_oms_kpi_summary`` from its query's ``{key: value}``."""
        return {
            key: (float(value) if value is not None and key != "orders" else value)
            for key, value in row.items()
        }
