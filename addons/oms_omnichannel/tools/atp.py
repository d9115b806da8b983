"""Available-to-promise arithmetic (plain Python, no Odoo import).

Per product and warehouse::

    atp = on_hand - reserved - safety_stock - promised_unreserved [+ incoming]

``promised_unreserved`` are units of confirmed orders that are not reserved
yet (they will take stock as soon as it is there), ``incoming`` the receipts
expected within the channel's horizon. A channel sees its share of the
positive ATP (``ratio`` percent, rounded down) minus its ``buffer`` units,
never below zero.
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

    def atp(self, include_incoming=False):
        value = self.on_hand - self.reserved - self.safety - self.promised
        if include_incoming:
            value += self.incoming
        return value


def channel_atp(atp, ratio=100.0, buffer=0.0):
    """The part of an ATP quantity a channel may sell."""
    if atp <= 0:
        return 0.0
    share = math.floor(atp * (ratio / 100.0) + 1e-9)
    return float(max(0.0, share - buffer))
