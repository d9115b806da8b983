"""Warehouse sourcing: which warehouse(s) ship an order, and why.

Plain Python, no Odoo import, deterministic: the same request always gives
the same decision. Models gather stock, warehouses and the destination in a
few batched queries, build a :class:`SourcingRequest`, call :func:`source`
and write the decision back (allocations per line, and the explanation).

Strategies are applied in the order the channel lists them; each one adds a
criterion to the ranking of the eligible warehouses:

``in_stock``
    reject warehouses that can fill none of the order's lines.
``single_source``
    prefer warehouses that can fill the whole order (one shipment).
``nearest``
    prefer the shortest distance to the customer (coordinates, or the
    province table of :mod:`.geo` as fallback).
``cheapest``
    prefer the lowest shipping cost to the destination.
``capacity``
    prefer the warehouse with the most daily capacity left.

Whatever the strategies, paused warehouses, warehouses whose daily order
capacity is reached and stores that do not ship the channel are never used,
and an order that one eligible warehouse can fill is never split. When no
single warehouse can fill the order and splitting is allowed, warehouses are
taken greedily (most remaining units first, ranking as tie-break) until the
order is filled, the shipment limit is reached or no stock is left.
"""

import math
from dataclasses import dataclass, field

from .geo import distance_km

STRATEGIES = ("in_stock", "single_source", "nearest", "cheapest", "capacity")


@dataclass(frozen=True)
class WarehouseInfo:
    id: int
    name: str
    point: tuple[float, float] | None = None
    paused: bool = False
    is_store: bool = False
    store_allowed: bool = True
    daily_capacity: int = 0
    orders_today: int = 0
    sequence: int = 10
    shipping_cost: float | None = None


@dataclass(frozen=True)
class LineDemand:
    key: int
    product_id: int
    qty: float
    unit_value: float = 0.0


@dataclass(frozen=True)
class SourcingPolicy:
    strategies: tuple[str, ...] = ("in_stock", "single_source", "nearest")
    allow_split: bool = True
    max_shipments: int = 0
    min_shipment_value: float = 0.0


@dataclass(frozen=True)
class SourcingRequest:
    lines: tuple[LineDemand, ...]
    warehouses: tuple[WarehouseInfo, ...]
    stock: dict  # {(warehouse_id, product_id): available-to-promise quantity}
    destination: tuple[float, float] | None = None
    policy: SourcingPolicy = field(default_factory=SourcingPolicy)


@dataclass(frozen=True)
class Allocation:
    line_key: int
    warehouse_id: int
    qty: float


@dataclass(frozen=True)
class Verdict:
    warehouse_id: int
    warehouse_name: str
    chosen: bool
    reason: str


@dataclass
class SourcingDecision:
    allocations: list[Allocation]
    unfilled: dict  # {line_key: quantity no warehouse could take}
    verdicts: list[Verdict]
    outcome: str  # single | split | partial | none

    @property
    def warehouse_ids(self):
        return list(dict.fromkeys(a.warehouse_id for a in self.allocations))

    @property
    def shipment_count(self):
        return len(self.warehouse_ids)

    def explanation(self):
        """Human-readable lines, chosen warehouses first."""
        lines = [f"Outcome: {self.outcome}"]
        for verdict in sorted(self.verdicts, key=lambda v: not v.chosen):
            mark = "chosen" if verdict.chosen else "not used"
            lines.append(f"{verdict.warehouse_name}: {mark} - {verdict.reason}")
        for key, qty in sorted(self.unfilled.items()):
            lines.append(f"line {key}: {qty:g} unit(s) not available in any allowed warehouse")
        return lines


def _eligibility(warehouse):
    if warehouse.paused:
        return "paused"
    if warehouse.daily_capacity and warehouse.orders_today >= warehouse.daily_capacity:
        return (
            f"daily capacity reached ({warehouse.orders_today}/{warehouse.daily_capacity} orders)"
        )
    if warehouse.is_store and not warehouse.store_allowed:
        return "store does not ship this channel"
    return None


def _coverage(warehouse, remaining, request):
    """Units of the remaining demand this warehouse can take, per line."""
    cover = {}
    by_key = {line.key: line for line in request.lines}
    for key, qty in remaining.items():
        available = request.stock.get((warehouse.id, by_key[key].product_id), 0.0)
        take = min(qty, max(available, 0.0))
        if take > 0:
            cover[key] = take
    return cover


def _rank_key(warehouse, request, full, distances):
    key = []
    for strategy in request.policy.strategies:
        if strategy == "single_source":
            key.append(0 if full else 1)
        elif strategy == "nearest":
            distance = distances.get(warehouse.id)
            key.append(math.inf if distance is None else distance)
        elif strategy == "cheapest":
            key.append(math.inf if warehouse.shipping_cost is None else warehouse.shipping_cost)
        elif strategy == "capacity":
            key.append(
                warehouse.orders_today / warehouse.daily_capacity
                if warehouse.daily_capacity
                else 0.0
            )
    key.extend([warehouse.sequence, warehouse.id])
    return tuple(key)


def _describe(warehouse, distances, cover_units, total_units):
    parts = [f"can fill {cover_units:g}/{total_units:g} units"]
    distance = distances.get(warehouse.id)
    if distance is not None:
        parts.append(f"{distance:.0f} km")
    if warehouse.shipping_cost is not None:
        parts.append(f"shipping cost {warehouse.shipping_cost:g}")
    if warehouse.daily_capacity:
        parts.append(f"load {warehouse.orders_today}/{warehouse.daily_capacity}")
    return ", ".join(parts)


def source(request):
    """Decide which warehouses ship which quantities of each line."""
    unknown = set(request.policy.strategies) - set(STRATEGIES)
    if unknown:
        raise ValueError(f"unknown sourcing strategies: {sorted(unknown)}")
    demand = {line.key: line.qty for line in request.lines if line.qty > 0}
    total_units = sum(demand.values())
    verdicts = {}
    eligible = []
    for warehouse in request.warehouses:
        reason = _eligibility(warehouse)
        if reason:
            verdicts[warehouse.id] = Verdict(warehouse.id, warehouse.name, False, reason)
        else:
            eligible.append(warehouse)

    distances = {w.id: distance_km(w.point, request.destination) for w in eligible}
    coverage = {w.id: _coverage(w, demand, request) for w in eligible}
    units = {w.id: sum(coverage[w.id].values()) for w in eligible}
    if "in_stock" in request.policy.strategies:
        for warehouse in list(eligible):
            if not units[warehouse.id]:
                verdicts[warehouse.id] = Verdict(
                    warehouse.id, warehouse.name, False, "no stock for any line of the order"
                )
                eligible.remove(warehouse)
    full = {w.id: units[w.id] >= total_units - 1e-9 for w in eligible}
    ranked = sorted(eligible, key=lambda w: _rank_key(w, request, full[w.id], distances))
    rank_of = {w.id: index for index, w in enumerate(ranked)}

    allocations = []
    remaining = dict(demand)
    chosen_ids = []
    full_ids = [w for w in ranked if full[w.id]]
    if full_ids:
        best = full_ids[0]
        chosen_ids.append(best.id)
        allocations = [Allocation(key, best.id, qty) for key, qty in demand.items()]
        remaining = {}
    elif request.policy.allow_split or not ranked:
        limit = request.policy.max_shipments or len(ranked)
        pool = list(ranked)
        while remaining and pool and len(chosen_ids) < limit:
            covers = {w.id: _coverage(w, remaining, request) for w in pool}
            # a line that some warehouse can ship whole is never cut in two
            whole = {
                key
                for key, qty in remaining.items()
                if any(c.get(key, 0.0) >= qty - 1e-9 for c in covers.values())
            }
            scored = []
            for warehouse in pool:
                cover = {
                    key: qty
                    for key, qty in covers[warehouse.id].items()
                    if key not in whole or qty >= remaining[key] - 1e-9
                }
                if cover:
                    scored.append((warehouse, cover))
            if not scored:
                break
            best, cover = max(scored, key=lambda wc: (sum(wc[1].values()), -rank_of[wc[0].id]))
            pool.remove(best)
            chosen_ids.append(best.id)
            for key, qty in cover.items():
                allocations.append(Allocation(key, best.id, qty))
                remaining[key] -= qty
                if remaining[key] <= 1e-9:
                    del remaining[key]
    else:
        best = max(ranked, key=lambda w: (units[w.id], -rank_of[w.id]))
        if units[best.id]:
            chosen_ids.append(best.id)
            for key, qty in coverage[best.id].items():
                allocations.append(Allocation(key, best.id, qty))
                remaining[key] -= qty
                if remaining[key] <= 1e-9:
                    del remaining[key]

    # guardrail: a shipment worth less than the channel's minimum is not made
    if request.policy.min_shipment_value and len(chosen_ids) > 1:
        values = {line.key: line.unit_value for line in request.lines}
        for warehouse_id in list(chosen_ids):
            shipment = [a for a in allocations if a.warehouse_id == warehouse_id]
            value = sum(a.qty * values[a.line_key] for a in shipment)
            if value < request.policy.min_shipment_value:
                chosen_ids.remove(warehouse_id)
                for alloc in shipment:
                    allocations.remove(alloc)
                    remaining[alloc.line_key] = remaining.get(alloc.line_key, 0.0) + alloc.qty
                name = next(w.name for w in ranked if w.id == warehouse_id)
                verdicts[warehouse_id] = Verdict(
                    warehouse_id,
                    name,
                    False,
                    f"shipment value {value:g} below the channel minimum "
                    f"{request.policy.min_shipment_value:g}",
                )

    for warehouse in ranked:
        if warehouse.id in verdicts:
            continue
        description = _describe(warehouse, distances, units[warehouse.id], total_units)
        if warehouse.id in chosen_ids:
            shipped = sum(a.qty for a in allocations if a.warehouse_id == warehouse.id)
            reason = f"ships {shipped:g} units; {description}"
            verdicts[warehouse.id] = Verdict(warehouse.id, warehouse.name, True, reason)
        else:
            if full_ids or not units[warehouse.id]:
                why = "ranked lower" if units[warehouse.id] else "no stock for the order"
            elif request.policy.max_shipments and len(chosen_ids) >= request.policy.max_shipments:
                why = f"shipment limit of {request.policy.max_shipments} reached"
            else:
                why = "not needed"
            verdicts[warehouse.id] = Verdict(
                warehouse.id, warehouse.name, False, f"{why}; {description}"
            )

    if not allocations:
        outcome = "none"
    elif remaining:
        outcome = "partial"
    elif len(chosen_ids) == 1:
        outcome = "single"
    else:
        outcome = "split"
    ordered = [verdicts[w.id] for w in request.warehouses]
    return SourcingDecision(allocations, remaining, ordered, outcome)
