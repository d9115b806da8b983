# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A made-to-order line of an OMS order ships in a delivery of its own.

Odoo groups the moves of one procurement, from one location with one operation
type, into one picking: a line bought to order would wait in the same delivery
as the lines in stock. The supply type of the sale line (set by sourcing) is
added to the grouping key, so the stock lines ship at once and the bought line
follows in its own delivery when the vendor's goods arrive.
"""

from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _oms_supply_key(self):
        self.ensure_one()
        return self.sale_line_id.oms_supply_type or False

    def _key_assign_picking(self):
        return (*super()._key_assign_picking(), self._oms_supply_key())

    def _search_picking_for_assignation_domain(self):
        return [
            *super()._search_picking_for_assignation_domain(),
            ("oms_supply_type", "=", self._oms_supply_key()),
        ]
