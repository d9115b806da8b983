# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order KPIs: one row per sale order, read from SQL.

Rates are stored per row as 100 (yes), 0 (no) or NULL (does not apply) and
aggregated with ``avg``: the average of a group is its percentage, and rows
that do not apply are left out of it (SQL ``avg`` ignores NULL).
"""

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
        return SQL(
            """
            WITH deliveries AS (
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
                 GROUP BY p.sale_id
            ), move_orders AS (
                -- the order of each customer invoice / credit note, by its linked lines
                SELECT aml.move_id, min(sol.order_id) AS order_id
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                 GROUP BY aml.move_id
            ), invoiced AS (
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
            ), base AS (
                SELECT so.*,
                       inv.net_revenue,
                       d.shipment_count, d.warehouse_count, d.has_backorder,
                       d.carrier_id AS delivery_carrier_id,
                       d.first_ship_date,
                       CASE WHEN d.all_delivered THEN d.delivered_date END AS delivered_on,
                       (timezone(%(tz)s, d.first_ship_date AT TIME ZONE 'UTC'))::date
                           AS first_ship_day,
                       (timezone(%(tz)s, d.delivered_date AT TIME ZONE 'UTC'))::date
                           AS delivered_day,
                       (timezone(%(tz)s, now()))::date AS today
                  FROM sale_order so
                  LEFT JOIN deliveries d ON d.order_id = so.id
                  LEFT JOIN invoiced inv ON inv.order_id = so.id
            )
            SELECT b.id AS id,
                   b.id AS order_id,
                   b.date_order AS date,
                   b.company_id,
                   b.channel_id,
                   b.warehouse_id,
                   COALESCE(b.carrier_id, b.delivery_carrier_id) AS carrier_id,
                   b.service_level_id,
                   b.team_id,
                   b.partner_id,
                   b.oms_status,
                   b.state,
                   b.oms_cancel_reason AS cancel_reason,
                   b.oms_promised_ship_date AS promised_ship_date,
                   b.oms_promised_delivery_to AS promised_delivery_to,
                   b.first_ship_date,
                   b.delivered_on AS delivered_date,
                   1 AS order_count,
                   CASE WHEN b.state = 'sale'
                        THEN b.amount_untaxed / COALESCE(NULLIF(b.currency_rate, 0), 1.0)
                        ELSE 0 END AS revenue,
                   COALESCE(b.net_revenue, 0) AS net_revenue,
                   CASE WHEN b.state = 'cancel' THEN 100.0 ELSE 0.0 END AS cancel_rate,
                   CASE WHEN b.state = 'cancel' OR b.oms_promised_ship_date IS NULL THEN NULL
                        WHEN b.first_ship_day IS NOT NULL THEN
                            CASE WHEN b.first_ship_day <= b.oms_promised_ship_date
                                 THEN 100.0 ELSE 0.0 END
                        WHEN b.today > b.oms_promised_ship_date THEN 0.0
                   END AS on_time_ship_rate,
                   CASE WHEN b.state = 'cancel' OR b.oms_promised_delivery_to IS NULL THEN NULL
                        WHEN b.delivered_on IS NOT NULL THEN
                            CASE WHEN b.delivered_day <= b.oms_promised_delivery_to
                                 THEN 100.0 ELSE 0.0 END
                        WHEN b.today > b.oms_promised_delivery_to THEN 0.0
                   END AS on_time_delivery_rate,
                   EXTRACT(EPOCH FROM b.first_ship_date - b.date_order) / 3600.0 AS ship_hours,
                   EXTRACT(EPOCH FROM b.delivered_on - b.date_order) / 3600.0 AS delivery_hours,
                   COALESCE(b.shipment_count, 0) AS shipment_count,
                   b.shipment_count AS shipments_per_order,
                   CASE WHEN b.shipment_count IS NULL THEN NULL
                        WHEN b.warehouse_count > 1 THEN 100.0 ELSE 0.0 END AS split_rate,
                   CASE WHEN b.shipment_count IS NULL THEN NULL
                        WHEN b.has_backorder THEN 100.0 ELSE 0.0 END AS backorder_rate,
                   CASE WHEN b.oms_hold_since IS NOT NULL THEN 100.0 ELSE 0.0 END AS hold_rate
              FROM base b
            """,
            tz=self._oms_report_tz(),
        )

    @api.model
    def _oms_kpi_summary(self, domain):
        """All the order KPIs of the rows matching ``domain`` in one query.

        Returns a dict: orders, revenue (ordered), net_revenue (invoiced minus
        credited), rates in percent (None when no row
        applies), average and 90th percentile of the processing times in hours.
        Record rules of the report apply.
        """
        query = self._search(domain)
        self.env.cr.execute(
            query.select(
                SQL(
                    """
                count(*),
                COALESCE(sum(%(t)s.revenue), 0),
                COALESCE(sum(%(t)s.net_revenue), 0),
                avg(%(t)s.cancel_rate),
                avg(%(t)s.on_time_ship_rate),
                avg(%(t)s.on_time_delivery_rate),
                avg(%(t)s.ship_hours),
                percentile_cont(0.9) WITHIN GROUP (ORDER BY %(t)s.ship_hours),
                avg(%(t)s.delivery_hours),
                percentile_cont(0.9) WITHIN GROUP (ORDER BY %(t)s.delivery_hours),
                avg(%(t)s.split_rate),
                avg(%(t)s.shipments_per_order),
                avg(%(t)s.backorder_rate),
                avg(%(t)s.hold_rate)
                """,
                    t=SQL.identifier(self._table),
                )
            )
        )
        row = self.env.cr.fetchone()
        keys = (
            "orders",
            "revenue",
            "net_revenue",
            "cancel_rate",
            "on_time_ship_rate",
            "on_time_delivery_rate",
            "ship_hours_avg",
            "ship_hours_p90",
            "delivery_hours_avg",
            "delivery_hours_p90",
            "split_rate",
            "shipments_per_order",
            "backorder_rate",
            "hold_rate",
        )
        return {
            key: (float(value) if value is not None and key != "orders" else value)
            for key, value in zip(keys, row, strict=True)
        }
