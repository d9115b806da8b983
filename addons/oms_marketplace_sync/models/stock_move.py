# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockMove(models.Model):
    """Stock changes of mapped products queue a stock push of just those products.

    Confirmation (units promised), reservation, unreservation, cancellation and
    validation all change the channel ATP the shops show.
    """

    _inherit = "stock.move"

    def _oms_marketplace_stock_changed(self):
        self.product_id._oms_stock_changed()

    def _action_confirm(self, merge=True, merge_into=False, create_proc=True):
        moves = super()._action_confirm(merge=merge, merge_into=merge_into, create_proc=create_proc)
        moves._oms_marketplace_stock_changed()
        return moves

    def _action_assign(self, force_qty=False):
        res = super()._action_assign(force_qty=force_qty)
        self._oms_marketplace_stock_changed()
        return res

    def _do_unreserve(self):
        res = super()._do_unreserve()
        self._oms_marketplace_stock_changed()
        return res

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        (self | moves)._oms_marketplace_stock_changed()
        return moves
