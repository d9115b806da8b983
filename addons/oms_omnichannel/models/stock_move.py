# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _oms_sale_order(self):
        self.ensure_one()
        return self.sale_line_id.order_id or self.reference_ids.sale_ids[:1]

    def _oms_priorities(self):
        """OMS priority of each move's sale order (0 without order), read in batch."""
        self.fetch(["sale_line_id", "reference_ids"])
        return {move.id: move._oms_sale_order().oms_priority or 0 for move in self}

    def _action_assign(self, force_qty=False):
        """Reserve scarce stock for the highest-priority orders first.

        Odoo reserves moves in the order of the recordset (by date when stock
        arrives); a stable sort on the OMS priority keeps that order among
        orders of equal priority.
        """
        moves = self
        if len(moves) > 1:
            priorities = moves._oms_priorities()
            moves = moves.sorted(key=lambda m: -priorities[m.id])
        return super(StockMove, moves)._action_assign(force_qty=force_qty)

    def _oms_reserved_product_qty(self):
        """What is reserved for this move, in the product's unit of measure."""
        self.ensure_one()
        return self.product_uom._compute_quantity(
            self.quantity, self.product_id.uom_id, rounding_method="HALF-UP"
        )

    @api.model
    def _oms_reallocate(self, products=None):
        """Move reservations from lower- to higher-priority orders.

        For each product and source location, orders still waiting for stock
        take the reservations of lower-priority orders that are not being
        picked yet. Both orders get a note in their chatter. Returns the moves
        that lost their reservation.
        """
        domain = [
            ("state", "in", ("confirmed", "partially_available")),
            ("location_id.usage", "=", "internal"),
            ("move_orig_ids", "=", False),
            ("procure_method", "=", "make_to_stock"),
        ]
        if products:
            domain.append(("product_id", "in", products.ids))
        waiting = self.search(domain)
        if not waiting:
            return self.browse()
        reserved = self.search(
            [
                ("state", "in", ("assigned", "partially_available")),
                ("picked", "=", False),
                ("product_id", "in", waiting.product_id.ids),
                ("location_id", "in", waiting.location_id.ids),
                ("move_orig_ids", "=", False),
            ]
        )
        priorities = (waiting | reserved)._oms_priorities()
        by_key = defaultdict(lambda: [self.browse(), self.browse()])
        for move in waiting:
            by_key[(move.product_id, move.location_id)][0] |= move
        for move in reserved:
            by_key[(move.product_id, move.location_id)][1] |= move
        losers = self.browse()
        transfers = []
        for (product, _location), (wait, held) in by_key.items():
            # in the product's unit: a move may count in packs, another in units
            top = max(priorities[m.id] for m in wait)
            need = sum(m.product_qty - m._oms_reserved_product_qty() for m in wait)
            winner = max(wait, key=lambda m: (priorities[m.id], -m.id))
            for move in held.sorted(key=lambda m: (priorities[m.id], -m.id)):
                if product.uom_id.compare(need, 0) <= 0 or priorities[move.id] >= top:
                    break
                losers |= move
                need -= move._oms_reserved_product_qty()
                transfers.append((move, winner))
        if not losers:
            return losers
        losers._do_unreserve()
        (waiting | losers)._action_assign()
        for loser, winner in transfers:
            loser_order, winner_order = loser._oms_sale_order(), winner._oms_sale_order()
            if loser_order:
                loser_order.message_post(
                    body=self.env._(
                        "Reservation of %(product)s reallocated to higher-priority order "
                        "%(order)s.",
                        product=loser.product_id.display_name,
                        order=winner_order.name or winner.reference,
                    )
                )
            if winner_order:
                winner_order.message_post(
                    body=self.env._(
                        "Stock of %(product)s reallocated from lower-priority order %(order)s.",
                        product=winner.product_id.display_name,
                        order=loser_order.name or loser.reference,
                    )
                )
        return losers
