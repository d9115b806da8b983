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
* ``SHOPEE_ORDER``: Shopee Open Platform v2, ``v2.order.get_order_detail`` (api_id 557,
  ``GET /api/v2/order/get_order_detail``), the "Response Example" of the API reference
  (open.shopee.com/documents/v2/v2.order.get_order_detail; public copy
  lazykern/ecommerce-api-docs data/raw/shopee/apis/order/v2.order.get_order_detail.json,
  ``response_sample``): order ``2404098R48U37H``, VND, COD, COMPLETED, one item
  ``QAZ-SADOER-05`` listed at 300000 sold at 48000, estimated shipping 5000,
  ``total_amount`` 32119 (what the buyer pays: the vouchers and shipping subsidies that
  make up the difference are not in this answer). Kept whole: ``response.order_list[0]``.
  The published text is not valid JSON (a doubled opening ``{`` and a missing comma
  after ``"logistics_channel_id": 18080``); the values are unchanged.
* ``LAZADA_ORDER`` and ``LAZADA_ORDER_ITEM``: Lazada Open Platform, "GetOrder"
  (``/order/get``, docId 4371) and "GetOrderItems" (``/order/items/get``, docId 966),
  the "default demo example" response of each
  (open.lazada.com/apps/doc/api?path=%2Forder%2Fget and ?path=%2Forder%2Fitems%2Fget;
  public copy lazykern/ecommerce-api-docs data/raw/lazada/apis/order-api/getorder.json
  and getorderitems.json, ``examples.data[0].responseCode``): order 16090, COD,
  ``price`` 99.00, ``shipping_fee`` 0.00, ``statuses`` [] as published; its item
  ``BRSD#02`` ``item_price``/``paid_price`` 99.00, SGD. Dropped: ``recipient_info``
  (order) and ``pick_up_store_info`` (item). The two demos print different order ids
  (the item says ``order_id`` 31202): ``lazada_order()`` joins the item to order 16090,
  the only change. The item's published ``status`` is ``canceled`` while the order's
  ``statuses`` is empty; both are kept as published (the adapter reads the order's
  ``statuses``).
* ``TIKTOK_ORDER``: TikTok Shop Partner API, "Get Order Detail", the response example
  of ``GET /order/202507/orders`` (partner.tiktokshop.com/docv2, document
  ``get-order-detail-202507``; public copy lazykern/ecommerce-api-docs
  data/raw/tiktok/api-reference/orders/get-order-detail.spec.json,
  ``document_api_meta.response_body``; the copy holds no 202309 page, the order body of
  202507 is a superset of 202309's): order 576461413038785752, UNPAID, IDR, one row
  ``red_iphone_256`` at ``sale_price`` 0.01 with ``item_tax`` 21.2. Kept whole:
  ``data.orders[0]``. Its amounts are placeholders that do not add up: ``payment``
  gives ``sub_total``, ``shipping_fee``, ``tax``, the discounts and ``total_amount``
  all as "5000", ``product_tax`` "21.3" against the row's 21.2.
* ``TIKTOK_RETURN_WEBHOOK``: TikTok Shop Partner Center, Webhooks > Return and refund >
  "12 Return status change", the "Event example" (public copy
  lazykern/ecommerce-api-docs data/processed/tiktok/guides/webhooks/return-and-refund/
  12-return-status-change.md): type 12, order 576486316948490001, return
  576486316948490001, REFUND, RETURN_OR_REFUND_REQUEST_PENDING. The published text lacks
  the comma after ``"create_time": 1627587600``; the values are unchanged.
* ``LAZADA_REVERSE_ORDER_PUSH``: Lazada Open Platform, Push Mechanism > Webhook APIs >
  "Reverse order" (message type 10, "Triggered when Reverse order status is updated";
  public copies jaq-doc.alibaba.com/docs/doc.htm?articleId=120232 and
  lazykern/ecommerce-api-docs data/processed/lazada/guides/
  push-mechanismwebhook-application/webhook-apis/webhook-api-reverse-order.md): reverse
  order 658960600102006 of trade order 416557324702006, RTM_INIT, site lazada_sg.
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


_SHOPEE_ORDER = {
    "actual_shipping_fee_confirmed": True,
    "buyer_cancel_reason": "",
    "buyer_cpf_id": None,
    "buyer_user_id": 1170319091,
    "buyer_username": "xt4fdsf96j",
    "cancel_by": "",
    "cancel_reason": "",
    "cod": True,
    "create_time": 1712601591,
    "currency": "VND",
    "days_to_ship": 2,
    "dropshipper": None,
    "dropshipper_phone": None,
    "estimated_shipping_fee": 5000,
    "fulfillment_flag": "fulfilled_by_local_seller",
    "goods_to_declare": False,
    "invoice_data": None,
    "item_list": [
        {
            "add_on_deal": False,
            "add_on_deal_id": 0,
            "image_info": {
                "image_url": "https://cf.shopee.vn/file/vn-11134207-7qukw-lf6guphtf6oad3_tn"
            },
            "is_b2c_owned_item": False,
            "is_prescription_item": False,
            "item_id": 23620853561,
            "item_name": "🦋giảm giá🦋Kem nở ngực SADOER enlarging breast cream "
            "Papaya / Coconut essence 60g Chiết xuất đu đủ, cùi "
            "dừa, nở ngực, kem nâng ngực nhanh",
            "item_sku": "",
            "main_item": False,
            "model_discounted_price": 48000,
            "model_id": 221404189791,
            "model_name": "60g（Papaya）",  # noqa: RUF001 (as published)
            "model_original_price": 300000,
            "model_quantity_purchased": 1,
            "model_sku": "QAZ-SADOER-05",
            "order_item_id": 23620853561,
            "product_location_id": ["VN10XX2UZ"],
            "promotion_group_id": 0,
            "promotion_id": 779222207758537,
            "promotion_type": "flash_sale",
            "weight": 0.01,
            "wholesale": False,
        }
    ],
    "message_to_seller": "",
    "note": "",
    "note_update_time": 0,
    "order_sn": "2404098R48U37H",
    "order_status": "COMPLETED",
    "package_list": [
        {
            "group_shipment_id": None,
            "item_list": [
                {
                    "item_id": 23620853561,
                    "model_id": 221404189791,
                    "model_quantity": 1,
                    "order_item_id": 23620853561,
                    "product_location_id": "VN10XX2UZ",
                    "promotion_group_id": 0,
                }
            ],
            "logistics_status": "LOGISTICS_DELIVERY_DONE",
            "package_number": "OFG166300791210964",
            "parcel_chargeable_weight_gram": 10,
            "shipping_carrier": "5-Day Delivery (SPX)",
            "logistics_channel_id": 18080,
            "allow_self_design_awb": True,
            "sorting_group": "North",
        }
    ],
    "pay_time": 1712817766,
    "payment_method": "Cash on Delivery",
    "pickup_done_time": 1712726577,
    "recipient_address": {
        "city": "Huyện Phước Long",
        "district": "Xã Phong Thạnh Tây B",
        "full_address": "Ấp******",
        "name": "P******n",
        "phone": "******64",
        "region": "VN",
        "state": "Bạc Liêu",
        "town": "",
        "zipcode": "",
    },
    "region": "VN",
    "reverse_shipping_fee": 0,
    "ship_by_date": 1712671200,
    "shipping_carrier": "Giao Hàng Nhanh",
    "split_up": False,
    "total_amount": 32119,
    "update_time": 1713139948,
}

_LAZADA_ORDER = {
    "voucher": "0.00",
    "warehouse_code": "dropshipping",
    "order_number": "300034416",
    "created_at": "2014-10-15 18:36:05 +0800",
    "voucher_code": "3432",
    "gift_option": "0",
    "is_cancel_pending": "true",
    "shipping_fee_discount_platform": "0.00",
    "customer_last_name": "last_name",
    "updated_at": "2014-10-15 18:36:05 +0800",
    "promised_shipping_times": "2017-03-24 16:09:22",
    "price": "99.00",
    "national_registration_number": "1123",
    "shipping_fee_original": "0.00",
    "payment_method": "COD",
    "buyer_note": "red color",
    "customer_first_name": "First Name",
    "shipping_fee_discount_seller": "0.00",
    "shipping_fee": "0.00",
    "branch_number": "2222",
    "tax_code": "1234",
    "items_count": "1",
    "delivery_info": "1",
    "statuses": [],
    "address_billing": {
        "country": "Singapore",
        "address3": "address3",
        "address2": "address2",
        "city": "Singapore-Central",
        "address1": "22 leonie hill road, #13-01",
        "phone2": "24***22",
        "last_name": "Last Name",
        "phone": "81***8",
        "post_code": "239195",
        "address5": "address5",
        "address4": "address4",
        "addressDistrict": "addressDistrict",
        "first_name": "First Name",
    },
    "extra_attributes": '{"TaxInvoiceRequested":"true"}',
    "order_id": "16090",
    "need_cancel_confirm": "true",
    "gift_message": "Gift",
    "remarks": "remarks",
    "address_shipping": {
        "country": "Singapore",
        "address3": "address3",
        "address2": "address2",
        "city": "Singapore-Central",
        "address1": "318 tanglin road, phoenix park, #01-59",
        "phone2": "1******2",
        "last_name": "Last Name",
        "phone": "94236248",
        "post_code": "247979",
        "address5": "1******2",
        "address4": "address4",
        "addressDistrict": "addressDistrict",
        "first_name": "First Name",
    },
}

_LAZADA_ORDER_ITEM = {
    "tax_amount": "6.48",
    "reason": "reason",
    "sla_time_stamp": "2019-06-24T23:59:59+08:00",
    "show_giftwrapping_tag": "True",
    "voucher_seller": "0.00",
    "purchase_order_id": "3454",
    "payment_time": "1697193374592",
    "voucher_code_seller": "X234",
    "voucher_code": "X3453",
    "package_id": "345",
    "buyer_id": "1001",
    "variation": "1",
    "is_cancel_pending": "true",
    "biz_group": "70100",
    "product_id": "12345",
    "voucher_code_platform": "Y123",
    "purchase_order_number": "345345",
    "sku": "BRSD#02",
    "gift_wrapping": "Happy birthday",
    "schedule_delivery_start_timeslot": "1719108000000",
    "order_type": "Normal",
    "invoice_number": "1342",
    "show_personalization_tag": "True",
    "can_escalate_pickup": "true",
    "cancel_trigger_time": "1754381842018",
    "cancel_return_initiator": "cancellation-customer",
    "shop_sku": "BE494HLAAUE3SGAMZ-39898",
    "is_reroute": "0",
    "stage_pay_status": "unpaid",
    "sku_id": "666",
    "tracking_code_pre": "23534",
    "order_item_id": "98108",
    "shop_id": "dawen dp",
    "order_flag": "GUATANTEE",
    "is_fbl": "0",
    "name": "Bean Rester Dooby Red",
    "delivery_option_sof": "0",
    "order_id": "31202",
    "fulfillment_sla": "NEXT_DAY",
    "need_cancel_confirm": "true",
    "status": "canceled",
    "product_main_image": "http://th-live-02.slatic.net/p/3/jianyue-7699-09550735-ccd244666871f12a523c77d68cd76d74-catalog.jpg",
    "voucher_platform": "0.00",
    "paid_price": "99.00",
    "product_detail_url": "http://www.lazada.co.th/535590.html",
    "warehouse_code": "WH-01",
    "promised_shipping_time": "2014-10-15 19:12:15 +0800",
    "shipping_type": "Dropshipping",
    "created_at": "2014-10-15 19:12:15 +0800",
    "supply_price": "99.0",
    "mp3_order": "True",
    "voucher_seller_lpi": "0.00",
    "shipping_fee_discount_platform": "0.00",
    "personalization": "Happy birthday",
    "wallet_credits": "0.00",
    "reverse_order_id": "704947701379284",
    "updated_at": "2014-10-15 19:12:15 +0800",
    "currency": "SGD",
    "shipping_provider_type": "standard",
    "voucher_platform_lpi": "0.00",
    "shipping_fee_original": "0.00",
    "schedule_delivery_end_timeslot": "1719140400000",
    "item_price": "99.00",
    "is_digital": "0",
    "shipping_service_cost": "0",
    "tracking_code": "456",
    "shipping_fee_discount_seller": "0.00",
    "shipping_amount": "0.00",
    "reason_detail": "reason detail",
    "return_status": "1",
    "semi_managed": "True",
    "shipment_provider": "LEL",
    "priority_fulfillment_tag": "Kirim secepat mungkin_null_null",
    "voucher_amount": "0.00",
    "supply_price_currency": "CNY",
    "digital_delivery_info": "delivery",
    "extra_attributes": "null",
}

_TIKTOK_ORDER = {
    "id": "576461413038785752",
    "cancellation_initiator": "SELLER",
    "shipping_provider": "TT Virtual express",
    "shipping_provider_id": "6617675021119438849",
    "user_id": "7021436810468230477",
    "status": "UNPAID",
    "rts_time": 1619611563,
    "payment": {
        "currency": "IDR",
        "sub_total": "5000",
        "shipping_fee": "5000",
        "seller_discount": "5000",
        "platform_discount": "5000",
        "total_amount": "5000",
        "original_total_product_price": "5000",
        "original_shipping_fee": "5000",
        "shipping_fee_seller_discount": "5000",
        "shipping_fee_platform_discount": "5000",
        "shipping_fee_cofunded_discount": "7",
        "tax": "5000",
        "small_order_fee": "3000",
        "shipping_fee_tax": "11",
        "product_tax": "21.3",
        "retail_delivery_fee": "1.28",
        "buyer_service_fee": "1000",
        "handling_fee": "1000",
        "shipping_insurance_fee": "1000",
        "item_insurance_fee": "1000",
        "item_insurance_tax": "10",
    },
    "recipient_address": {
        "full_address": "1199 Coleman Ave San Jose, CA 95110",
        "phone_number": "(+1)213-***-1234",
        "name": "David Kong",
        "first_name": "David",
        "last_name": "Kong",
        "first_name_local_script": "ジョン",
        "last_name_local_script": "ドゥ",
        "region_code": "US",
        "postal_code": "95110",
        "post_town": "Ribbleton",
        "address_line1": "TikTok 5800 bristol Pkwy",
        "address_line2": "Suite 100",
        "address_line3": "Vila Olímpia",
        "address_line4": "Avenida Presidente Juscelino Kubitschek",
        "district_info": [
            {
                "address_level_name": "Country",
                "address_name": "United Kingdom",
                "address_level": "L0",
            }
        ],
        "delivery_preferences": {"drop_off_location": "Front Door"},
        "address_detail": "Unit one building 8",
    },
    "buyer_message": "Please ship asap!",
    "create_time": 1619611561,
    "tracking_number": "JX12345",
    "cancel_reason": "Pricing error",
    "rts_sla_time": 1619611688,
    "paid_time": 1619611563,
    "fulfillment_type": "FULFILLMENT_BY_SELLER",
    "seller_note": "seller note",
    "tts_sla_time": 1619611761,
    "cancel_order_sla_time": 1619621355,
    "update_time": 1619621355,
    "packages": [{"id": "1152321127278713123"}],
    "delivery_type": "HOME_DELIVERY",
    "is_sample_order": False,
    "warehouse_id": "6955005333819123123",
    "split_or_combine_tag": "COMBINED",
    "has_updated_recipient_address": False,
    "cpf": "3213-31231412",
    "delivery_option_id": "7091146663229654785",
    "delivery_sla_time": 1678389618,
    "payment_method_name": "CCDC",
    "payment_card_type": "Debit\n",
    "channel_entity_national_registry_id": "26.545.167/0001-21",
    "payment_method_code": "pm_pi_ccdc_visa_c_d",
    "payment_auth_code": "AUTH123457",
    "shipping_due_time": 1678389618,
    "line_items": [
        {
            "id": "577086512123755123",
            "sku_id": "2729382476852921560",
            "combined_listing_skus": [
                {
                    "sku_id": "2729382476852921123",
                    "sku_count": 1,
                    "product_id": "1729582718312380456",
                    "seller_sku": "yellow-24-XL",
                }
            ],
            "product_id": "1729582718312380123",
            "product_name": "Women's Winter Crochet Clothes",
            "sku_name": "Iphone",
            "sku_image": "https://p16-oec-va.itexeitg.com/tos-maliva-d-o5syd03w52-us/46123e87d14f40b69b839",
            "original_price": "0.01",
            "sale_price": "0.01",
            "pfand_fee": "1.5",
            "platform_discount": "0",
            "display_status": "TO_SHIP",
            "cancel_user": "BUYER",
            "sku_type": "PRE_ORDER",
            "seller_sku": "red_iphone_256",
            "shipping_provider_id": "6617675021119438849",
            "seller_discount": "0",
            "currency": "IDR",
            "package_id": "1153132168123859123",
            "rts_time": 1678389618,
            "item_tax": [{"tax_type": "SALES_TAX", "tax_amount": "21.2", "tax_rate": "0.35"}],
            "package_status": "TO_FULFILL",
            "shipping_provider_name": "TT Virtual express",
            "is_gift": False,
            "cancel_reason": "Discount not as expected",
            "small_order_fee": "5000",
            "retail_delivery_fee": "1.28",
            "tracking_number": "JX12345",
            "buyer_service_fee": "1000",
            "handling_duration_days": "7",
            "is_dangerous_good": True,
            "needs_prescription": True,
            "gift_retail_price": "20",
        }
    ],
    "shipping_type": "TIKTOK",
    "buyer_email": "v2b2V5@chat.seller.tiktok.com",
    "delivery_time": 1678389618,
    "need_upload_invoice": "NEED_INVOICE",
    "is_cod": False,
    "request_cancel_time": 1678389618,
    "delivery_option_required_delivery_time": 1678389618,
    "delivery_option_name": "Express shipping",
    "is_buyer_request_cancel": False,
    "delivery_due_time": 1678389618,
    "collection_time": 1678389618,
    "is_on_hold_order": False,
    "cancel_time": 1678389618,
    "is_replacement_order": False,
    "replaced_order_id": "576461416728782174",
    "collection_due_time": 1678389618,
    "pick_up_cut_off_time": 1678389618,
    "fast_dispatch_sla_time": 1678389618,
    "commerce_platform": "TIKTOK_SHOP",
    "order_type": "ZERO_LOTTERY",
    "release_date": 1619611762,
    "handling_duration": {"days": "7", "type": "BUSINESS_DAY"},
    "auto_combine_group_id": "12345677",
    "cpf_name": "John Smith",
    "is_exchange_order": False,
    "exchange_source_order_id": "576461413038785752",
    "consultation_id": "123241",
    "fast_delivery_program": "3_DAY_DELIVERY",
}


_TIKTOK_RETURN_WEBHOOK = {
    "type": 12,
    "tts_notification_id": "7327112393057371910",
    "shop_id": "7494049642642441621",
    "timestamp": 1644412885,
    "data": {
        "order_id": "576486316948490001",
        "return_role": "BUYER",
        "return_type": "REFUND",
        "return_status": "RETURN_OR_REFUND_REQUEST_PENDING",
        "return_id": "576486316948490001",
        "create_time": 1627587600,
        "update_time": 1644412885,
    },
}

_LAZADA_REVERSE_ORDER_PUSH = {
    "seller_id": "12345",
    "message_type": 10,
    "data": {
        "reverse_order_id": 658960600102006,
        "reverse_status": "RTM_INIT",
        "trade_order_id": 416557324702006,
        "extraParams": {},
        "trade_order_line_id": 416557324802006,
        "buyer_id": 100112802006,
        "seller_id": 1000143772,
        "reverse_order_line_id": 663790000102006,
        "status_update_time": 1626767698,
    },
    "timestamp": 1627889609,
    "site": "lazada_sg",
}


def tiktok_return_webhook():
    """A fresh copy of TikTok Shop's documented "Return status change" event (type 12)."""
    return copy.deepcopy(_TIKTOK_RETURN_WEBHOOK)


def lazada_reverse_order_push():
    """A fresh copy of Lazada's documented reverse order push (message type 10)."""
    return copy.deepcopy(_LAZADA_REVERSE_ORDER_PUSH)


def shopify_order():
    """A fresh copy of Shopify's documented order 450789469."""
    return copy.deepcopy(_SHOPIFY_ORDER)


def woocommerce_order():
    """A fresh copy of WooCommerce's documented order 727."""
    return copy.deepcopy(_WOOCOMMERCE_ORDER)


def shopee_order():
    """A fresh copy of Shopee's documented order 2404098R48U37H."""
    return copy.deepcopy(_SHOPEE_ORDER)


def lazada_order():
    """Lazada's documented GetOrder order 16090 with the documented GetOrderItems item
    attached as ``order_items`` (the item joined to the order by its ``order_id``)."""
    order = copy.deepcopy(_LAZADA_ORDER)
    item = copy.deepcopy(_LAZADA_ORDER_ITEM)
    item["order_id"] = order["order_id"]
    order["order_items"] = [item]
    return order


def tiktok_order():
    """A fresh copy of TikTok Shop's documented order 576461413038785752."""
    return copy.deepcopy(_TIKTOK_ORDER)
