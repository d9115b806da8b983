"""Marketplace sync under load and faults, through the real queue_job runner.

Three Shopee accounts (own channel each) point at fake Shopee servers started here
(``tests/fakes/shopee.py``, 127.0.0.1):

- webhooks delivered 3 times each, shuffled, by 6 threads over both servers, with
  status hints in any order: every order imported exactly once, and orders, lines,
  totals and states equal to the same orders delivered once each, calmly, to a
  reference account;
- a pull import (2 pages, one job each) racing one pushed import per order while the
  fake answers about 30 % of its requests with 429 or 503 (Retry-After: 1), a plain
  500, or not within the client's timeout (2 s): every order imported exactly once,
  with the reference's content; the pull completes on its own (no second trigger),
  and no import job fails.

``OMS_LOAD_MKT_ORDERS`` orders per account (20 in CI, 30 with
``OMS_LOAD_SIZE=full``); every wait is bounded
(``OMS_LOAD_JOB_TIMEOUT``, 300 s).
"""

import contextlib
import hashlib
import hmac
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from bench import common
from fakes.shopee import FakeShopee

from .harness import env_int, load_size

ACCOUNTS = ("MKTW", "MKTR", "MKTF")
PARTNER_ID, SHOP_ID = "2001234", "99001"
TOKEN = "tok-load-99001"
IMPORT_JOBS = ("_job_import_refs", "_job_import_orders")
# the account of a queue_job row (queue_job stores ``records`` as a JSON text in jsonb)
JOB_IDS = (
    "(CASE jsonb_typeof(records) WHEN 'string' THEN (records #>> '{}')::jsonb "
    "ELSE records END) -> 'ids'"
)
JOB_ACCOUNT = f"{JOB_IDS} = %s::jsonb"
# a job of one of the accounts given (a JSON list)
JOB_ACCOUNTS = f"{JOB_IDS} <@ %s::jsonb"

# an IDR pricelist, one marketplace channel and one Shopee account per fake
SETUP = r"""
import json
from odoo import Command
env = env(su=True)
idr = env.ref("base.IDR")
idr.active = True
pricelist = env["product.pricelist"].create({"name": "Load IDR", "currency_id": idr.id})
workflow = env.ref("sale_automatic_workflow.automatic_validation")
warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
out = {}
for code, spec in SPEC.items():
    channel = env["oms.channel"].create({
        "name": "Load " + code, "code": code, "channel_type": "marketplace",
        "warehouse_id": warehouse.id, "pricelist_id": pricelist.id,
        "workflow_process_id": workflow.id, "cod_workflow_process_id": workflow.id,
        # every load order looks alike: the duplicate and velocity rules would hold them
        "duplicate_window_minutes": 0, "velocity_limit": 0,
        "new_customer_limit": 0, "cod_limit": 0,
    })
    account = env["oms.marketplace.account"].create({
        "name": "Load Shopee " + code, "platform": "shopee", "channel_id": channel.id,
        "base_url": spec["base_url"], "partner_id": spec["partner_id"],
        "partner_key": spec["partner_key"], "shop_id": spec["shop_id"],
        "access_token": spec["access_token"], "page_size": spec["page_size"],
        "request_timeout": spec.get("request_timeout", 30),
    })
    out[code] = {"channel_id": channel.id, "account_id": account.id}
env.cr.commit()
print("MKT_SETUP " + json.dumps(out))
"""


def shopee_order(n, now):
    """A get_order_detail order of IDEM-SKU; every third COD, every fourth two lines."""
    cod = n % 3 == 0
    items = [
        {
            "item_id": 700001,
            "item_sku": "IDEM-SKU",
            "model_id": 0,
            "model_sku": "",
            "model_quantity_purchased": 1 + n % 2,
            "model_original_price": 80000,
            "model_discounted_price": 70000,
        }
    ]
    if n % 4 == 0:
        items.append(dict(items[0], model_id=1, model_quantity_purchased=3))
    quantity = sum(item["model_quantity_purchased"] for item in items)
    return {
        "order_sn": f"2411LOAD{n:05d}",
        "order_status": "READY_TO_SHIP",
        "create_time": now - 1200,
        "update_time": now - 600,
        "currency": "IDR",
        "cod": cod,
        "payment_method": "Cash on Delivery" if cod else "ShopeePay",
        "pay_time": None if cod else now - 1100,
        "buyer_username": f"pembeli{n}",
        "message_to_seller": "",
        "recipient_address": {
            "name": f"Pembeli {n}",
            "phone": f"62812777{n:05d}",
            "town": "Gondangdia",
            "district": "Menteng",
            "city": "Jakarta Pusat",
            "state": "DKI Jakarta",
            "region": "ID",
            "zipcode": "10350",
            "full_address": f"Jl. Cikini Raya No. {n}",
        },
        "item_list": items,
        "shipping_carrier": "JNE Reguler",
        "estimated_shipping_fee": 12000,
        "actual_shipping_fee": 12000,
        "total_amount": quantity * 70000 + 12000,
    }


def push(url, partner_key, body):
    """POST a Shopee push, signed for the URL it is posted to."""
    raw = json.dumps(body).encode()
    signature = common_hmac(partner_key, f"{url}|{raw.decode()}")
    response = requests.post(
        url,
        data=raw,
        headers={"Content-Type": "application/json", "Authorization": signature},
        timeout=60,
    )
    return response.status_code


def common_hmac(key, text):
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def push_body(order_sn, status, timestamp):
    data = {"ordersn": order_sn, "status": status} if order_sn else {}
    return {"shop_id": int(SHOP_ID), "code": 3, "timestamp": timestamp, "data": data}


ORDER_SUMMARY = """
    SELECT so.external_ref, so.state, so.oms_status, so.payment_method, so.amount_total,
           count(sol.id), sum(sol.product_uom_qty), sum(sol.price_subtotal)
      FROM sale_order so JOIN sale_order_line sol ON sol.order_id = so.id
     WHERE so.channel_id = %s
     GROUP BY so.id
"""


def active_jobs(db, accounts):
    """The import jobs of ``accounts`` (ids) still to run: only this test's, as the
    database is shared with other tests (whose jobs may retry against a fake that
    is gone)."""
    return db.sql(
        "SELECT state, count(*) FROM queue_job WHERE method_name IN %s "
        "AND model_name = 'oms.marketplace.account' "
        f"AND {JOB_ACCOUNTS} "
        "AND state IN ('wait_dependencies', 'pending', 'enqueued', 'started') GROUP BY state",
        (IMPORT_JOBS, json.dumps(sorted(accounts))),
    )


def wait_for_jobs(db, accounts, deadline):
    busy = None
    while time.monotonic() < deadline:
        busy = active_jobs(db, accounts)
        if not busy:
            return
        time.sleep(0.5)
    raise AssertionError(f"import jobs still waiting or running: {busy}")


def test_marketplace_webhooks_and_faults(oms_load):
    db = oms_load
    urls = db.cluster()
    count = load_size("OMS_LOAD_MKT_ORDERS", 20, 30)
    timeout = env_int("OMS_LOAD_JOB_TIMEOUT", 300)
    now = int(time.time())
    fakes = {
        code: FakeShopee(
            PARTNER_ID,
            f"shpk-{code.lower()}",
            SHOP_ID,
            TOKEN,
            [shopee_order(n, now) for n in range(count)],
        )
        for code in ACCOUNTS
    }
    with contextlib.ExitStack() as stack:
        for fake in fakes.values():
            stack.enter_context(fake)
        spec = {
            code: {
                "base_url": fake.base_url,
                "partner_id": PARTNER_ID,
                "partner_key": fake.partner_key,
                "shop_id": SHOP_ID,
                "access_token": TOKEN,
                # the pull under faults reads 2 pages of orders (4 requests)
                "page_size": 100 if code != "MKTF" else (count + 1) // 2,
                # a timeout fault holds its answer 3 s
                "request_timeout": 2,
            }
            for code, fake in fakes.items()
        }
        out = common.odoo_shell(db.db, f"SPEC = {spec!r}\n" + SETUP)
        ids = json.loads(next(x for x in out.splitlines() if x.startswith("MKT_SETUP "))[10:])
        accounts = [spec_ids["account_id"] for spec_ids in ids.values()]

        def hook(code, url):
            return f"{url}/oms/marketplace/{ids[code]['account_id']}/webhook"

        sns = [order["order_sn"] for order in fakes["MKTR"].orders]

        # -- the reference: one push per order, one client, calmly
        for sn in sns:
            assert (
                push(
                    hook("MKTR", urls[0]),
                    fakes["MKTR"].partner_key,
                    push_body(sn, "READY_TO_SHIP", now),
                )
                == 200
            )
        wait_for_jobs(db, accounts, time.monotonic() + timeout)

        # -- 3 pushes per order, status hints and timestamps in any order, shuffled,
        # 6 threads over both servers
        hints = [("UNPAID", now - 900), ("READY_TO_SHIP", now - 600), ("PROCESSED", now - 300)]
        pushes = [(sn, status, stamp) for sn in sns for status, stamp in hints]
        random.Random(8).shuffle(pushes)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=6) as pool:
            codes = list(
                pool.map(
                    lambda item: push(
                        hook("MKTW", urls[item[0] % len(urls)]),
                        fakes["MKTW"].partner_key,
                        push_body(*item[1]),
                    ),
                    enumerate(pushes),
                )
            )
        assert codes == [200] * len(pushes)
        wait_for_jobs(db, accounts, time.monotonic() + timeout)
        seconds = time.monotonic() - started
        loaded = db.sql(ORDER_SUMMARY, (ids["MKTW"]["channel_id"],))
        clean = db.sql(ORDER_SUMMARY, (ids["MKTR"]["channel_id"],))
        print(
            f"\n# marketplace webhooks: {count} orders x 3 pushes shuffled in {seconds:.1f}s "
            f"(jobs included); {len(loaded)} orders, reference {len(clean)}"
        )
        assert sorted(row[0] for row in clean) == sorted(sns)
        assert sorted(loaded) == sorted(clean)
        assert {row[1] for row in loaded} == {"sale"}
        bindings = db.sql(
            "SELECT platform_order_ref, count(*) FROM oms_marketplace_order "
            "WHERE account_id = %s GROUP BY platform_order_ref",
            (ids["MKTW"]["account_id"],),
        )
        assert sorted(bindings) == [(sn, 1) for sn in sorted(sns)]

        # -- a pull import while ~30 % of the platform's answers are 429/500/503/timeouts
        fault = fakes["MKTF"]
        fault.timeout_delay = 3.0
        # one fault of each kind first, then ~30 % drawn among them
        for kind in (429, 500, 503, "timeout"):
            fault.fail_next(1, status=kind, retry_after="1")
        fault.fail_randomly(0.3, statuses=(429, 500, 503, "timeout"), seed=30)
        started = time.monotonic()
        # a push without an order number asks for a pull (as the scheduled pull does)
        assert push(hook("MKTF", urls[0]), fault.partner_key, push_body(None, None, now)) == 200
        # a push per order too, so that pulls and per-order imports race
        with ThreadPoolExecutor(max_workers=6) as pool:
            codes = list(
                pool.map(
                    lambda item: push(
                        hook("MKTF", urls[item[0] % len(urls)]),
                        fault.partner_key,
                        push_body(item[1], "READY_TO_SHIP", now),
                    ),
                    enumerate(sns),
                )
            )
        assert codes == [200] * len(sns)
        account_f = ids["MKTF"]["account_id"]
        deadline = started + timeout
        synced = None
        while time.monotonic() < deadline:
            synced = db.sql(
                "SELECT order_sync_date FROM oms_marketplace_account WHERE id = %s", (account_f,)
            )[0][0]
            if synced and not active_jobs(db, accounts):
                break
            time.sleep(0.5)
        seconds = time.monotonic() - started
        fault.fail_randomly(0)
        rows = db.sql(ORDER_SUMMARY, (ids["MKTF"]["channel_id"],))
        jobs = dict(
            db.sql(
                "SELECT method_name || ' ' || state, count(*) FROM queue_job "
                "WHERE method_name IN %s AND model_name = 'oms.marketplace.account' "
                f"AND {JOB_ACCOUNT} GROUP BY 1",
                (IMPORT_JOBS, json.dumps([account_f])),
            )
        )
        retries = db.sql(
            "SELECT coalesce(sum(retry - 1), 0) FROM queue_job WHERE method_name IN %s "
            f"AND model_name = 'oms.marketplace.account' AND {JOB_ACCOUNT}",
            (IMPORT_JOBS, json.dumps([account_f])),
        )[0][0]
        bindings = db.sql(
            "SELECT platform_order_ref, count(*) FROM oms_marketplace_order "
            "WHERE account_id = %s GROUP BY platform_order_ref",
            (account_f,),
        )
        kinds = ", ".join(
            f"{n} x {kind}" for kind, n in sorted(fault.faults_by_kind.items(), key=str)
        )
        print(
            f"# marketplace faults: {len(fault.requests)} platform requests, "
            f"{fault.faults_sent} faults ({kinds}); {len(rows)} orders imported, pull "
            f"complete in {seconds:.1f}s after 1 trigger; {retries} job retries; "
            f"import jobs {jobs}"
        )
        assert all(fault.faults_by_kind.get(kind) for kind in (429, 500, 503, "timeout"))
        assert synced, f"the pull did not complete within {timeout}s: jobs {jobs}"
        assert not active_jobs(db, accounts)
        assert not any(key.endswith(" failed") for key in jobs), jobs
        # 2 pages, one job each, both done
        assert jobs.get("_job_import_orders done") == 2, jobs
        assert sorted(row[0] for row in rows) == sorted(sns)
        assert sorted(bindings) == [(sn, 1) for sn in sorted(sns)]
        # same content as the calm reference: the same fake orders
        assert sorted(row[1:] for row in rows) == sorted(row[1:] for row in clean)
