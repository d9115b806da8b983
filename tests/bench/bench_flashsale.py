"""Flash sale: three marketplaces and the web shop against two Odoo servers.

    scripts/bench flashsale [--orders 20000] [--minutes 30] [--skus 40] [--no-vanilla]

What it does, as on 11.11 for an Indonesian seller:

* one throwaway database with the OMS add-ons (the load tests' fixture,
  ``tests/load/harness.py``), two ``odoo-bin`` servers with prefork workers on it
  and queue_job's runner as a process of its own sending the jobs to both;
* three marketplace accounts, each talking to a fake of its platform on
  127.0.0.1 (``tests/fakes``: Shopee, TikTok Shop, Lazada), and the web shop's
  capture API;
* ``--orders`` orders placed at an even pace over ``--minutes``, a quarter per
  source: a marketplace order is added to its fake and announced by the
  platform's signed push (Shopee: order number, imported by ``get_order_detail``;
  TikTok Shop and Lazada: order status change, imported by the pull it triggers),
  a web order is one ``POST /oms/api/v1/orders``; requests go round-robin to the
  two servers;
* one SKU is scarce (fewer units than are ordered): the never-oversold check.

It prints, per source and overall: orders placed, imported, reserved; the lag from
the moment an order was placed to the moment its stock was seen reserved (every
stock move ``assigned``, polled once a second: p50 / p95 / max); orders/s over the
run; SQL queries per order (from the servers' request log: API, webhook and job
requests); duplicate orders; oversold quants (reserved above on hand, negative
stock); peak memory of the servers' processes.

Next to it, unless ``--no-vanilla``: vanilla Odoo (``sale_management``,
``sale_stock``, ``stock_delivery``, ``stock_account``) on its own database and two
servers, the same number of orders at the same pace by JSON-RPC ``create`` +
``action_confirm`` (what an integration without an OMS would do), the same lag
measured the same way.

Benchmarks report; they never pass or fail on time. ``OMS_KEEP_DB=1`` keeps the
databases.
"""

import argparse
import collections
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fakes.lazada import FakeLazada
from fakes.shopee import FakeShopee
from fakes.tiktok import FakeTikTokShop
from load.harness import API, LoadSession, Server

from bench import common

SHOPEE = {"partner_id": "2001234", "partner_key": "shpk-flash", "shop_id": "99001"}
SHOPEE_TOKEN = "tok-flash-99001"
TIKTOK = {"app_key": "6flash0key", "app_secret": "tts-flash-secret", "shop_cipher": "ROW_flash"}
TIKTOK_TOKEN = "ROW_flash_token"
LAZADA = {"app_key": "120001", "app_secret": "lzd-flash-secret", "access_token": "lzd-flash-tok"}
SOURCES = ("web", "shopee", "tiktok", "lazada")
PRICE = 70000
SHIPPING = 12000

# products, stock and the marketplace channels and accounts (the load fixture has
# the warehouses, the web channel FLASH's API user and the workflow)
SETUP = r"""
import json
from odoo import Command
env = env(su=True)
env = env(context=dict(env.context, tracking_disable=True))
spec = json.loads(SPEC)
idr = env.ref("base.IDR")
idr.active = True
pricelist = env["product.pricelist"].create({"name": "Flash IDR", "currency_id": idr.id})
warehouses = env["stock.warehouse"].browse(spec["warehouse_ids"])
products = {}
for sku, split in spec["stock"].items():
    product = env["product.product"].create({
        "name": "Flash " + sku, "default_code": sku, "is_storable": True,
        "list_price": spec["price"], "taxes_id": [Command.clear()],
    })
    for wh, qty in zip(warehouses, split):
        if qty:
            env["stock.quant"]._update_available_quantity(product, wh.lot_stock_id, qty)
    products[sku] = product.id
workflow = env.ref("sale_automatic_workflow.automatic_validation")
rules = {"duplicate_window_minutes": 0, "velocity_limit": 0, "new_customer_limit": 0,
         "cod_limit": 0}
web = env["oms.channel"].browse(spec["web_channel_id"])
web.write(dict(rules, pricelist_id=pricelist.id))
out = {"products": products, "accounts": {}, "channels": {"web": web.id}}
for platform, creds in spec["accounts"].items():
    channel = env["oms.channel"].create(dict(rules, **{
        "name": "Flash " + platform, "code": "FLASH" + platform.upper()[:3],
        "channel_type": "marketplace", "warehouse_id": warehouses[0].id,
        "allowed_warehouse_ids": [Command.set(warehouses.ids)],
        "pricelist_id": pricelist.id,
        "workflow_process_id": workflow.id, "cod_workflow_process_id": workflow.id,
    }))
    account = env["oms.marketplace.account"].create(dict(creds, **{
        "name": "Flash " + platform, "platform": platform, "channel_id": channel.id,
    }))
    out["channels"][platform] = channel.id
    out["accounts"][platform] = account.id
env.cr.commit()
print("FLASH_SETUP " + json.dumps(out))
"""

VANILLA_SETUP = r"""
import json
from odoo import Command
env = env(su=True)
env = env(context=dict(env.context, tracking_disable=True))
spec = json.loads(SPEC)
warehouses = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
for code in ("VFB", "VFC"):
    warehouses |= env["stock.warehouse"].create({"name": "Vanilla " + code, "code": code})
products = {}
for sku, split in spec["stock"].items():
    product = env["product.product"].create({
        "name": "Flash " + sku, "default_code": sku, "is_storable": True,
        "list_price": spec["price"], "taxes_id": [Command.clear()],
    })
    for wh, qty in zip(warehouses, split):
        if qty:
            env["stock.quant"]._update_available_quantity(product, wh.lot_stock_id, qty)
    products[sku] = product.id
partner = env["res.partner"].create({"name": "Pelanggan Flash"})
env.cr.commit()
print("FLASH_SETUP " + json.dumps({"products": products, "partner_id": partner.id,
                                   "warehouse_ids": warehouses.ids}))
"""


def hmac_hex(key, text):
    return hmac.new(
        key.encode(), text if isinstance(text, bytes) else text.encode(), hashlib.sha256
    ).hexdigest()


# -- the orders, in each platform's documented shape --------------------------------


def sku_of(n, skus):
    """Every 10th order wants the scarce SKU; the others spread over the rest."""
    return "FLASH-000" if n % 10 == 0 else f"FLASH-{1 + n % (skus - 1):03d}"


def address(n):
    return {
        "name": f"Pembeli {n}",
        "phone": f"0812{n:08d}",
        "street": f"Jl. Cikini Raya No. {n}",
        "city": "Jakarta Pusat",
        "state": "DKI Jakarta",
        "zip": "10350",
    }


def web_payload(channel, n, sku, placed):
    a = address(n)
    return {
        "channel": channel,
        "external_ref": f"WEB-FLASH-{n:06d}",
        "order_date": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(placed)),
        "customer": {"name": a["name"], "email": f"pembeli{n}@example.co.id", "phone": a["phone"]},
        "shipping_address": dict(a, country="ID"),
        "lines": [{"sku": sku, "quantity": 1, "unit_price": PRICE}],
        "shipping": {"fee": SHIPPING, "carrier": "jne", "service_level": "regular"},
        "payment": {"method": "bank_transfer", "status": "paid", "amount": PRICE + SHIPPING},
    }


def shopee_order(n, sku, placed):
    """``v2.order.get_order_detail`` (Shopee Open Platform, Order > get_order_detail)."""
    a = address(n)
    return {
        "order_sn": f"2612FLS{n:06d}",
        "order_status": "READY_TO_SHIP",
        "create_time": int(placed),
        "update_time": int(placed),
        "currency": "IDR",
        "cod": False,
        "payment_method": "ShopeePay",
        "pay_time": int(placed),
        "buyer_username": f"pembeli{n}",
        "message_to_seller": "",
        "recipient_address": {
            "name": a["name"],
            "phone": f"62812{n:08d}",
            "town": "Gondangdia",
            "district": "Menteng",
            "city": a["city"],
            "state": a["state"],
            "region": "ID",
            "zipcode": a["zip"],
            "full_address": a["street"],
        },
        "item_list": [
            {
                "item_id": 700000 + int(sku[-3:]),
                "item_sku": sku,
                "model_id": 0,
                "model_sku": "",
                "model_quantity_purchased": 1,
                "model_original_price": PRICE,
                "model_discounted_price": PRICE,
            }
        ],
        "shipping_carrier": "JNE Reguler",
        "estimated_shipping_fee": SHIPPING,
        "actual_shipping_fee": SHIPPING,
        "total_amount": PRICE + SHIPPING,
    }


def shopee_push(order, placed):
    """Order status push (code 3), Shopee Open Platform > Push Mechanism."""
    return {
        "shop_id": int(SHOPEE["shop_id"]),
        "code": 3,
        "timestamp": int(placed),
        "data": {"ordersn": order["order_sn"], "status": "READY_TO_SHIP"},
    }


def tiktok_order(n, sku, placed):
    """A 202309 Get Order Detail order (TikTok Shop Partner Center, Order API)."""
    a = address(n)
    return {
        "id": f"5779{n:014d}",
        "status": "AWAITING_SHIPMENT",
        "create_time": int(placed),
        "update_time": int(placed),
        "paid_time": int(placed),
        "is_cod": False,
        "payment_method_name": "GoPay",
        "buyer_email": f"buyer{n}@scs.tiktokw.us",
        "buyer_message": "",
        "shipping_provider": "J&T Express",
        "delivery_option_name": "Standard shipping",
        "payment": {
            "currency": "IDR",
            "shipping_fee": str(SHIPPING),
            "total_amount": str(PRICE + SHIPPING),
        },
        "recipient_address": {
            "name": a["name"],
            "phone_number": f"(+62)812{n:08d}",
            "address_line1": a["street"],
            "address_line2": "",
            "postal_code": a["zip"],
            "region_code": "ID",
            "district_info": [
                {
                    "address_level_name": "Province",
                    "address_name": a["state"],
                    "address_level": "L1",
                },
                {"address_level_name": "City", "address_name": a["city"], "address_level": "L2"},
                {
                    "address_level_name": "District",
                    "address_name": "Menteng",
                    "address_level": "L3",
                },
            ],
        },
        "line_items": [
            {
                "id": f"{n}-1",
                "seller_sku": sku,
                "sku_id": f"1729{int(sku[-3:]):06d}",
                "product_id": f"1730{int(sku[-3:]):06d}",
                "original_price": str(PRICE),
                "sale_price": str(PRICE),
                "currency": "IDR",
                "package_id": f"11{n:08d}00",
            }
        ],
    }


def tiktok_push(order, placed):
    """Order status change (type 1), TikTok Shop Partner Center > Webhooks."""
    return {
        "type": 1,
        "tts_notification_id": f"73800{int(order['id']) % 10**14:014d}",
        "shop_id": "7495540735365777507",
        "timestamp": int(placed),
        "data": {
            "order_id": order["id"],
            "order_status": order["status"],
            "update_time": order["update_time"],
        },
    }


def lazada_order(n, sku, placed):
    """``/orders/get`` order with its ``/order/items/get`` items (Lazada Open Platform)."""
    a = address(n)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime(placed))
    order_id = 460000000 + n
    item = {
        "order_item_id": str(order_id * 10 + 1),
        "order_id": str(order_id),
        "sku": sku,
        "shop_sku": f"{sku}-ID",
        "name": "Flash " + sku,
        "item_price": f"{PRICE:.2f}",
        "paid_price": f"{PRICE:.2f}",
        "currency": "IDR",
        "status": "pending",
        "shipment_provider": "JNE",
        "shipping_type": "Dropshipping",
        "created_at": stamp,
        "updated_at": stamp,
    }
    return {
        "order_id": order_id,
        "order_number": str(order_id),
        "created_at": stamp,
        "updated_at": stamp,
        "price": f"{PRICE + SHIPPING:.2f}",
        "shipping_fee": f"{SHIPPING:.2f}",
        "shipping_fee_discount_seller": "0.00",
        "shipping_fee_discount_platform": "0.00",
        "payment_method": "MIXEDCARD",
        "customer_first_name": a["name"],
        "customer_last_name": "",
        "items_count": 1,
        "statuses": ["pending"],
        "remarks": "",
        "gift_message": "",
        "address_shipping": {
            "first_name": a["name"],
            "last_name": "",
            "phone": a["phone"],
            "address1": a["street"],
            "address3": a["state"],
            "address4": a["city"],
            "city": a["city"],
            "post_code": a["zip"],
            "country": "Indonesia",
        },
        "order_items": [item],
    }


def lazada_push(order, placed):
    """Trade order push (message_type 0), Lazada Open Platform > Push Mechanism."""
    return {
        "seller_id": "1000198",
        "message_type": 0,
        "data": {
            "order_status": "pending",
            "status_update_time": int(placed),
            "trade_order_id": str(order["order_id"]),
            "trade_order_line_id": order["order_items"][0]["order_item_id"],
        },
        "timestamp": int(placed * 1000),
        "site": "lazada_id",
    }


# -- measuring -----------------------------------------------------------------------

# an order is reserved when every stock move of its lines is assigned
RESERVED = """
    SELECT so.id, {channel}, COALESCE(so.{ref}, ''),
           count(sm.id) > 0 AND bool_and(sm.state = 'assigned')
      FROM sale_order so
      LEFT JOIN sale_order_line sol ON sol.order_id = so.id
      LEFT JOIN stock_move sm ON sm.sale_line_id = sol.id AND sm.state != 'cancel'
     WHERE so.{ref} = ANY(%s::varchar[]) OR so.id = ANY(%s::int[])
     GROUP BY so.id
"""


class Watcher(threading.Thread):
    """Poll the database once a second: when each order appears, when it is reserved."""

    def __init__(self, db, ref_column, channel_column="so.channel_id"):
        super().__init__(daemon=True)
        self.db = db
        self.query = RESERVED.format(ref=ref_column, channel=channel_column)
        self.seen, self.reserved = {}, {}
        # placed but not seen yet (orders commit out of id order: look them up by
        # reference), and seen but not reserved yet (by id)
        self.unseen, self.pending = set(), set()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.error = None

    def expect(self, key):
        with self.lock:
            self.unseen.add(key)

    def run(self):
        try:
            with contextlib.closing(psycopg2.connect(dbname=self.db)) as conn:
                conn.autocommit = True
                while not self.stopping.is_set():
                    self.poll(conn)
                    self.stopping.wait(1.0)
                self.poll(conn)
        except Exception as exc:
            self.error = exc
            print(f"# the watcher stopped: {exc!r}", flush=True)
            raise

    def poll(self, conn):
        with self.lock:
            unseen = set(self.unseen)
        with conn.cursor() as cr:
            cr.execute(self.query, (sorted({k[1] for k in unseen}), list(self.pending)))
            rows = cr.fetchall()
        now = time.time()
        for order_id, channel_id, ref, reserved in rows:
            key = (channel_id, ref)
            if key not in unseen and order_id not in self.pending:
                continue  # the same reference on another channel
            self.seen.setdefault(key, now)
            with self.lock:
                self.unseen.discard(key)
            if reserved:
                self.reserved.setdefault(key, now)
                self.pending.discard(order_id)
            else:
                self.pending.add(order_id)

    def stop(self):
        self.stopping.set()
        self.join(timeout=60)


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb(pids):
    """Resident memory (MB) of each process of the servers' process groups."""
    sizes = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
    return sizes


def group_pids(pgids):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if os.getpgid(int(entry.name)) in pgids:
                    pids.append(int(entry.name))
    return pids


class MemoryWatch(threading.Thread):
    def __init__(self, pgids):
        super().__init__(daemon=True)
        self.pgids, self.peak = set(pgids), 0.0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            sizes = rss_mb(group_pids(self.pgids))
            if sizes:
                self.peak = max(self.peak, max(sizes.values()))
            self.stopping.wait(2.0)

    def stop(self):
        self.stopping.set()
        self.join(timeout=10)


def oversold(db):
    with contextlib.closing(psycopg2.connect(dbname=db)) as conn, conn.cursor() as cr:
        cr.execute(
            """SELECT count(*) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                WHERE l.usage = 'internal'
                  AND (q.quantity < 0 OR q.reserved_quantity > q.quantity + 0.0001)"""
        )
        return cr.fetchone()[0]


def duplicates(db, channel_ids, ref_column):
    with contextlib.closing(psycopg2.connect(dbname=db)) as conn, conn.cursor() as cr:
        cr.execute(
            f"""SELECT count(*) FROM (SELECT 1 FROM sale_order WHERE channel_id = ANY(%s)
                 GROUP BY channel_id, {ref_column} HAVING count(*) > 1) d""",
            (channel_ids,),
        )
        return cr.fetchone()[0]


def statuses(db, channel_ids):
    with contextlib.closing(psycopg2.connect(dbname=db)) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT oms_status, count(*) FROM sale_order WHERE channel_id = ANY(%s) "
            "GROUP BY oms_status ORDER BY 2 DESC",
            (channel_ids,),
        )
        return dict(cr.fetchall())


def query_total(servers, offsets, prefixes):
    total = requests_ = 0
    for server in servers:
        for prefix in prefixes:
            queries, count = common.queries_by_path(
                server.log_path, prefix, offsets.get(server.log_path, 0)
            )
            total += queries
            requests_ += count
    return total, requests_


# -- placing orders ------------------------------------------------------------------


def pace(count, seconds):
    """Send times (offsets in seconds) of ``count`` orders spread evenly."""
    step = seconds / count if count else 0
    return [i * step for i in range(count)]


def run_sender(plan, place, watcher, key_of, clients=16):
    """Place each order of ``plan`` [(offset, source, n)] at its time; return
    {key: placed timestamp} and the answers by (source, status)."""
    placed, answers = {}, collections.Counter()
    lock = threading.Lock()
    start = time.time()
    late = []

    def one(item):
        offset, source, n = item
        delay = start + offset - time.time()
        if delay > 0:
            time.sleep(delay)
        else:
            late.append(-delay)
        watcher.expect(key_of(source, n))
        # placed when the buyer placed it (its scheduled time), even when every client
        # thread was busy and the request went out late: the lag includes that wait
        stamp = start + offset
        key, status = place(source, n, stamp)
        with lock:
            placed[key] = stamp
            answers[(source, status)] += 1

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, plan))
    return placed, answers, late


def wait_reserved(watcher, placed, expect_reserved, timeout, quiet=120):
    """Until every placed order is seen and ``expect_reserved`` of them reserved,
    or nothing changed for ``quiet`` seconds, or ``timeout``."""
    deadline = time.monotonic() + timeout
    last, changed = None, time.monotonic()
    while time.monotonic() < deadline and watcher.is_alive():
        seen = sum(1 for key in placed if key in watcher.seen)
        reserved = sum(1 for key in placed if key in watcher.reserved)
        if seen >= len(placed) and reserved >= expect_reserved:
            return True
        if (seen, reserved) != last:
            last, changed = (seen, reserved), time.monotonic()
        elif time.monotonic() - changed > quiet:
            return False
        time.sleep(1.0)
    return False


def print_lags(label, placed, watcher, keys_by_source):
    print(f"\n{label}")
    print(
        f"  {'source':<8} {'placed':>7} {'in Odoo':>8} {'reserved':>9} "
        f"{'lag p50 s':>10} {'p95 s':>8} {'max s':>8}"
    )
    rows = []
    for source, keys in keys_by_source.items():
        lags = [watcher.reserved[k] - placed[k] for k in keys if k in watcher.reserved]
        seen = sum(1 for k in keys if k in watcher.seen)
        rows.append((source, len(keys), seen, len(lags), lags))
    everything = [lag for row in rows for lag in row[4]]
    rows.append(
        ("all", sum(r[1] for r in rows), sum(r[2] for r in rows), len(everything), everything)
    )
    for source, count, seen, reserved, lags in rows:
        print(
            f"  {source:<8} {count:>7} {seen:>8} {reserved:>9} {percentile(lags, 0.5):>10.1f} "
            f"{percentile(lags, 0.95):>8.1f} {max(lags) if lags else float('nan'):>8.1f}"
        )
    return everything


def stock_spec(args):
    """SKU FLASH-000 is scarce (a tenth of the orders want it, half of them get it);
    the others have more than enough. Units per warehouse (3 warehouses)."""
    scarce = max(3, args.orders // 20)
    stock = {"FLASH-000": [scarce // 3, scarce // 3, scarce - 2 * (scarce // 3)]}
    plenty = max(30, 2 * args.orders // max(1, args.skus - 1))
    for i in range(1, args.skus):
        stock[f"FLASH-{i:03d}"] = [plenty, plenty // 2, plenty // 2]
    return stock, scarce


# -- the OMS run ---------------------------------------------------------------------


def oms_run(args, plan):
    session = LoadSession()
    try:
        data = session.data
        stock, scarce = stock_spec(args)
        with contextlib.ExitStack() as stack:
            shopee = stack.enter_context(
                FakeShopee(
                    SHOPEE["partner_id"], SHOPEE["partner_key"], SHOPEE["shop_id"], SHOPEE_TOKEN
                )
            )
            tiktok = stack.enter_context(
                FakeTikTokShop(
                    TIKTOK["app_key"], TIKTOK["app_secret"], TIKTOK_TOKEN, TIKTOK["shop_cipher"]
                )
            )
            lazada = stack.enter_context(
                FakeLazada(LAZADA["app_key"], LAZADA["app_secret"], LAZADA["access_token"])
            )
            web_code = "LOAD"
            spec = {
                "stock": stock,
                "price": PRICE,
                "warehouse_ids": data["warehouse_ids"],
                "web_channel_id": data["channels"][web_code],
                "accounts": {
                    "shopee": dict(
                        SHOPEE, base_url=shopee.base_url, access_token=SHOPEE_TOKEN, page_size=50
                    ),
                    "tiktok": dict(TIKTOK, base_url=tiktok.base_url, access_token=TIKTOK_TOKEN),
                    "lazada": dict(LAZADA, base_url=lazada.base_url_rest),
                },
            }
            out = common.odoo_shell(session.db, f"SPEC = {json.dumps(json.dumps(spec))}\n" + SETUP)
            setup = json.loads(
                next(x for x in out.splitlines() if x.startswith("FLASH_SETUP "))[12:]
            )
            urls = session.cluster()
            servers = session._cluster
            offsets = {s.log_path: common.log_size(s.log_path) for s in servers}
            memory = MemoryWatch([s.proc.pid for s in servers])
            memory.start()
            api_key = data["keys"]["load_api"]
            accounts = setup["accounts"]
            channel_ids = setup["channels"]
            counter = itertools.count()

            def post_raw(path, raw, headers):
                url = urls[next(counter) % len(urls)]
                try:
                    response = requests.post(f"{url}{path}", data=raw, headers=headers, timeout=300)
                    return response.status_code, url
                except requests.RequestException as exc:
                    return type(exc).__name__, url

            def place(source, n, stamp):
                sku = sku_of(n, args.skus)
                if source == "web":
                    body = web_payload(web_code, n, sku, stamp)
                    status, _url = post_raw(
                        f"{API}/orders",
                        json.dumps(body).encode(),
                        {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"},
                    )
                    return (channel_ids["web"], body["external_ref"]), status
                path = f"/oms/marketplace/{accounts[source]}/webhook"
                if source == "shopee":
                    order = shopee_order(n, sku, stamp)
                    shopee.orders.append(order)
                    raw = json.dumps(shopee_push(order, stamp)).encode()
                    url = urls[next(counter) % len(urls)]
                    signature = hmac_hex(SHOPEE["partner_key"], f"{url}{path}|{raw.decode()}")
                    try:
                        status = requests.post(
                            f"{url}{path}",
                            data=raw,
                            timeout=300,
                            headers={
                                "Content-Type": "application/json",
                                "Authorization": signature,
                            },
                        ).status_code
                    except requests.RequestException as exc:
                        status = type(exc).__name__
                    return (channel_ids["shopee"], order["order_sn"]), status
                if source == "tiktok":
                    order = tiktok_order(n, sku, stamp)
                    tiktok.orders.append(order)
                    raw = json.dumps(tiktok_push(order, stamp)).encode()
                    signature = hmac_hex(TIKTOK["app_secret"], TIKTOK["app_key"].encode() + raw)
                    status, _url = post_raw(
                        path, raw, {"Content-Type": "application/json", "Authorization": signature}
                    )
                    return (channel_ids["tiktok"], order["id"]), status
                order = lazada_order(n, sku, stamp)
                lazada.orders.append(order)
                raw = json.dumps(lazada_push(order, stamp)).encode()
                signature = hmac_hex(LAZADA["app_secret"], LAZADA["app_key"].encode() + raw)
                status, _url = post_raw(
                    path, raw, {"Content-Type": "application/json", "Authorization": signature}
                )
                return (channel_ids["lazada"], str(order["order_id"])), status

            watcher = Watcher(session.db, "external_ref")
            watcher.start()
            started = time.time()

            def key_of(source, n):
                stamp, sku = 0, sku_of(n, args.skus)
                ref = {
                    "web": lambda: web_payload(web_code, n, sku, stamp)["external_ref"],
                    "shopee": lambda: shopee_order(n, sku, stamp)["order_sn"],
                    "tiktok": lambda: tiktok_order(n, sku, stamp)["id"],
                    "lazada": lambda: str(lazada_order(n, sku, stamp)["order_id"]),
                }[source]()
                return (channel_ids[source], ref)

            placed, answers, late = run_sender(plan, place, watcher, key_of)
            sent = time.time()
            scarce_orders = sum(1 for _o, _s, n in plan if sku_of(n, args.skus) == "FLASH-000")
            expect = len(plan) - scarce_orders + min(scarce, scarce_orders)
            done = wait_reserved(watcher, placed, expect, args.drain_timeout)
            finished = time.time()
            watcher.stop()
            memory.stop()
            keys_by_source = collections.defaultdict(list)
            for key in placed:
                source = next(s for s, cid in channel_ids.items() if cid == key[0])
                keys_by_source[source].append(key)
            print(
                f"\n# OMS: placing took {sent - started:.0f} s "
                f"(late sends: {len(late)}, worst {max(late) if late else 0:.1f} s); "
                f"answers {dict(answers)}"
            )
            if not done:
                print(f"# OMS: not every order was reserved within {args.drain_timeout} s")
            lags = print_lags(
                "OMS (3 marketplaces + web shop, 2 servers)", placed, watcher, keys_by_source
            )
            imported = sum(1 for key in placed if key in watcher.seen)
            last = max((watcher.seen[k] for k in placed if k in watcher.seen), default=finished)
            queries, calls = query_total(
                servers, offsets, (API, "/oms/marketplace", "/queue_job/runjob")
            )
            cids = list(channel_ids.values())
            print(f"  orders/s (in Odoo over the run): {imported / max(1e-9, last - started):.1f}")
            print(
                f"  queries/order: {queries / max(1, imported):.1f} "
                f"({calls} API, webhook and job requests)"
            )
            print(f"  duplicate orders: {duplicates(session.db, cids, 'external_ref')}")
            print(
                f"  oversold quants: {oversold(session.db)} "
                f"(scarce SKU: {scarce} units for {scarce_orders} orders)"
            )
            print(f"  statuses: {statuses(session.db, cids)}")
            print(f"  peak RSS of one server process: {memory.peak:.0f} MB")
            return {"lags": lags, "orders": imported, "seconds": last - started}
    finally:
        session.close()


# -- vanilla -------------------------------------------------------------------------


def vanilla_run(args, plan):
    db = args.vanilla_db
    common.create_database(db, fresh=True, modules=common.VANILLA_MODULES)
    stock, _scarce = stock_spec(args)
    out = common.odoo_shell(
        db, f"SPEC = {json.dumps(json.dumps({'stock': stock, 'price': PRICE}))}\n" + VANILLA_SETUP
    )
    setup = json.loads(next(x for x in out.splitlines() if x.startswith("FLASH_SETUP "))[12:])
    logs = Path(f"/tmp/{db}-logs")
    logs.mkdir(exist_ok=True)
    servers = [
        Server(db, str(logs / f"vanilla{i}.log"), workers=2, runner=False, load="base,web").start()
        for i in (1, 2)
    ]
    try:
        urls = [s.url for s in servers]
        offsets = {s.log_path: common.log_size(s.log_path) for s in servers}
        rpc = [common.JsonRpc(url, db, "admin", "admin") for url in urls]
        counter = itertools.count()
        memory = MemoryWatch([s.proc.pid for s in servers])
        memory.start()

        def place(_source, n, stamp):
            client = rpc[next(counter) % len(rpc)]
            ref = f"VANILLA-{n:06d}"
            product = setup["products"][sku_of(n, args.skus)]
            try:
                order_id = client.execute(
                    "sale.order",
                    "create",
                    {
                        "partner_id": setup["partner_id"],
                        "client_order_ref": ref,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": product, "product_uom_qty": 1, "price_unit": PRICE},
                            )
                        ],
                    },
                )
                client.execute("sale.order", "action_confirm", [order_id])
                return (None, ref), 200
            except RuntimeError as exc:
                return (None, ref), str(exc)[:60]

        watcher = Watcher(db, "client_order_ref", channel_column="NULL::int")
        watcher.start()
        started = time.time()
        placed, answers, _late = run_sender(
            plan, place, watcher, lambda _source, n: (None, f"VANILLA-{n:06d}")
        )
        scarce_orders = sum(1 for _o, _s, n in plan if sku_of(n, args.skus) == "FLASH-000")
        # vanilla sells from its default warehouse only: the scarce SKU's units there
        expect = len(plan) - scarce_orders + min(stock["FLASH-000"][0], scarce_orders)
        wait_reserved(watcher, placed, expect, args.drain_timeout)
        watcher.stop()
        memory.stop()
        lags = print_lags(
            "vanilla Odoo (JSON-RPC create + action_confirm, 2 servers)",
            placed,
            watcher,
            {"rpc": list(placed)},
        )
        imported = sum(1 for key in placed if key in watcher.seen)
        last = max((watcher.seen[k] for k in placed if k in watcher.seen), default=time.time())
        queries, calls = query_total(servers, offsets, ("/jsonrpc",))
        print(f"  answers {dict(answers)}")
        print(f"  orders/s (in Odoo over the run): {imported / max(1e-9, last - started):.1f}")
        print(f"  queries/order: {queries / max(1, imported):.1f} ({calls} JSON-RPC calls)")
        print(f"  oversold quants: {oversold(db)}")
        print(f"  peak RSS of one server process: {memory.peak:.0f} MB")
        return {"lags": lags, "orders": imported, "seconds": last - started}
    finally:
        for server in servers:
            server.stop()
        if os.environ.get("OMS_KEEP_DB") != "1":
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)


def main():
    # stopped by a signal: still stop the servers and drop the databases
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--skus", type=int, default=40)
    parser.add_argument(
        "--drain-timeout",
        type=int,
        default=900,
        help="seconds to wait after the last order for the rest to be reserved",
    )
    parser.add_argument("--no-vanilla", action="store_true")
    parser.add_argument("--vanilla-db", default=f"oms_bench_flash_vanilla_{os.getpid()}")
    args = parser.parse_args()
    times = pace(args.orders, args.minutes * 60)
    plan = [(offset, SOURCES[n % len(SOURCES)], n) for n, offset in enumerate(times)]
    print(
        f"# flash sale: {args.orders} orders over {args.minutes:g} min "
        f"({args.orders / (args.minutes * 60):.1f} orders/s), {args.skus} SKUs, "
        f"sources {', '.join(SOURCES)}; {os.cpu_count()} CPUs"
    )
    oms = oms_run(args, plan)
    if not args.no_vanilla:
        vanilla = vanilla_run(args, [(offset, "rpc", n) for offset, _s, n in plan])
        if oms["lags"] and vanilla["lags"]:
            print(
                f"\n# lag p50 OMS {statistics.median(oms['lags']):.1f} s, vanilla "
                f"{statistics.median(vanilla['lags']):.1f} s; p95 OMS "
                f"{percentile(oms['lags'], 0.95):.1f} s, vanilla "
                f"{percentile(vanilla['lags'], 0.95):.1f} s"
            )


if __name__ == "__main__":
    main()
