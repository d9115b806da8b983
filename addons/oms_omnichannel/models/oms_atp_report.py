# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class OmsAtpReport(models.Model):
    """Product x warehouse matrix of available-to-promise (a SQL view).

    The rows of ``oms.atp``'s query builder (on hand - reserved - safety stock -
    units promised to unreserved orders, in the product's unit), for every
    product that has stock, open moves or a safety stock in a warehouse.
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
        """The view selects the rows of ``oms.atp``'s query builder (``_atp_query``):
        same filters (make to order left out), same units (the product's), same hook
        for the units sold elsewhere (e.g. open Point of Sale sessions)."""
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
            SELECT row_number() OVER (ORDER BY atp.product_id, atp.warehouse_id) AS id,
                   atp.product_id, pp.product_tmpl_id, pt.categ_id,
                   atp.warehouse_id, w.company_id,
                   atp.on_hand, atp.reserved, atp.safety, atp.promised,
                   atp.on_hand - atp.reserved - atp.safety - atp.promised AS atp
              FROM (%s) atp
              JOIN stock_warehouse w ON w.id = atp.warehouse_id
              JOIN product_product pp ON pp.id = atp.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            )
            """,
                SQL.identifier(self._table),
                self.env["oms.atp"]._atp_query(),
            )
        )
