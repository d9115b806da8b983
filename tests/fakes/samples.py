"""The platforms' own published sample orders, as their documentation prints them.

Only the blocks a marketplace adapter reads are kept; amounts, ids, SKUs, quantities,
taxes, discounts and refunds are exactly the documented values. Tests import these
through the fake platforms (which serve them as the documented API would) and
compare the imported order with the platform's own totals.

* ``SHOPIFY_ORDER``: Shopify Admin REST API, resource "Order", example response of
  ``GET /admin/api/2026-01/orders.json?status=any`` (order 450789469, "#1001", the
  "IPod Nano - 8gb" order: 3 lines at 199.00, TENOFF discount 10.00 allocated
  3.34/3.33/3.33, State Tax 6 % of 3.98 a line, ``taxes_included: false``, two
  lines refunded before import: ``current_quantity`` 0 and ``refunds[]
  .refund_line_items``; ``total_price`` 598.94, ``current_total_price`` 199.65).
  Source: shopify.dev/docs/api/admin-rest/2026-01/resources/order (the same
  example is generated into Shopify/shopify-app-js
  packages/apps/shopify-api/rest/admin/__tests__/2026-01/order.test.ts, "test_1").
  Dropped: the ``*_set`` money bags (same amounts in shop and presentment money),
  ``client_details``, ``customer`` consents, ``fulfillments``, ``properties`` and
  the ``line_item`` copies nested in ``refund_line_items``.
* ``WOOCOMMERCE_ORDER``: WooCommerce REST API v3 docs, "Orders" > "Retrieve an
  order", example response of ``GET /wp-json/wc/v3/orders/727``
  (woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-an-order; source
  woocommerce/woocommerce-rest-api-docs source/includes/wp-api-v3/_orders.md):
  line 315 "Woo Single #1" has ``"sku": ""``, ``prices_include_tax: false``,
  ``total_tax`` 1.35, total 29.35. Dropped: ``_links``, ``meta_data``.
"""

import copy

_SHOPIFY_LINE_TAX = [{"channel_liable": None, "price": "3.98", "rate": 0.06, "title": "State Tax"}]


def _shopify_line(line_id, colour, sku, variant_id, current_quantity, allocation):
    return {
        "id": line_id,
        "admin_graphql_api_id": f"gid://shopify/LineItem/{line_id}",
        "current_quantity": current_quantity,
        "fulfillable_quantity": current_quantity,
        "fulfillment_service": "manual",
        "fulfillment_status": None,
        "gift_card": False,
        "grams": 200,
        "name": f"IPod Nano - 8gb - {colour}",
        "price": "199.00",
        "product_exists": True,
        "product_id": 632910392,
        "quantity": 1,
        "requires_shipping": True,
        "sku": sku,
        "taxable": True,
        "title": "IPod Nano - 8gb",
        "total_discount": "0.00",
        "variant_id": variant_id,
        "variant_inventory_management": "shopify",
        "variant_title": colour,
        "vendor": None,
        "tax_lines": copy.deepcopy(_SHOPIFY_LINE_TAX),
        "duties": [],
        "discount_allocations": [{"amount": allocation, "discount_application_index": 0}],
    }


_ADDRESS = {
    "first_name": "Bob",
    "address1": "Chestnut Street 92",
    "phone": "+1(502)-459-2181",
    "city": "Louisville",
    "zip": "40202",
    "province": "Kentucky",
    "country": "United States",
    "last_name": "Norman",
    "address2": "",
    "company": None,
    "latitude": 45.41634,
    "longitude": -75.6868,
    "name": "Bob Norman",
    "country_code": "US",
    "province_code": "KY",
}

_SHOPIFY_ORDER = {
    "id": 450789469,
    "admin_graphql_api_id": "gid://shopify/Order/450789469",
    "app_id": None,
    "browser_ip": "0.0.0.0",
    "buyer_accepts_marketing": False,
    "cancel_reason": None,
    "cancelled_at": None,
    "closed_at": None,
    "confirmed": True,
    "contact_email": "bob.norman@mail.example.com",
    "created_at": "2008-01-10T11:00:00-05:00",
    "currency": "USD",
    "current_subtotal_price": "195.67",
    "current_total_discounts": "3.33",
    "current_total_price": "199.65",
    "current_total_tax": "3.98",
    "discount_codes": [{"code": "TENOFF", "amount": "10.00", "type": "fixed_amount"}],
    "duties_included": False,
    "email": "bob.norman@mail.example.com",
    "estimated_taxes": False,
    "financial_status": "partially_refunded",
    "fulfillment_status": None,
    "name": "#1001",
    "note": None,
    "number": 1,
    "order_number": 1001,
    "payment_gateway_names": ["bogus"],
    "phone": "+557734881234",
    "po_number": "ABC123",
    "presentment_currency": "USD",
    "processed_at": "2008-01-10T11:00:00-05:00",
    "source_name": "web",
    "subtotal_price": "597.00",
    "tags": "",
    "tax_exempt": False,
    "tax_lines": [{"price": "11.94", "rate": 0.06, "title": "State Tax", "channel_liable": None}],
    "taxes_included": False,
    "test": False,
    "total_discounts": "10.00",
    "total_line_items_price": "597.00",
    "total_outstanding": "0.00",
    "total_price": "598.94",
    "total_tax": "11.94",
    "total_tip_received": "0.00",
    "total_weight": 0,
    "updated_at": "2008-01-10T11:00:00-05:00",
    "user_id": None,
    "billing_address": dict(_ADDRESS),
    "customer": {
        "id": 207119551,
        "email": "bob.norman@mail.example.com",
        "first_name": "Bob",
        "last_name": "Norman",
        "state": "disabled",
        "phone": "+16136120707",
        "currency": "USD",
    },
    "discount_applications": [
        {
            "target_type": "line_item",
            "type": "discount_code",
            "value": "10.0",
            "value_type": "fixed_amount",
            "allocation_method": "across",
            "target_selection": "all",
            "code": "TENOFF",
        }
    ],
    "line_items": [
        _shopify_line(466157049, "green", "IPOD2008GREEN", 39072856, 0, "3.34"),
        _shopify_line(518995019, "red", "IPOD2008RED", 49148385, 1, "3.33"),
        _shopify_line(703073504, "black", "IPOD2008BLACK", 457924702, 0, "3.33"),
    ],
    "refunds": [
        {
            "id": 509562969,
            "note": "it broke during shipping",
            "order_id": 450789469,
            "restock": True,
            "order_adjustments": [],
            "transactions": [
                {"id": 179259969, "amount": "209.00", "kind": "refund", "status": "success"}
            ],
            "refund_line_items": [
                {
                    "id": 104689539,
                    "line_item_id": 703073504,
                    "location_id": 487838322,
                    "quantity": 1,
                    "restock_type": "legacy_restock",
                    "subtotal": 195.66,
                    "total_tax": 3.98,
                },
                {
                    "id": 709875399,
                    "line_item_id": 466157049,
                    "location_id": 487838322,
                    "quantity": 1,
                    "restock_type": "legacy_restock",
                    "subtotal": 195.67,
                    "total_tax": 3.98,
                },
            ],
            "duties": [],
            "additional_fees": [],
        }
    ],
    "shipping_address": dict(_ADDRESS),
    "shipping_lines": [
        {
            "id": 369256396,
            "carrier_identifier": None,
            "code": "Free Shipping",
            "discounted_price": "0.00",
            "is_removed": False,
            "phone": None,
            "price": "0.00",
            "requested_fulfillment_service_id": None,
            "source": "shopify",
            "title": "Free Shipping",
            "tax_lines": [],
            "discount_allocations": [],
        }
    ],
}

_WOOCOMMERCE_ORDER = {
    "id": 727,
    "parent_id": 0,
    "number": "727",
    "order_key": "wc_order_58d2d042d1d",
    "created_via": "rest-api",
    "version": "3.0.0",
    "status": "processing",
    "currency": "USD",
    "date_created": "2017-03-22T16:28:02",
    "date_created_gmt": "2017-03-22T19:28:02",
    "date_modified": "2017-03-22T16:28:08",
    "date_modified_gmt": "2017-03-22T19:28:08",
    "discount_total": "0.00",
    "discount_tax": "0.00",
    "shipping_total": "10.00",
    "shipping_tax": "0.00",
    "cart_tax": "1.35",
    "total": "29.35",
    "total_tax": "1.35",
    "prices_include_tax": False,
    "customer_id": 0,
    "customer_ip_address": "",
    "customer_user_agent": "",
    "customer_note": "",
    "billing": {
        "first_name": "John",
        "last_name": "Doe",
        "company": "",
        "address_1": "969 Market",
        "address_2": "",
        "city": "San Francisco",
        "state": "CA",
        "postcode": "94103",
        "country": "US",
        "email": "john.doe@example.com",
        "phone": "(555) 555-5555",
    },
    "shipping": {
        "first_name": "John",
        "last_name": "Doe",
        "company": "",
        "address_1": "969 Market",
        "address_2": "",
        "city": "San Francisco",
        "state": "CA",
        "postcode": "94103",
        "country": "US",
    },
    "payment_method": "bacs",
    "payment_method_title": "Direct Bank Transfer",
    "transaction_id": "",
    "date_paid": "2017-03-22T16:28:08",
    "date_paid_gmt": "2017-03-22T19:28:08",
    "date_completed": None,
    "date_completed_gmt": None,
    "cart_hash": "",
    "line_items": [
        {
            "id": 315,
            "name": "Woo Single #1",
            "product_id": 93,
            "variation_id": 0,
            "quantity": 2,
            "tax_class": "",
            "subtotal": "6.00",
            "subtotal_tax": "0.45",
            "total": "6.00",
            "total_tax": "0.45",
            "taxes": [{"id": 75, "total": "0.45", "subtotal": "0.45"}],
            "sku": "",
            "price": 3,
        },
        {
            "id": 316,
            "name": "Ship Your Idea &ndash; Color: Black, Size: M Test",
            "product_id": 22,
            "variation_id": 23,
            "quantity": 1,
            "tax_class": "",
            "subtotal": "12.00",
            "subtotal_tax": "0.90",
            "total": "12.00",
            "total_tax": "0.90",
            "taxes": [{"id": 75, "total": "0.9", "subtotal": "0.9"}],
            "sku": "Bar3",
            "price": 12,
        },
    ],
    "tax_lines": [
        {
            "id": 318,
            "rate_code": "US-CA-STATE TAX",
            "rate_id": 75,
            "label": "State Tax",
            "compound": False,
            "tax_total": "1.35",
            "shipping_tax_total": "0.00",
        }
    ],
    "shipping_lines": [
        {
            "id": 317,
            "method_title": "Flat Rate",
            "method_id": "flat_rate",
            "total": "10.00",
            "total_tax": "0.00",
            "taxes": [],
        }
    ],
    "fee_lines": [],
    "coupon_lines": [],
    "refunds": [],
}


def shopify_order():
    """A fresh copy of Shopify's documented order 450789469."""
    return copy.deepcopy(_SHOPIFY_ORDER)


def woocommerce_order():
    """A fresh copy of WooCommerce's documented order 727."""
    return copy.deepcopy(_WOOCOMMERCE_ORDER)
