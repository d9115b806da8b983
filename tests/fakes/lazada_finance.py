"""Fake Lazada Open Platform, Finance API: transaction details and payout statements.

Built from the documentation of Lazada Open Platform's Finance API
(open.lazada.com/apps/doc/api), read in its public copy lazykern/ecommerce-api-docs
(data/raw/lazada/apis/finance-api/):

* QueryTransactionDetails, ``GET /finance/transaction/details/get`` (docId 1294,
  ?path=%2Ffinance%2Ftransaction%2Fdetails%2Fget): mandatory ``start_time`` and
  ``end_time`` (``2021-01-05``), optional ``trans_type`` (transaction type id, the
  example sends ``-1``), ``trade_order_id``, ``trade_order_line_id``, ``offset``,
  ``limit`` ("The supported maximum number is 500"). Documented errors: 1000012
  "endTime - startTime must should be less than 180 days", 1000014 "Can not find that
  transactionType". The answer is ``{"code": "0", "data": [rows], "request_id"}``; the
  rows carry the fields of the documented example (``order_no``, ``orderItem_no``,
  ``fee_type``, ``transaction_type``, ``fee_name``, ``amount``, ``VAT_in_amount``,
  ``WHT_amount``, ``WHT_included_in_amount``, ``statement`` "11 May 2016 - 17 May
  2016", ``paid_status``, ``transaction_date`` "17 May 2016", ``transaction_number``,
  ``reference``, ``details``, ``comment``...).
* GetPayoutStatus, ``GET /finance/payout/status/get`` (docId 1293,
  ?path=%2Ffinance%2Fpayout%2Fstatus%2Fget): mandatory ``created_after`` (date); rows
  ``statement_number``, ``created_at``, ``updated_at``, ``paid`` ("1"/"0"),
  ``payout`` ("3962.41 EUR"), balances and totals.

Both APIs are signed and authorised like every Lazada call (system parameters
``app_key``, ``timestamp``, ``sign_method``, ``access_token``, ``sign``; "Signature
algorithm", docId 108068): :class:`FakeLazada`'s checks are applied first."""

import hmac
import uuid
from datetime import date, datetime

from .lazada import PREFIX, FakeLazada

SYSTEM_PARAMS = ("app_key", "timestamp", "sign_method", "access_token", "sign")
MAX_LIMIT = 500
MAX_DAYS = 180
LAZADA_DATE = "%d %b %Y"


def _iso(text):
    return date.fromisoformat(text)


def transaction(
    order_no,
    fee_name,
    amount,
    day,
    statement,
    *,
    transaction_type=None,
    fee_type="",
    order_item_no="",
    vat="0.00",
    paid_status="Not paid",
):
    """A QueryTransactionDetails row as the documented example shapes it; ``day`` a
    date, ``statement`` the period label; the transaction number is made unique."""
    return {
        "order_no": str(order_no or ""),
        "orderItem_no": str(order_item_no or ""),
        "orderItem_status": "delivered" if order_no else "",
        "transaction_date": day.strftime(LAZADA_DATE),
        "transaction_type": transaction_type or fee_name,
        "fee_name": fee_name,
        "fee_type": str(fee_type),
        "amount": f"{amount:.2f}",
        "VAT_in_amount": vat,
        "WHT_amount": "0.00",
        "WHT_included_in_amount": "Yes",
        "statement": statement,
        "paid_status": paid_status,
        "shipping_provider": "LEX ID" if order_no else "",
        "shipping_speed": "Standard" if order_no else "",
        "shipment_type": "Dropshipping" if order_no else "",
        "lazada_sku": "",
        "seller_sku": "",
        "reference": str(order_item_no or ""),
        "details": "",
        "comment": "",
        "payment_ref_id": "",
        "transaction_number": f"IDLZF-{uuid.uuid4().hex[:10].upper()}",
    }


class FakeLazadaFinance(FakeLazada):
    """``transactions``: QueryTransactionDetails rows (see :func:`transaction`);
    ``statements``: GetPayoutStatus rows. ``trans_types``: the transaction type ids the
    fake knows (``-1``: all)."""

    def __init__(self, *args, transactions=(), statements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.transactions = list(transactions)
        self.statements = list(statements)
        self.trans_types = {str(t["fee_type"]) for t in self.transactions if t["fee_type"]}

    def route(self, request):
        api = request.path[len(PREFIX) :] if request.path.startswith(PREFIX) else None
        handler = {
            "/finance/transaction/details/get": self._transactions,
            "/finance/payout/status/get": self._payout_status,
        }.get(api)
        if handler is None:
            return super().route(request)
        if request.method != "GET":
            return self._error("InvalidApiPath", "The specified API path is invalid", 404)
        params = self._params(request)
        missing = [name for name in SYSTEM_PARAMS if not params.get(name)]
        if missing:
            return self._error("MissingParameter", f"The input parameter {missing[0]} is missing")
        if params["sign_method"] != "sha256":
            return self._error("InvalidSignMethod", "The sign method is invalid")
        # app key, signature and access token: checked as for every Lazada call
        if params["app_key"] != self.app_key:
            return self._error("InvalidAppKey", "Invalid app key")
        if not hmac.compare_digest(self._expected_sign(api, params), params["sign"]):
            return self._error(
                "IncompleteSignature", "The request signature does not conform to lazada standards"
            )
        if params["access_token"] != self.access_token:
            return self._error(
                "IllegalAccessToken", "The specified access token is invalid or expired"
            )
        return handler(params)

    def _transactions(self, params):
        for name in ("start_time", "end_time"):
            if not params.get(name):
                return self._error("MissingParameter", f"The input parameter {name} is missing")
        try:
            start, end = _iso(params["start_time"]), _iso(params["end_time"])
            offset = int(params.get("offset") or 0)
            limit = int(params.get("limit") or 100)
        except ValueError:
            return self._error("InvalidParameter", "start_time/end_time/offset/limit are invalid")
        if (end - start).days >= MAX_DAYS or end < start:
            return self._error("1000012", "endTime - startTime must should be less than 180 days")
        if not 1 <= limit <= MAX_LIMIT or offset < 0:
            return self._error("InvalidParameter", "limit must be between 1 and 500")
        trans_type = params.get("trans_type") or "-1"
        if trans_type != "-1" and trans_type not in self.trans_types:
            return self._error("1000014", "Can not find that transactionType")
        rows = [
            t
            for t in self.transactions
            if start <= datetime.strptime(t["transaction_date"], LAZADA_DATE).date() <= end
            and (trans_type == "-1" or t["fee_type"] == trans_type)
            and (not params.get("trade_order_id") or t["order_no"] == params["trade_order_id"])
        ]
        return self._ok(rows[offset : offset + limit])

    def _payout_status(self, params):
        if not params.get("created_after"):
            return self._error("MissingParameter", "The input parameter created_after is missing")
        try:
            after = _iso(params["created_after"])
        except ValueError:
            return self._error("InvalidParameter", "created_after is invalid")
        return self._ok([s for s in self.statements if _iso(s["created_at"][:10]) >= after])
