"""Sourcing and promising algorithms, without a database."""

from datetime import date, datetime, time

import pytest

from odoo.addons.oms_omnichannel.tools import geo, promise, sourcing

JKT = geo.point_of(0, 0, "JK")
SBY = geo.point_of(0, 0, "JI")
MDN = geo.point_of(0, 0, "SU")
MKS = geo.point_of(0, 0, "SN")


def wh(wid, name, point=None, **kw):
    return sourcing.WarehouseInfo(id=wid, name=name, point=point, **kw)


def request(lines, warehouses, stock, destination=None, **policy):
    return sourcing.SourcingRequest(
        lines=tuple(sourcing.LineDemand(*line) for line in lines),
        warehouses=tuple(warehouses),
        stock=stock,
        destination=destination,
        policy=sourcing.SourcingPolicy(**policy),
    )


def test_province_table_distances():
    assert geo.zone_of("jk") == "java"
    assert geo.zone_of("PA") == "maluku_papua"
    # Jakarta - Surabaya is about 660 km as the crow flies
    assert 600 < geo.distance_km(JKT, SBY) < 720
    assert geo.point_of(-6.2, 106.8, "SU") == (-6.2, 106.8)  # own coordinates win
    assert geo.distance_km(None, SBY) is None


def test_nearest_in_stock_single_source():
    warehouses = [wh(1, "Jakarta", JKT), wh(2, "Surabaya", SBY), wh(3, "Medan", MDN)]
    stock = {(1, 10): 5, (2, 10): 5, (3, 10): 5, (1, 11): 0, (2, 11): 2, (3, 11): 2}
    decision = sourcing.source(request([(1, 10, 1), (2, 11, 1)], warehouses, stock, SBY))
    # Jakarta lacks product 11; Surabaya is nearest to a Surabaya customer
    assert decision.outcome == "single"
    assert decision.warehouse_ids == [2]
    text = "\n".join(decision.explanation())
    assert "Surabaya: chosen" in text
    assert "Medan: not used - ranked lower" in text
    assert "Jakarta: not used" in text
    # a Medan customer is served from Medan
    decision = sourcing.source(request([(1, 10, 1), (2, 11, 1)], warehouses, stock, MDN))
    assert decision.warehouse_ids == [3]


def test_cheapest_strategy_and_rejections():
    warehouses = [
        wh(1, "A", JKT, shipping_cost=30000),
        wh(2, "B", SBY, shipping_cost=12000),
        wh(3, "C", JKT, shipping_cost=5000, paused=True),
        wh(4, "D", JKT, shipping_cost=1000, daily_capacity=100, orders_today=100),
        wh(5, "Store", JKT, shipping_cost=500, is_store=True, store_allowed=False),
    ]
    stock = {(w, 10): 10 for w in range(1, 6)}
    decision = sourcing.source(
        request([(1, 10, 2)], warehouses, stock, JKT, strategies=("in_stock", "cheapest"))
    )
    assert decision.warehouse_ids == [2]
    reasons = {v.warehouse_name: v.reason for v in decision.verdicts}
    assert reasons["C"] == "paused"
    assert reasons["D"] == "daily capacity reached (100/100 orders)"
    assert reasons["Store"] == "store does not ship this channel"
    # with nearest first, the Jakarta warehouse wins for a Jakarta customer
    decision = sourcing.source(
        request([(1, 10, 2)], warehouses, stock, JKT, strategies=("nearest", "cheapest"))
    )
    assert decision.warehouse_ids == [1]


def test_capacity_strategy_prefers_least_loaded():
    warehouses = [
        wh(1, "Busy", JKT, daily_capacity=100, orders_today=90),
        wh(2, "Quiet", JKT, daily_capacity=100, orders_today=10),
    ]
    stock = {(1, 10): 5, (2, 10): 5}
    decision = sourcing.source(request([(1, 10, 1)], warehouses, stock, strategies=("capacity",)))
    assert decision.warehouse_ids == [2]


def test_split_three_warehouses_minimises_shipments():
    warehouses = [wh(1, "JKT", JKT), wh(2, "SBY", SBY), wh(3, "MKS", MKS)]
    stock = {(1, 10): 3, (2, 11): 3, (3, 12): 3, (2, 10): 1}
    decision = sourcing.source(request([(1, 10, 2), (2, 11, 2), (3, 12, 2)], warehouses, stock))
    assert decision.outcome == "split"
    assert decision.shipment_count == 3
    by_line = {(a.line_key, a.warehouse_id): a.qty for a in decision.allocations}
    assert by_line == {(1, 1): 2, (2, 2): 2, (3, 3): 2}
    # two warehouses suffice when one holds two of the products
    stock[(2, 12)] = 5
    decision = sourcing.source(request([(1, 10, 2), (2, 11, 2), (3, 12, 2)], warehouses, stock))
    assert decision.shipment_count == 2
    assert sorted(decision.warehouse_ids) == [1, 2]


def test_split_guardrails():
    warehouses = [wh(1, "JKT", JKT), wh(2, "SBY", SBY), wh(3, "MKS", MKS)]
    stock = {(1, 10): 3, (2, 11): 3, (3, 12): 3}
    lines = [(1, 10, 1, 100000), (2, 11, 1, 100000), (3, 12, 1, 5000)]
    decision = sourcing.source(request(lines, warehouses, stock, max_shipments=2))
    assert decision.outcome == "partial"
    assert decision.shipment_count == 2
    assert sum(decision.unfilled.values()) == 1
    assert "shipment limit of 2 reached" in "\n".join(decision.explanation())
    # the line beyond the limit is in stock in MKS: the explanation says so, by product
    text = "\n".join(decision.explanation())
    assert "not available in any allowed warehouse" not in text
    assert "line 3" not in text
    assert (
        "product 12: 1 unit(s) not shipped now (waits for stock in JKT): in stock in MKS, "
        "but the channel allows at most 2 shipments"
    ) in text
    # the small shipment's goods are in no other warehouse shipping the order: it is
    # made (rather than waiting on a warehouse without them), and said to be small
    decision = sourcing.source(request(lines, warehouses, stock, min_shipment_value=10000))
    assert decision.outcome == "split"
    assert decision.unfilled == {}
    assert sorted(decision.warehouse_ids) == [1, 2, 3]
    reasons = {v.warehouse_name: v.reason for v in decision.verdicts}
    assert reasons["MKS"].startswith("ships 1 units")
    assert (
        "worth 5000, below the channel minimum 10000, but no other warehouse shipping "
        "the order has these goods"
    ) in reasons["MKS"]
    decision = sourcing.source(request(lines, warehouses, stock, allow_split=False))
    assert decision.outcome == "partial"
    assert decision.shipment_count == 1


def test_line_split_across_warehouses_and_no_stock():
    warehouses = [wh(1, "JKT", JKT), wh(2, "SBY", SBY)]
    decision = sourcing.source(request([(1, 10, 5)], warehouses, {(1, 10): 3, (2, 10): 2}))
    assert decision.outcome == "split"
    assert sorted((a.warehouse_id, a.qty) for a in decision.allocations) == [(1, 3), (2, 2)]
    decision = sourcing.source(request([(1, 10, 5)], warehouses, {}))
    assert decision.outcome == "none"
    assert decision.unfilled == {1: 5}


def test_deterministic_and_unknown_strategy():
    warehouses = [wh(i, f"W{i}") for i in range(1, 6)]
    stock = {(i, 10): 1 for i in range(1, 6)}
    first = sourcing.source(request([(1, 10, 1)], warehouses, stock))
    assert all(
        sourcing.source(request([(1, 10, 1)], warehouses, stock)).warehouse_ids
        == first.warehouse_ids
        for _ in range(5)
    )
    assert first.warehouse_ids == [1]  # ties broken by sequence then id
    with pytest.raises(ValueError, match="unknown sourcing strategies"):
        sourcing.source(request([(1, 10, 1)], warehouses, stock, strategies=("teleport",)))


def _at(y, m, d, hh, mm):
    # a Jakarta local time expressed as naive UTC (WIB = UTC+7)
    return datetime(y, m, d, hh, mm) - (datetime(2000, 1, 1, 7) - datetime(2000, 1, 1))


def test_promise_cutoff_weekend_holiday():
    # Friday 2026-11-20, 10:00 WIB, before the 14:00 cut-off: ships the same day
    result = promise.promise(promise.PromiseInput(order_time=_at(2026, 11, 20, 10, 0)))
    assert result.ship_date == date(2026, 11, 20)
    assert result.delivery_from == date(2026, 11, 21)  # carriers deliver on Saturday
    assert result.delivery_to == date(2026, 11, 24)  # Sunday skipped
    # Friday 15:00, after the cut-off: Monday
    result = promise.promise(promise.PromiseInput(order_time=_at(2026, 11, 20, 15, 0)))
    assert result.ship_date == date(2026, 11, 23)
    assert "cut-off" in result.reasons[0]
    # Saturday: Monday; with Monday a public holiday: Tuesday
    saturday = _at(2026, 11, 21, 9, 0)
    assert promise.promise(promise.PromiseInput(order_time=saturday)).ship_date == date(
        2026, 11, 23
    )
    holiday = frozenset({date(2026, 11, 23)})
    result = promise.promise(promise.PromiseInput(order_time=saturday, holidays=holiday))
    assert result.ship_date == date(2026, 11, 24)
    # one day of handling, and goods arriving on Wednesday
    result = promise.promise(
        promise.PromiseInput(
            order_time=_at(2026, 11, 23, 9, 0),
            handling_days=1,
            available_date=date(2026, 11, 25),
            cutoff=time(12, 0),
        )
    )
    assert result.ship_date == date(2026, 11, 26)
    assert any("goods available" in r for r in result.reasons)


def test_minimum_value_moves_a_small_shipment_to_the_others():
    """A split shipment below the minimum is not made when the other warehouses
    shipping the order hold its goods: they ship them instead."""
    warehouses = [wh(1, "JKT", JKT), wh(2, "SBY", SBY), wh(3, "MKS", MKS)]
    stock = {(1, 10): 1, (2, 11): 1, (3, 12): 2, (1, 12): 1, (2, 12): 1}
    lines = [
        sourcing.LineDemand(1, 10, 1, 100000, "[BTK-1] Batik Tulis"),
        sourcing.LineDemand(2, 11, 1, 100000, "[SRG-1] Sarung"),
        sourcing.LineDemand(3, 12, 2, 1000, "[PCI-1] Peci"),
    ]

    def decide(minimum):
        return sourcing.source(
            sourcing.SourcingRequest(
                lines=tuple(lines),
                warehouses=tuple(warehouses),
                stock=stock,
                policy=sourcing.SourcingPolicy(min_shipment_value=minimum),
            )
        )

    # without a minimum the caps come whole from MKS: three parcels
    assert sorted(decide(0).warehouse_ids) == [1, 2, 3]
    decision = decide(10000)
    assert decision.outcome == "split"
    assert sorted(decision.warehouse_ids) == [1, 2]
    by_line = {(a.line_key, a.warehouse_id): a.qty for a in decision.allocations}
    assert by_line == {(1, 1): 1, (2, 2): 1, (3, 1): 1, (3, 2): 1}
    reasons = {v.warehouse_name: v.reason for v in decision.verdicts}
    assert reasons["MKS"] == (
        "shipment value 2000 below the channel minimum 10000; JKT, SBY ships these goods"
    )


def test_unfilled_lines_are_named_by_product():
    warehouses = [wh(1, "JKT", JKT)]
    lines = (sourcing.LineDemand(44, 10, 1, 0.0, "[BATIK-01] Batik Shirt"),)
    decision = sourcing.source(
        sourcing.SourcingRequest(lines=lines, warehouses=tuple(warehouses), stock={})
    )
    assert decision.explanation()[-1] == (
        "[BATIK-01] Batik Shirt: 1 unit(s) not available in any allowed warehouse"
    )
    assert "line 44" not in "\n".join(decision.explanation())
