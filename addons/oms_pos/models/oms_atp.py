# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL


def pos_committed_query(products=None, warehouses=None):
    """Rows ``(warehouse_id, product_id, qty)``: units sold by open Point of Sale
    sessions that update stock at closing, whose orders have no stock move yet.

    Orders that already have a picking (Odoo creates one at once for an invoiced
    order under Anglo-Saxon accounting) and orders shipped later (``shipping_date``:
    Odoo's stock rules create their moves at once) are left out, their moves are
    counted already. Refund lines (negative quantities) give the units back.
    """
    filters = SQL()
    if products is not None:
        filters = SQL("%s AND line.product_id = ANY(%s)", filters, list(products))
    if warehouses is not None:
        filters = SQL("%s AND spt.warehouse_id = ANY(%s)", filters, list(warehouses))
    return SQL(
        """
        SELECT spt.warehouse_id, line.product_id, SUM(line.qty) AS qty
          FROM pos_order_line line
          JOIN pos_order o ON o.id = line.order_id
          JOIN pos_session s ON s.id = o.session_id
          JOIN pos_config c ON c.id = s.config_id
          JOIN stock_picking_type spt ON spt.id = c.picking_type_id
         WHERE s.update_stock_at_closing
           AND s.state != 'closed'
           AND o.state IN ('paid', 'done')
           AND o.shipping_date IS NULL
           AND spt.warehouse_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM stock_picking p WHERE p.pos_order_id = o.id)
           %s
         GROUP BY spt.warehouse_id, line.product_id
        """,
        filters,
    )


class OmsAtp(models.AbstractModel):
    _inherit = "oms.atp"

    @api.model
    def _committed_elsewhere_query(self, product_ids=None, warehouse_ids=None):
        """Add the units sold by open Point of Sale sessions that update stock at
        closing (see ``pos_committed_query``): the API, the ATP pivot, the "Stock not
        available" rule and sourcing count them as promised (not when the pivot is
        rebuilt for the uninstallation of oms_pos)."""
        extra = super()._committed_elsewhere_query(product_ids, warehouse_ids)
        if self.env.context.get("oms_pos_uninstall"):
            return extra
        pos = pos_committed_query(product_ids, warehouse_ids)
        return SQL("%s UNION ALL %s", extra, pos) if extra is not None else pos
