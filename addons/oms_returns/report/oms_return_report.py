# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returns KPIs: what was sold next to what came back, per product and channel.

Two kinds of rows in one SQL model so that a pivot shows sold and returned
quantities side by side for the same product, channel and period:

* ``sale``: one row per shipped line of a confirmed order (``qty_sold`` is the
  quantity shipped to the customer, before returns: Odoo's ``qty_delivered``
  already deducts them);
* ``return``: one row per return (OCA ``rma``) that was not cancelled
  (``qty_returned``, its reason, the refunded amount of its credit note line and
  the restocking fee kept).

Both rows carry the date of the order, so the return rate of a period is the
share of the units sold in that period that came back. Return rate =
sum(qty_returned) / sum(qty_sold) of the same group (``_oms_return_rates``).
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class OmsReturnReport(models.Model):
    _name = "oms.return.report"
    _description = "Omnichannel Returns KPIs"
    _auto = False
    _order = "date desc"

    kind = fields.Selection([("sale", "Sale"), ("return", "Return")], readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    return_date = fields.Datetime(readonly=True)
    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    rma_id = fields.Many2one("rma", string="Return", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("oms.channel", string="Channel", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Carrier", readonly=True)
    service_level_id = fields.Many2one("oms.service.level", string="Service Level", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    reason_id = fields.Many2one("oms.return.reason", string="Return Reason", readonly=True)
    qty_sold = fields.Float(string="Qty Sold", readonly=True, aggregator="sum")
    qty_returned = fields.Float(string="Qty Returned", readonly=True, aggregator="sum")
    return_count = fields.Integer(string="# Returns", readonly=True, aggregator="sum")
    refund_amount = fields.Float(
        string="Refunded (untaxed)",
        readonly=True,
        aggregator="sum",
        help="Untaxed amount of the credit note line of the return (posted credit notes).",
    )
    restocking_fee = fields.Float(string="Restocking Fees", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
            WITH shipped AS (
                SELECT m.sale_line_id, sum(m.product_qty) AS qty
                  FROM stock_move m
                  JOIN stock_picking p ON p.id = m.picking_id
                 WHERE m.state = 'done'
                   AND p.oms_is_customer_delivery
                   AND m.sale_line_id IS NOT NULL
                 GROUP BY m.sale_line_id
            )
            SELECT sol.id * 2 AS id,
                   'sale' AS kind,
                   so.date_order AS date,
                   NULL::timestamp AS return_date,
                   so.id AS order_id,
                   NULL::integer AS rma_id,
                   so.company_id,
                   so.channel_id,
                   so.warehouse_id,
                   so.carrier_id,
                   so.service_level_id,
                   sol.product_id,
                   pt.categ_id,
                   NULL::integer AS reason_id,
                   sh.qty AS qty_sold,
                   0.0 AS qty_returned,
                   0 AS return_count,
                   0.0 AS refund_amount,
                   0.0 AS restocking_fee
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN shipped sh ON sh.sale_line_id = sol.id
             WHERE so.state = 'sale'
               AND NOT COALESCE(sol.is_delivery, FALSE)
            UNION ALL
            SELECT rma.id * 2 + 1 AS id,
                   'return' AS kind,
                   COALESCE(so.date_order, rma.date) AS date,
                   rma.date AS return_date,
                   so.id AS order_id,
                   rma.id AS rma_id,
                   rma.company_id,
                   COALESCE(rma.oms_channel_id, so.channel_id) AS channel_id,
                   so.warehouse_id,
                   so.carrier_id,
                   so.service_level_id,
                   rma.product_id,
                   pt.categ_id,
                   rma.reason_id,
                   0.0 AS qty_sold,
                   rma.product_uom_qty AS qty_returned,
                   1 AS return_count,
                   CASE WHEN am.state = 'posted' THEN COALESCE(aml.price_subtotal, 0.0)
                        ELSE 0.0 END AS refund_amount,
                   COALESCE(rma.restocking_fee, 0.0) AS restocking_fee
              FROM rma
              LEFT JOIN sale_order so ON so.id = rma.order_id
              JOIN product_product pp ON pp.id = rma.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN account_move_line aml ON aml.id = rma.refund_line_id
              LEFT JOIN account_move am ON am.id = aml.move_id
             WHERE rma.state NOT IN ('draft', 'cancelled')
            """
        )

    @api.model
    def _oms_return_rates(self, domain, groupby):
        """Return rate per value of ``groupby`` (a many2one of the report), one query.

        Returns {record: {"sold", "returned", "rate" (percent or None), "refund"}};
        the key False holds the rows without a value.
        """
        groups = self._read_group(
            domain,
            [groupby],
            ["qty_sold:sum", "qty_returned:sum", "refund_amount:sum", "return_count:sum"],
        )
        result = defaultdict(dict)
        for key, sold, returned, refund, count in groups:
            result[key or False] = {
                "sold": sold,
                "returned": returned,
                "rate": (100.0 * returned / sold) if sold else None,
                "refund": refund,
                "returns": count,
            }
        return dict(result)
