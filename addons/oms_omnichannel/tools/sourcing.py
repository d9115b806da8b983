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

The channel's minimum shipment value: a split shipment worth less is not made
when the other warehouses shipping the order can take its goods; when the goods
are in no other of them, the shipment is made (waiting on a warehouse without the
goods helps no one) and its verdict says it is below the minimum.

The explanation names products (``LineDemand.label``: SKU and name) and tells the
truth about what is not shipped: missing everywhere, or in stock elsewhere but
beyond the shipment limit or the no-split policy.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .geo import distance_km

STRATEGIES = ("in_stock", "single_source", "nearest", "cheapest", "capacity")
OUTCOME_PREFIX = "Outcome: "


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
    label: str = ""  # what the explanation names: "[SKU] Product name"


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
    # {line_key: sentence} why each unfilled line is not shipped (see explanation)
    unfilled_reasons: dict = field(default_factory=dict)

    @property
    def warehouse_ids(self):
        return list(dict.fromkeys(a.warehouse_id for a in self.allocations))

    @property
    def shipment_count(self):
        return len(self.warehouse_ids)

    def explanation(self):
        """Human-readable lines, chosen warehouses first."""
        lines = [f"{OUTCOME_PREFIX}{self.outcome}"]
        for verdict in sorted(self.verdicts, key=lambda v: not v.chosen):
            mark = "chosen" if verdict.chosen else "not used"
            lines.append(f"{verdict.warehouse_name}: {mark} - {verdict.reason}")
        for key, _qty in sorted(self.unfilled.items()):
            lines.append(self.unfilled_reasons[key])
        return lines


def with_outcome(text, outcome):
    """``text`` (an explanation) whose first line states ``outcome``: when other
    sources (vendors) change the outcome, the explanation says the same as the order's
    outcome field and the API's answer."""
    lines = [
        line for line in (text or "").split("\n") if line and not line.startswith(OUTCOME_PREFIX)
    ]
    if outcome:
        lines.insert(0, f"{OUTCOME_PREFIX}{outcome}")
    return "\n".join(lines)


def _label(line):
    return line.label or f"product {line.product_id}"


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

    below_minimum = {}
    if request.policy.min_shipment_value and len(chosen_ids) > 1:
        allocations, below_minimum = _apply_minimum_value(
            request, ranked, chosen_ids, allocations, verdicts
        )

    for warehouse in ranked:
        if warehouse.id in verdicts:
            continue
        description = _describe(warehouse, distances, units[warehouse.id], total_units)
        if warehouse.id in chosen_ids:
            shipped = sum(a.qty for a in allocations if a.warehouse_id == warehouse.id)
            reason = f"ships {shipped:g} units; {description}"
            if warehouse.id in below_minimum:
                reason += (
                    f"; worth {below_minimum[warehouse.id]:g}, below the channel minimum "
                    f"{request.policy.min_shipment_value:g}, but no other warehouse shipping "
                    "the order has these goods"
                )
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
    reasons = _unfilled_reasons(request, ranked, chosen_ids, remaining)
    return SourcingDecision(allocations, remaining, ordered, outcome, reasons)


def _apply_minimum_value(request, ranked, chosen_ids, allocations, verdicts):
    """The guardrail: a split shipment worth less than the channel's minimum is not
    made when the other chosen warehouses can take all its goods (they ship them
    instead). Return the allocations and {warehouse id: value} of the shipments kept
    below the minimum because their goods are in no other chosen warehouse."""
    minimum = request.policy.min_shipment_value
    values = {line.key: line.unit_value for line in request.lines}
    products = {line.key: line.product_id for line in request.lines}
    names = {w.id: w.name for w in ranked}
    below = {}
    for warehouse_id in list(chosen_ids):
        shipment = [a for a in allocations if a.warehouse_id == warehouse_id]
        value = sum(a.qty * values[a.line_key] for a in shipment)
        if value >= minimum - 1e-9:
            continue
        others = [w for w in ranked if w.id in chosen_ids and w.id != warehouse_id]
        used = defaultdict(float)
        for alloc in allocations:
            used[alloc.warehouse_id, products[alloc.line_key]] += alloc.qty
        moved = []
        for alloc in shipment:
            need = alloc.qty
            for other in others:
                key = (other.id, products[alloc.line_key])
                take = min(need, max(request.stock.get(key, 0.0) - used[key], 0.0))
                if take > 1e-9:
                    moved.append(Allocation(alloc.line_key, other.id, take))
                    used[key] += take
                    need -= take
            if need > 1e-9:
                break
        else:
            # the others take everything: the small shipment is not made
            chosen_ids.remove(warehouse_id)
            allocations = _merge([a for a in allocations if a not in shipment] + moved)
            takers = ", ".join(dict.fromkeys(names[a.warehouse_id] for a in moved))
            verdicts[warehouse_id] = Verdict(
                warehouse_id,
                names[warehouse_id],
                False,
                f"shipment value {value:g} below the channel minimum {minimum:g}; "
                f"{takers} ships these goods",
            )
            continue
        below[warehouse_id] = value
    return allocations, below


def _merge(allocations):
    """One allocation per (line, warehouse), in first-seen order."""
    merged = {}
    for alloc in allocations:
        key = (alloc.line_key, alloc.warehouse_id)
        qty = merged[key].qty + alloc.qty if key in merged else alloc.qty
        merged[key] = Allocation(alloc.line_key, alloc.warehouse_id, qty)
    return list(merged.values())


def _unfilled_reasons(request, ranked, chosen_ids, remaining):
    """{line key: sentence} for what is not shipped: missing in every allowed
    warehouse, or in stock in one the split policy leaves out (and where it waits)."""
    by_key = {line.key: line for line in request.lines}
    names = {w.id: w.name for w in ranked}
    waits = f" (waits for stock in {names[chosen_ids[0]]})" if chosen_ids else ""
    if not request.policy.allow_split:
        why = "the channel does not allow split shipments"
    elif request.policy.max_shipments:
        why = f"the channel allows at most {request.policy.max_shipments} shipments"
    else:
        why = "no shipment could take them"
    reasons = {}
    for key, qty in remaining.items():
        line = by_key[key]
        holders = [
            w.name
            for w in ranked
            if w.id not in chosen_ids and request.stock.get((w.id, line.product_id), 0.0) > 0
        ]
        if holders:
            reasons[key] = (
                f"{_label(line)}: {qty:g} unit(s) not shipped now{waits}: in stock in "
                f"{', '.join(holders)}, but {why}"
            )
        else:
            reasons[key] = f"{_label(line)}: {qty:g} unit(s) not available in any allowed warehouse"
    return reasons
