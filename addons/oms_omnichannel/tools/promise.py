"""Order promising: when a shipment leaves the warehouse and when it arrives.

Plain Python, no Odoo import. Dates are computed in the warehouse's local
time zone:

1. the order is *received* at ``order_time``; after the warehouse's cut-off,
   or on a day the warehouse does not work (weekend, public holiday), it is
   handled from the next working day;
2. if the goods are not in stock, handling starts when they arrive
   (``available_date``, e.g. an incoming receipt), at the earliest;
3. pick/pack takes ``handling_days`` working days: the promised ship date;
4. the carrier delivers in ``transit_min``..``transit_max`` of its own
   working days (by default Monday to Saturday, public holidays excluded):
   the promised delivery window.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MON_FRI = frozenset({0, 1, 2, 3, 4})
MON_SAT = frozenset({0, 1, 2, 3, 4, 5})
ALL_DAYS = frozenset(range(7))


@dataclass(frozen=True)
class PromiseInput:
    order_time: datetime  # aware, or naive UTC (Odoo's convention)
    tz: str = "Asia/Jakarta"
    cutoff: time = time(14, 0)
    working_days: frozenset = MON_FRI
    holidays: frozenset = field(default_factory=frozenset)
    handling_days: int = 0
    available_date: date | None = None
    transit_min: int = 1
    transit_max: int = 3
    carrier_days: frozenset = MON_SAT


@dataclass(frozen=True)
class Promise:
    ship_date: date
    delivery_from: date
    delivery_to: date
    reasons: tuple[str, ...]


def _is_working(day, working_days, holidays):
    return day.weekday() in working_days and day not in holidays


def next_working_day(day, working_days, holidays, include_today=True):
    if not working_days:
        raise ValueError("a calendar needs at least one working day")
    current = day if include_today else day + timedelta(days=1)
    while not _is_working(current, working_days, holidays):
        current += timedelta(days=1)
    return current


def add_working_days(day, count, working_days, holidays):
    current = day
    for _dummy in range(count):
        current = next_working_day(current, working_days, holidays, include_today=False)
    return current


def promise(data):
    """Compute the promised ship date and delivery window of one shipment."""
    zone = ZoneInfo(data.tz)
    order_time = data.order_time
    if order_time.tzinfo is None:
        order_time = order_time.replace(tzinfo=ZoneInfo("UTC"))
    local = order_time.astimezone(zone)
    reasons = []
    start = local.date()
    if not _is_working(start, data.working_days, data.holidays):
        reasons.append(f"{start.isoformat()} is not a working day")
        start = next_working_day(start, data.working_days, data.holidays)
    elif local.time() > data.cutoff:
        reasons.append(f"received after the {data.cutoff.strftime('%H:%M')} cut-off")
        start = next_working_day(start, data.working_days, data.holidays, include_today=False)
    if data.available_date and data.available_date > start:
        reasons.append(f"goods available on {data.available_date.isoformat()}")
        start = next_working_day(data.available_date, data.working_days, data.holidays)
    ship = add_working_days(start, data.handling_days, data.working_days, data.holidays)
    if data.handling_days:
        reasons.append(f"{data.handling_days} working day(s) to pick and pack")
    delivery_from = add_working_days(ship, data.transit_min, data.carrier_days, data.holidays)
    delivery_to = add_working_days(ship, data.transit_max, data.carrier_days, data.holidays)
    reasons.append(f"carrier transit {data.transit_min}-{data.transit_max} day(s)")
    return Promise(ship, delivery_from, delivery_to, tuple(reasons))
