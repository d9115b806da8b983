# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Point of Sale orders in the Order KPIs (one row per paid or cancelled POS order)."""

from odoo import fields, models
from odoo.tools import SQL


class OmsOrderReport(models.Model):
    _inherit = "oms.order.report"

    pos_order_id = fields.Many2one("pos.order", string="POS Order", readonly=True)

    def _oms_pos_order_columns(self):
        """``{column: SQL}`` of a POS order row (alias ``o``); the columns not
        listed are NULL: shipping KPIs do not apply to a sale made at the counter,
        nor does the hold rate (POS orders are not validated by the OMS rules)."""
        return {
            # negative ids: sale order rows keep their ids (id = order_id)
            "id": SQL("-o.id"),
            "pos_order_id": SQL("o.id"),
            "date": SQL("o.date_order"),
            "company_id": SQL("o.company_id"),
            "channel_id": SQL("o.oms_channel_id"),
            "warehouse_id": SQL("spt.warehouse_id"),
            "partner_id": SQL("o.partner_id"),
            "oms_status": SQL("CASE WHEN o.state = 'cancel' THEN 'cancelled' ELSE 'delivered' END"),
            "state": SQL("CASE WHEN o.state = 'cancel' THEN 'cancel' ELSE 'sale' END"),
            "order_count": SQL("1"),
            "revenue": SQL(
                "CASE WHEN o.state = 'cancel' THEN 0 "
                "ELSE (o.amount_total - o.amount_tax) / COALESCE(NULLIF(o.currency_rate, 0), 1.0) "
                "END"
            ),
            # a counter sale is booked when it is paid (session closing, or its invoice)
            "net_revenue": SQL(
                "CASE WHEN o.state = 'cancel' THEN 0 "
                "ELSE (o.amount_total - o.amount_tax) / COALESCE(NULLIF(o.currency_rate, 0), 1.0) "
                "END"
            ),
            "cancel_rate": SQL("CASE WHEN o.state = 'cancel' THEN 100.0 ELSE 0.0 END"),
            "shipment_count": SQL("0"),
        }

    @property
    def _table_query(self):
        # every column of the report, by name: sale order rows come from the query of
        # oms_omnichannel, POS rows fill what applies and leave the rest NULL. An addon
        # adding a column on top of this one must add it to the sale order query (a
        # column of its own here would be read from the sale rows too).
        columns = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "pos_order_id"
        ]
        pos = self._oms_pos_order_columns()
        return SQL(
            """
            SELECT %(sale_columns)s, NULL::integer AS pos_order_id
              FROM (%(sale_rows)s) sale_rows
            UNION ALL
            SELECT %(pos_columns)s, %(pos_order_id)s AS pos_order_id
              FROM pos_order o
              JOIN pos_config c ON c.id = o.config_id
              JOIN stock_picking_type spt ON spt.id = c.picking_type_id
             WHERE o.state IN ('paid', 'done', 'cancel')
            """,
            sale_columns=SQL(", ").join(
                SQL("sale_rows.%s", SQL.identifier(name)) for name in columns
            ),
            sale_rows=super()._table_query,
            pos_columns=SQL(", ").join(
                SQL("%s AS %s", pos.get(name, SQL("NULL")), SQL.identifier(name))
                for name in columns
            ),
            pos_order_id=pos["pos_order_id"],
        )
