"""Fake TikTok Shop Partner API, Finance: statements and their transactions.

Follows the reference pages of the TikTok Shop Partner Center
(partner.tiktokshop.com/docv2), read in their public copies
(lazykern/ecommerce-api-docs, data/raw/tiktok/api-reference/finance/):

* "Get Statements" (get-statements-202309): ``GET /finance/202309/statements``;
  query ``sort_field`` (required, only ``statement_time``), ``sort_order``
  (ASC/DESC, default ASC), ``statement_time_ge``/``statement_time_lt`` (Unix
  seconds), ``payment_status`` (PAID/FAILED/PROCESSING), ``page_size`` (1-100,
  default 20), ``page_token`` (opaque, from ``next_page_token``). Answer
  ``data.statements[]`` with ``id``, ``statement_time``, ``settlement_amount``,
  ``currency``, ``revenue_amount``, ``fee_amount``, ``adjustment_amount``,
  ``shipping_cost_amount``, ``net_sales_amount``, ``payment_status``,
  ``payment_id`` (amounts are strings), and ``data.next_page_token``.
  Statements are generated daily at 00:00 UTC.
* "Get Transactions by Statement" (get-transactions-by-statement-202501):
  ``GET /finance/202501/statements/{statement_id}/statement_transactions``; query
  ``sort_field`` (required, only ``order_create_time``), ``sort_order``,
  ``page_size`` (1-100, default 20), ``page_token``. Answer ``data.id``,
  ``create_time``, ``status`` (SETTLED), ``currency``, ``total_settlement_amount``,
  ``total_settlement_breakdown``, ``total_count``, ``transactions[]`` (``id``,
  ``type`` ORDER / RESERVE / an adjustment type such as PLATFORM_PENALTY,
  ``order_id`` or ``adjustment_id`` + ``adjustment_order_id``, ``settlement_amount``,
  ``revenue_amount`` + ``revenue_breakdown``, ``shipping_cost_amount`` +
  ``shipping_cost_breakdown``, ``fee_tax_amount`` + ``fee_tax_breakdown.fee/tax``,
  ``adjustment_amount``, ``supplementary_component``) and ``next_page_token``.
* Common parameters, signature and token header as every 202309 API (checked by
  :class:`FakeTikTokShop`: ``app_key``, ``timestamp``, ``shop_cipher``, ``sign``,
  ``x-tts-access-token``); both pages also require ``content-type:
  application/json``. The one error code both pages document is 36009003 "Internal
  error. Please try again" (the fake's 5xx answer); the parameter errors' codes are
  not on those pages: the fake refuses them with HTTP 400 and code 400.

Amounts are signed for the seller (fees and shipping costs negative, as in the
pages' examples ``fee_amount: "-30"``, ``shipping_cost_amount: "-70"``) and a
transaction settles the sum of its amounts.
"""

import base64
import hmac
import re

from .tiktok import FakeTikTokShop

INTERNAL_ERROR = 36009003
STATEMENT_PATH = "/finance/202309/statements"
TRANSACTIONS_RE = re.compile(r"/finance/202501/statements/([^/]+)/statement_transactions")
PAYMENT_STATUSES = ("PAID", "FAILED", "PROCESSING")


def _money(value):
    """Amounts travel as strings; whole rupiah print without decimals."""
    return str(int(value)) if float(value) == int(value) else f"{value:.2f}"


def order_transaction(
    txn_id,
    order_id,
    customer_payment,
    commission=0,
    transaction_fee=0,
    service_fee=0,
    customer_shipping=0,
    actual_shipping=0,
    shipping_subsidy=0,
    platform_discount=0,
    order_create_time=0,
):
    """An ORDER transaction; fees are given positive and printed negative (the
    seller's cost). ``revenue_amount`` is what the buyer paid for the goods plus
    the platform-funded discount; ``shipping_cost_amount`` the customer's shipping
    payment, less the actual fee, plus the platform's subsidy."""
    revenue = customer_payment - customer_shipping + platform_discount
    shipping = customer_shipping - actual_shipping + shipping_subsidy
    fee_tax = -(commission + transaction_fee + service_fee)
    settlement = revenue + shipping + fee_tax
    return {
        "id": txn_id,
        "type": "ORDER",
        "order_id": order_id,
        "order_create_time": order_create_time,
        "settlement_amount": _money(settlement),
        "revenue_amount": _money(revenue),
        "revenue_breakdown": {
            "subtotal_before_discount_amount": _money(revenue),
            "seller_discount_amount": "0",
        },
        "shipping_cost_amount": _money(shipping),
        "shipping_cost_breakdown": {
            "actual_shipping_fee_amount": _money(-actual_shipping),
            "shipping_fee_discount_amount": _money(shipping_subsidy),
            "customer_paid_shipping_fee_amount": _money(customer_shipping),
        },
        "fee_tax_amount": _money(fee_tax),
        "fee_tax_breakdown": {
            "fee": {
                "platform_commission_amount": _money(-commission),
                "transaction_fee_amount": _money(-transaction_fee),
                "mall_service_fee_amount": _money(-service_fee),
            },
            "tax": {},
        },
        "adjustment_amount": "0",
        "supplementary_component": {
            "customer_payment_amount": _money(customer_payment),
            "customer_refund_amount": "0",
            "platform_discount_amount": _money(platform_discount),
        },
    }


def adjustment_transaction(txn_id, adjustment_id, kind, amount, order_id=""):
    """An adjustment transaction (``kind`` one of the documented types)."""
    return {
        "id": txn_id,
        "type": kind,
        "adjustment_id": adjustment_id,
        "adjustment_order_id": order_id,
        "adjustment_amount": _money(amount),
        "settlement_amount": _money(amount),
        "order_create_time": 0,
    }


def statement(statement_id, statement_time, transactions, payment_status="PAID", currency="IDR"):
    """A statement and its transactions; its amounts are the transactions' sums."""

    def total(key):
        return sum(float(t.get(key) or 0) for t in transactions)

    adjustments = sum(float(t["settlement_amount"]) for t in transactions if t["type"] != "ORDER")
    return {
        "id": statement_id,
        "statement_time": statement_time,
        "settlement_amount": _money(total("settlement_amount")),
        "currency": currency,
        "revenue_amount": _money(total("revenue_amount")),
        "fee_amount": _money(total("fee_tax_amount") + total("shipping_cost_amount")),
        "adjustment_amount": _money(adjustments),
        "payment_status": payment_status,
        "payment_id": f"9{statement_id}",
        "transactions": list(transactions),
    }


class FakeTikTokFinance(FakeTikTokShop):
    """``statements``: dicts from :func:`statement` (their ``transactions`` are
    served by Get Transactions by Statement, never by Get Statements)."""

    def __init__(self, *args, statements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)

    def fault_body(self, status):
        if status >= 500:
            return {"code": INTERNAL_ERROR, "message": "Internal error. Please try again."}
        return super().fault_body(status)

    def route(self, request):
        match = TRANSACTIONS_RE.fullmatch(request.path)
        if request.path != STATEMENT_PATH and not match:
            return super().route(request)
        if request.method != "GET":
            return self._answer(405, 405, "Method not allowed")
        refused = self._check_common(request)
        if refused:
            return refused
        if request.path == STATEMENT_PATH:
            return self._statements(request)
        return self._transactions(request, match.group(1))

    def _check_common(self, request):
        q = request.query
        missing = [k for k in ("app_key", "timestamp", "shop_cipher", "sign") if not q.get(k)]
        if missing:
            return self._answer(400, 400, f"Missing required parameter: {', '.join(missing)}")
        if q["app_key"] != self.app_key or not hmac.compare_digest(
            self._expected_sign(request), q["sign"]
        ):
            return self._answer(401, 106001, "Invalid credentials. The 'sign' is invalid.")
        if request.headers.get("x-tts-access-token") != self.access_token:
            return self._answer(401, 105002, "Expired credentials.")
        if q["shop_cipher"] != self.shop_cipher:
            return self._answer(400, 400, "Invalid shop_cipher.")
        if not request.headers.get("content-type", "").startswith("application/json"):
            return self._answer(400, 400, "content-type must be application/json")
        return None

    def _page(self, request, rows, sort_field):
        """Sort and cut one page; ``(page, next_page_token)`` or an error answer."""
        q = request.query
        if q.get("sort_field") != sort_field:
            return None, self._answer(400, 400, f"sort_field is required: {sort_field}")
        order = q.get("sort_order", "ASC")
        if order not in ("ASC", "DESC"):
            return None, self._answer(400, 400, "sort_order must be ASC or DESC")
        try:
            size = int(q.get("page_size") or 20)
            start = (
                int(base64.urlsafe_b64decode(q["page_token"]).decode())
                if q.get("page_token")
                else 0
            )
        except ValueError:
            return None, self._answer(400, 400, "Invalid page_size or page_token")
        if not 1 <= size <= 100 or not 0 <= start <= len(rows):
            return None, self._answer(400, 400, "Invalid page_size or page_token")
        rows = sorted(rows, key=lambda row: row[sort_field], reverse=order == "DESC")
        end = start + size
        token = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(rows) else ""
        return rows[start:end], token

    def _statements(self, request):
        q = request.query
        try:
            since = int(q.get("statement_time_ge") or 0)
            until = int(q["statement_time_lt"]) if q.get("statement_time_lt") else None
        except ValueError:
            return self._answer(400, 400, "statement_time_ge / statement_time_lt must be integers")
        status = q.get("payment_status")
        if status and status not in PAYMENT_STATUSES:
            return self._answer(400, 400, "Invalid payment_status")
        matching = [
            s
            for s in self.statements
            if since <= s["statement_time"]
            and (until is None or s["statement_time"] < until)
            and (not status or s["payment_status"] == status)
        ]
        page, token = self._page(request, matching, "statement_time")
        if page is None:
            return token
        statements = [{k: v for k, v in s.items() if k != "transactions"} for s in page]
        return self._answer(200, 0, "Success", {"statements": statements, "next_page_token": token})

    def _transactions(self, request, statement_id):
        found = [s for s in self.statements if s["id"] == statement_id]
        if not found:
            return self._answer(404, 404, f"Statement {statement_id} not found")
        stmt = found[0]
        page, token = self._page(request, stmt["transactions"], "order_create_time")
        if page is None:
            return token

        def total(key):
            return _money(sum(float(t.get(key) or 0) for t in stmt["transactions"]))

        data = {
            "id": stmt["id"],
            "create_time": stmt["statement_time"],
            "status": "SETTLED",
            "currency": stmt["currency"],
            "payable_amount": stmt["settlement_amount"],
            "total_reserve_amount": "0",
            "total_settlement_amount": stmt["settlement_amount"],
            "total_settlement_breakdown": {
                "total_revenue_amount": total("revenue_amount"),
                "total_shipping_cost_amount": total("shipping_cost_amount"),
                "total_fee_tax_amount": total("fee_tax_amount"),
                "total_adjustment_amount": stmt["adjustment_amount"],
            },
            "total_count": len(stmt["transactions"]),
            "transactions": page,
            "next_page_token": token,
        }
        return self._answer(200, 0, "Success", data)
