"""Available-to-promise arithmetic (plain Python, no Odoo import).

Per product and warehouse, every quantity in the product's own unit::

    atp = on_hand - reserved - safety_stock - promised_unreserved [+ incoming]

``promised_unreserved`` are units of confirmed orders that are not reserved
yet (they will take stock as soon as it is there), ``incoming`` the receipts
expected within the channel's horizon. A channel sees its share of the
positive ATP (``ratio`` percent, rounded down) minus its ``buffer`` units,
never below zero.

An order of reservation priority ``p`` may also count the units reserved (not
picked yet) for, or promised to, orders of a lower priority: reservation serves
it first and reallocation moves lower-priority reservations to it
(``StockFigures.atp_for``).
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class StockFigures:
    on_hand: float = 0.0
    reserved: float = 0.0
    safety: float = 0.0
    promised: float = 0.0
    incoming: float = 0.0
    # ((priority, units), ...): reserved-not-picked and promised units of orders of
    # that reservation priority (a part of ``reserved`` + ``promised``)
    yielding: tuple = ()

    def atp(self, include_incoming=False):
        value = self.on_hand - self.reserved - self.safety - self.promised
        if include_incoming:
            value += self.incoming
        return value

    def reallocatable(self, priority):
        """Units held for orders of a lower priority than ``priority``."""
        return sum(qty for prio, qty in self.yielding if prio < priority)

    def atp_for(self, priority):
        """What an order of reservation priority ``priority`` may count on."""
        return self.atp() + self.reallocatable(priority)


def channel_atp(atp, ratio=100.0, buffer=0.0):
    """The part of an ATP quantity a channel may sell."""
    if atp <= 0:
        return 0.0
    share = math.floor(atp * (ratio / 100.0) + 1e-9)
    return float(max(0.0, share - buffer))


def available_for(figures, priority=None):
    """Units an order may count on across warehouses: the sum of the positive ATP
    of each ``StockFigures`` (with the lower priorities' units when ``priority``
    is given). A warehouse short of stock does not take from the others."""
    if priority is None:
        return sum(max(fig.atp(), 0.0) for fig in figures)
    return sum(max(fig.atp_for(priority), 0.0) for fig in figures)
