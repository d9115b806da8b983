"""Fake Shopify Admin REST API, Shopify Payments: payouts and balance transactions.

Follows shopify.dev REST Admin API reference pages "Payouts"
(https://shopify.dev/docs/api/admin-rest/latest/resources/payouts) and
"Transactions" (https://shopify.dev/docs/api/admin-rest/latest/resources/transactions),
both marked legacy but published for the pinned version:

* ``GET /admin/api/<version>/shopify_payments/payouts.json``: the payouts, most recent
  first, filtered by ``date_min``/``date_max`` (inclusive), ``date``, ``status``;
* ``GET /admin/api/<version>/shopify_payments/payouts/{payout_id}.json``: one payout;
* ``GET /admin/api/<version>/shopify_payments/balance/transactions.json?payout_id=``:
  the balance transactions of a payout (``type``, ``amount``, ``fee``, ``net``,
  ``source_type``, ``source_order_id``, ``processed_at``...).

Amounts are decimal strings. Lists page with the ``Link`` header (``page_info``: a
request with it may add only ``limit``/``fields``), ``limit`` 1..250 (shopify.dev
"Make paginated requests to the REST Admin API"). Every request needs the
``X-Shopify-Access-Token`` header (401 otherwise); throttling is a 429 with
``Retry-After`` (the base class's scripted faults). The payout and transaction
builders below take the shape of the pages' sample responses (payout 623721858 with
its ``summary``; transactions with ``payout_id``, ``payout_status``,
``source_order_transaction_id``, ``adjustment_order_transactions``)."""

from decimal import Decimal

from .base import FakeResponse
from .shopify import FakeShopify, _cursor, _offset

SUMMARY_KINDS = ("adjustments", "charges", "refunds", "reserved_funds", "retried_payouts")
# balance transaction type -> summary kind
_KIND = {"charge": "charges", "refund": "refunds"}


def _money(value):
    return f"{Decimal(str(value)):.2f}"


def transaction(
    tx_id,
    tx_type,
    amount,
    fee=0,
    source_order_id=None,
    source_type=None,
    processed_at="2026-12-01T10:00:00+07:00",
):
    """A balance transaction as the Transactions page prints it (payout fields are
    set by :meth:`FakeShopifyFinance.add_payout`); ``net`` = amount - fee."""
    return {
        "id": tx_id,
        "type": tx_type,
        "test": False,
        "payout_id": None,
        "payout_status": None,
        "currency": "IDR",
        "amount": _money(amount),
        "fee": _money(fee),
        "net": _money(Decimal(str(amount)) - Decimal(str(fee))),
        "source_id": tx_id,
        "source_type": source_type or tx_type,
        "source_order_id": source_order_id,
        "source_order_transaction_id": None,
        "processed_at": processed_at,
        "adjustment_order_transactions": None,
    }


class FakeShopifyFinance(FakeShopify):
    """A Shopify shop (orders, see :class:`FakeShopify`) with Shopify Payments payouts.
    ``add_payout`` builds a payout from its balance transactions (amount and
    summary computed as the documented sample shows them: per kind the gross and the
    fee, the payout's amount the sum of the nets) and adds its ``payout``
    transaction."""

    def __init__(self, access_token, *args, **kwargs):
        super().__init__(access_token, *args, **kwargs)
        self.payouts = []
        self.transactions = []
        # the filters of the first request of each list (the cursor's context)
        self._filters = {}

    def add_payout(self, payout_id, date, transactions, status="paid", currency="IDR"):
        summary = {}
        for kind in SUMMARY_KINDS:
            summary[f"{kind}_fee_amount"] = Decimal(0)
            summary[f"{kind}_gross_amount"] = Decimal(0)
        net = Decimal(0)
        for tx in transactions:
            kind = _KIND.get(tx["type"], "adjustments")
            summary[f"{kind}_gross_amount"] += Decimal(tx["amount"])
            summary[f"{kind}_fee_amount"] += Decimal(tx["fee"])
            net += Decimal(tx["net"])
            tx.update(payout_id=payout_id, payout_status=status)
        payout = {
            "id": payout_id,
            "status": status,
            "date": date,
            "currency": currency,
            "amount": _money(net),
            "summary": {key: _money(value) for key, value in summary.items()},
        }
        transfer = transaction(payout_id + 1, "payout", -net, source_type="payout")
        transfer.update(payout_id=payout_id, payout_status=status)
        self.payouts.append(payout)
        self.transactions += [*transactions, transfer]
        return payout

    def route(self, request):
        prefix = f"/admin/api/{self.api_version}/shopify_payments/"
        if not request.path.startswith(prefix):
            return super().route(request)
        if request.headers.get("x-shopify-access-token") != self.access_token:
            return FakeResponse(401, {"errors": "[API] Invalid API key or access token"})
        if request.method != "GET":
            return FakeResponse(404, {"errors": "Not Found"})
        resource = request.path[len(prefix) :]
        if resource == "payouts.json":
            return self._page(request, "payouts", self._payouts)
        if resource.startswith("payouts/") and resource.endswith(".json"):
            payout_id = resource[len("payouts/") : -len(".json")]
            for payout in self.payouts:
                if str(payout["id"]) == payout_id:
                    return FakeResponse(200, {"payout": payout})
            return FakeResponse(404, {"errors": "Not Found"})
        if resource == "balance/transactions.json":
            return self._page(request, "transactions", self._transactions)
        return FakeResponse(404, {"errors": "Not Found"})

    def _payouts(self, q):
        rows = sorted(self.payouts, key=lambda p: (p["date"], p["id"]), reverse=True)
        if q.get("date_min"):
            rows = [p for p in rows if p["date"] >= q["date_min"]]
        if q.get("date_max"):
            rows = [p for p in rows if p["date"] <= q["date_max"]]
        if q.get("date"):
            rows = [p for p in rows if p["date"] == q["date"]]
        if q.get("status"):
            rows = [p for p in rows if p["status"] == q["status"]]
        return rows

    def _transactions(self, q):
        rows = self.transactions
        if q.get("payout_id"):
            rows = [t for t in rows if str(t["payout_id"]) == q["payout_id"]]
        return sorted(rows, key=lambda t: t["processed_at"], reverse=True)

    def _page(self, request, key, select):
        """A Link-paginated list: the filters of the first request are kept server
        side for the cursor (as Shopify's opaque ``page_info`` does)."""
        q = request.query
        try:
            limit = int(q.get("limit") or 50)
        except ValueError:
            limit = 0
        if not 1 <= limit <= 250:
            return FakeResponse(400, {"errors": {"limit": ["must be between 1 and 250"]}})
        if "page_info" in q:
            if set(q) - {"page_info", "limit", "fields"}:
                return FakeResponse(400, {"errors": {"page_info": ["Invalid value."]}})
            start, filters = _offset(q["page_info"]), self._filters.get(key, {})
        else:
            start, filters = 0, dict(q)
            self._filters[key] = filters
        rows = select(filters)
        page = rows[start : start + limit]
        headers = {}
        if start + limit < len(rows):
            url = f"{self.base_url}{request.path}?limit={limit}"
            headers["Link"] = f'<{url}&page_info={_cursor(start + limit)}>; rel="next"'
        return FakeResponse(200, {key: page}, headers)
