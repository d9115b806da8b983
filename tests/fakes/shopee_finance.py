"""Fake Shopee Open Platform v2, Payment module: the escrow of released orders.

Follows the documented ``v2.payment.get_escrow_list`` and
``v2.payment.get_escrow_detail`` (Shopee Open Platform API v2, Payment module,
open.shopee.com/documents/v2/v2.payment.get_escrow_list and
v2.payment.get_escrow_detail). Those pages are not stored; their public copies were
read: the request/response entities of v2.payment.get_escrow_list in
wjp-letgo/shopeego (``release_time_from``, ``release_time_to``, ``page_size``,
``page_no``; ``escrow_list[order_sn, payout_amount, escrow_release_time]``,
``more``), and the ``order_income`` fields of get_escrow_detail with the
documented ``escrow_amount`` formula as published in the shopee-openapi-v2 typings
(app.unpkg.com/shopee-openapi-v2@1.0.39/files/dist/payment.d.ts) and the
shopee-client typings (MyIncomeResponse.d.ts).

Shop APIs: same common parameters and signature as the order APIs
(:class:`FakeShopee` checks them)."""

from .shopee import FakeShopee


def escrow(
    order_sn,
    release_time,
    buyer_total_amount,
    commission_fee=0,
    service_fee=0,
    seller_transaction_fee=0,
    final_shipping_fee=0,
    voucher_from_shopee=0,
    escrow_tax=0,
    **extra,
):
    """A ``get_escrow_detail`` response; ``escrow_amount`` by the documented formula."""
    income = {
        "buyer_total_amount": buyer_total_amount,
        "original_price": buyer_total_amount,
        "seller_discount": 0,
        "shopee_discount": 0,
        "voucher_from_seller": 0,
        "voucher_from_shopee": voucher_from_shopee,
        "coins": 0,
        "buyer_paid_shipping_fee": 0,
        "buyer_transaction_fee": 0,
        "cross_border_tax": 0,
        "payment_promotion": 0,
        "commission_fee": commission_fee,
        "service_fee": service_fee,
        "seller_transaction_fee": seller_transaction_fee,
        "seller_lost_compensation": 0,
        "seller_coin_cash_back": 0,
        "escrow_tax": escrow_tax,
        "final_shipping_fee": final_shipping_fee,
        "actual_shipping_fee": 0,
        "drc_adjustable_refund": 0,
        **extra,
    }
    income["escrow_amount"] = (
        income["buyer_total_amount"]
        + income["shopee_discount"]
        + income["voucher_from_shopee"]
        + income["coins"]
        + income["payment_promotion"]
        - income["buyer_transaction_fee"]
        - income["cross_border_tax"]
        - income["commission_fee"]
        - income["service_fee"]
        - income["seller_transaction_fee"]
        - income["seller_coin_cash_back"]
        - income["escrow_tax"]
        - income["drc_adjustable_refund"]
        + income["final_shipping_fee"]
    )
    return {
        "order_sn": order_sn,
        "buyer_user_name": "budi",
        "return_order_sn_list": [],
        "escrow_release_time": release_time,
        "order_income": income,
    }


class FakeShopeeFinance(FakeShopee):
    """``escrows``: ``get_escrow_detail`` responses (see :func:`escrow`), released
    at their ``escrow_release_time``."""

    def __init__(self, *args, escrows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.escrows = list(escrows)

    def route(self, request):
        handlers = {
            ("GET", "/api/v2/payment/get_escrow_list"): self._escrow_list,
            ("GET", "/api/v2/payment/get_escrow_detail"): self._escrow_detail,
        }
        handler = handlers.get((request.method, request.path))
        if handler is None:
            return super().route(request)
        if not self._authentic(request):
            return self._error(403, "error_sign", "Wrong sign.")
        if request.query.get("access_token") != self.access_token:
            return self._error(403, "invalid_acceess_token", "Invalid access_token.")
        return handler(request)

    def _escrow_list(self, request):
        q = request.query
        try:
            time_from, time_to = int(q["release_time_from"]), int(q["release_time_to"])
            page_size, page_no = int(q["page_size"]), int(q["page_no"])
        except (KeyError, ValueError):
            return self._error(400, "error_param", "Wrong parameters.")
        if not 1 <= page_size <= 100 or page_no < 1:
            return self._error(400, "error_param", "page_size or page_no is invalid.")
        released = [e for e in self.escrows if time_from <= e["escrow_release_time"] <= time_to]
        start = (page_no - 1) * page_size
        page = released[start : start + page_size]
        return self._ok(
            {
                "escrow_list": [
                    {
                        "order_sn": e["order_sn"],
                        "payout_amount": e["order_income"]["escrow_amount"],
                        "escrow_release_time": e["escrow_release_time"],
                    }
                    for e in page
                ],
                "more": start + page_size < len(released),
            }
        )

    def _escrow_detail(self, request):
        order_sn = request.query.get("order_sn")
        for e in self.escrows:
            if e["order_sn"] == order_sn:
                return self._ok(e)
        return self._error(400, "error_param", "order_sn is invalid.")
