"""Generate many OMS orders fast, for benchmarks (reused by later benchmarks).

Run inside an Odoo environment (``odoo-bin shell`` or ``common.odoo_shell``)::

    import gen_orders
    gen_orders.generate(env, 100_000)

What it makes: a small reference set through the ORM (5 channels, 3 warehouses,
20 products in 4 categories, 50 customers, carriers and service levels) and
ONE real order shipped through Odoo's own flow; then N orders are cloned from
that order with batched ``INSERT ... SELECT ... generate_series`` (orders,
lines, customer deliveries and their moves), so every NOT NULL column Odoo
needs is filled the way Odoo fills it. Values are deterministic functions of
the order number ``g``: channel, warehouse, customer, carrier, service level,
order date over the last 90 days, OMS status (received, on hold, cancelled,
confirmed, allocated, shipped, delivered), promised dates, shipment dates
(some late), split orders (a second delivery from another warehouse), partial
first shipments with a backorder, and delivery dates.

The cloned records bypass the ORM on purpose: computed fields are written
consistently by the SQL itself; nothing else is recomputed. Use a database
made for benchmarks only.
"""

import time

from odoo import Command

PREFIX = "BENCH"


def _columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position""",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def _clone(cr, table, template_id, overrides, source_sql, params):
    """INSERT INTO table SELECT template columns, with `overrides` (column -> SQL
    expression over the `src` rows of `source_sql` and the template `t`)."""
    cols = _columns(cr, table)
    exprs = [overrides.get(col, f't."{col}"') for col in cols]
    query = f"""
        INSERT INTO "{table}" ({", ".join(f'"{c}"' for c in cols)})
        SELECT {", ".join(exprs)}
          FROM "{table}" t, ({source_sql}) src
         WHERE t.id = %(template)s
    """
    cr.execute(query, {**params, "template": template_id})
    return cr.rowcount


def setup_reference(env):
    """Channels, warehouses, products, customers and one shipped template order."""
    existing = env["oms.channel"].search([("code", "=like", f"{PREFIX}%")])
    if existing:
        return _reference(env)
    env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
    company = env.company
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    warehouses.delivery_steps = "ship_only"
    for code, name in (("BSBY", "Bench Surabaya"), ("BMKS", "Bench Makassar")):
        warehouses |= env["stock.warehouse"].create(
            {"name": name, "code": code, "delivery_steps": "ship_only"}
        )
    warehouses.write({"oms_daily_capacity": 400})
    categories = env["product.category"].create(
        [{"name": f"Bench {name}"} for name in ("Batik", "Kaos", "Sarung", "Hijab")]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench product {i}",
                "default_code": f"{PREFIX}-{i:03d}",
                "is_storable": True,
                "list_price": 50000 + 10000 * i,
                "categ_id": categories[i % 4].id,
                "taxes_id": [Command.clear()],
            }
            for i in range(20)
        ]
    )
    env["res.partner"].create([{"name": f"Bench customer {i}"} for i in range(50)])
    channels = env["oms.channel"].create(
        [
            {"name": name, "code": f"{PREFIX}{code}", "channel_type": ctype}
            for code, name, ctype in (
                ("WEB", "Bench Web", "web"),
                ("SHP", "Bench Shopee", "marketplace"),
                ("TKP", "Bench Tokopedia", "marketplace"),
                ("LZD", "Bench Lazada", "marketplace"),
                ("POS", "Bench Store", "pos"),
            )
        ]
    )
    env["stock.quant"]._update_available_quantity(products[0], warehouses[0].lot_stock_id, 10)
    order = env["sale.order"].create(
        {
            "partner_id": env["res.partner"].search([("name", "=", "Bench customer 0")]).id,
            "channel_id": channels[0].id,
            "external_ref": f"{PREFIX}-TEMPLATE",
            "warehouse_id": warehouses[0].id,
            "oms_warehouse_locked": True,
            "order_line": [Command.create({"product_id": products[0].id, "product_uom_qty": 1})],
        }
    )
    order.action_confirm()
    picking = order.picking_ids
    picking.move_ids.quantity = 1
    picking.move_ids.picked = True
    picking.button_validate()
    env.flush_all()
    return _reference(env)


def _reference(env):
    ref = {
        "channels": env["oms.channel"].search([("code", "=like", f"{PREFIX}%")], order="id").ids,
        "warehouses": env["stock.warehouse"]
        .search([("oms_daily_capacity", "=", 400)], order="id")
        .ids,
        "products": env["product.product"]
        .search([("default_code", "=like", f"{PREFIX}-%")], order="id")
        .ids,
        "partners": env["res.partner"].search([("name", "=like", "Bench customer %")]).ids,
        "carriers": env["delivery.carrier"].search([("oms_code", "!=", False)]).ids or [None],
        "levels": env["oms.service.level"].search([]).ids or [None],
    }
    template = env["sale.order"].search([("external_ref", "=", f"{PREFIX}-TEMPLATE")])
    ref["order"] = template.id
    ref["line"] = template.order_line[:1].id
    ref["picking"] = template.picking_ids[:1].id
    ref["move"] = template.picking_ids[:1].move_ids[:1].id
    ref["out_types"] = [
        env["stock.warehouse"].browse(wid).out_type_id.id for wid in ref["warehouses"]
    ]
    ref["stock_locs"] = [
        env["stock.warehouse"].browse(wid).lot_stock_id.id for wid in ref["warehouses"]
    ]
    return ref


# status of order g: bucket b = (g * 37) %% 100
STATUS_SQL = """
    CASE WHEN b < 3 THEN 'cancelled' WHEN b < 6 THEN 'on_hold' WHEN b < 9 THEN 'received'
         WHEN b < 15 THEN 'confirmed' WHEN b < 22 THEN 'allocated'
         WHEN b < 45 THEN 'shipped' WHEN b < 95 THEN 'delivered' ELSE 'done' END
"""


def generate(env, n_orders, batch=20000, start=None):
    """Create n_orders orders (numbers start..start+n-1); return seconds taken."""
    ref = setup_reference(env)
    cr = env.cr
    t0 = time.perf_counter()
    if start is None:
        cr.execute("SELECT count(*) FROM sale_order WHERE external_ref LIKE %s", [f"{PREFIX}-G%"])
        start = cr.fetchone()[0]
    params = {
        "channels": ref["channels"],
        "warehouses": ref["warehouses"],
        "products": ref["products"],
        "partners": ref["partners"],
        "carriers": ref["carriers"],
        "levels": ref["levels"],
        "out_types": ref["out_types"],
        "stock_locs": ref["stock_locs"],
        "prefix": f"{PREFIX}-G",
    }
    for lo in range(start, start + n_orders, batch):
        hi = min(start + n_orders, lo + batch) - 1
        _generate_batch(cr, ref, {**params, "lo": lo, "hi": hi})
        print(f"# generated orders {lo}..{hi} ({time.perf_counter() - t0:.1f} s)", flush=True)
    cr.execute("ANALYZE sale_order, sale_order_line, stock_picking, stock_move")
    env.invalidate_all()
    return time.perf_counter() - t0


def _generate_batch(cr, ref, params):
    # the orders: g, its bucket, status and order date
    source = f"""
        SELECT g, b, {STATUS_SQL} AS status,
               (now() AT TIME ZONE 'UTC')
                   - make_interval(days => g %% 90, secs => (g * 7919) %% 86400) AS dt,
               1 + (g %% 3) AS qty,
               (%(products)s)[1 + (g %% array_length(%(products)s, 1))] AS product
          FROM (SELECT g, (g * 37) %% 100 AS b FROM generate_series(%(lo)s, %(hi)s) g) x
    """
    amount = "(SELECT pt.list_price FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id WHERE pp.id = src.product) * src.qty"
    state = "CASE src.status WHEN 'cancelled' THEN 'cancel' WHEN 'on_hold' THEN 'draft' WHEN 'received' THEN 'draft' ELSE 'sale' END"
    _clone(
        cr,
        "sale_order",
        ref["order"],
        {
            "name": "'BG' || src.g",
            "external_ref": "%(prefix)s || src.g",
            "channel_id": "(%(channels)s)[1 + (src.g %% array_length(%(channels)s, 1))]",
            "warehouse_id": (
                "(%(warehouses)s)[1 + ((src.g / 3) %% array_length(%(warehouses)s, 1))]"
            ),
            "partner_id": "(%(partners)s)[1 + (src.g %% array_length(%(partners)s, 1))]",
            "partner_invoice_id": "(%(partners)s)[1 + (src.g %% array_length(%(partners)s, 1))]",
            "partner_shipping_id": "(%(partners)s)[1 + (src.g %% array_length(%(partners)s, 1))]",
            "carrier_id": "(%(carriers)s)[1 + ((src.g / 7) %% array_length(%(carriers)s, 1))]",
            "service_level_id": "(%(levels)s)[1 + ((src.g / 11) %% array_length(%(levels)s, 1))]",
            "date_order": "src.dt",
            "create_date": "src.dt",
            "write_date": "src.dt",
            "state": state,
            "oms_status": "src.status",
            "oms_hold": "src.status = 'on_hold'",
            "oms_hold_since": "CASE WHEN src.b BETWEEN 3 AND 5 OR src.b = 2 THEN src.dt END",
            "oms_hold_end": "CASE WHEN src.b = 2 THEN src.dt + interval '3 hours' END",
            "amount_untaxed": amount,
            "amount_total": amount,
            "oms_promised_ship_date": "(src.dt + interval '1 day')::date",
            "oms_promised_delivery_from": "(src.dt + interval '3 days')::date",
            "oms_promised_delivery_to": "(src.dt + interval '5 days')::date",
            "access_token": "NULL",
        },
        source,
        params,
    )
    # map order numbers to ids
    cr.execute(
        """CREATE TEMP TABLE IF NOT EXISTS bench_gen (g int, b int, status text, dt timestamp,
                                                       qty int, product int, order_id int)"""
    )
    cr.execute("TRUNCATE bench_gen")
    cr.execute(
        f"""INSERT INTO bench_gen
            SELECT src.g, src.b, src.status, src.dt, src.qty, src.product, so.id
              FROM ({source}) src
              JOIN sale_order so ON so.external_ref = %(prefix)s || src.g""",
        params,
    )
    src = "SELECT * FROM bench_gen"
    price = "(SELECT pt.list_price FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id WHERE pp.id = src.product)"
    shipped = "src.status IN ('shipped', 'delivered', 'done')"
    _clone(
        cr,
        "sale_order_line",
        ref["line"],
        {
            "order_id": "src.order_id",
            "product_id": "src.product",
            "product_uom_qty": "src.qty",
            "price_unit": price,
            "price_subtotal": f"{price} * src.qty",
            "price_total": f"{price} * src.qty",
            "qty_delivered": f"CASE WHEN {shipped} THEN src.qty ELSE 0 END",
            "create_date": "src.dt",
            "write_date": "src.dt",
            "state": "(SELECT state FROM sale_order WHERE id = src.order_id)",
        },
        src,
        params,
    )
    # deliveries: one per confirmed order (done when shipped); a second one from
    # another warehouse for 1 order in 10 (split); a backorder for 1 in 12
    picking_source = f"""
        SELECT src.*, k.k,
               1 + (((src.g / 3) + k.k - 1) %% array_length(%(warehouses)s, 1)) AS wh_index,
               CASE WHEN k.k = 1 AND {shipped} THEN 'done'
                    WHEN k.k = 1 THEN 'assigned'
                    WHEN {shipped} AND src.g %% 10 = 0 THEN 'done'
                    ELSE 'assigned' END AS pstate,
               src.dt + make_interval(hours => 4 + (src.g * 13) %% 44) AS shipped_at
          FROM bench_gen src
          CROSS JOIN generate_series(1, 2) k(k)
         WHERE src.status NOT IN ('cancelled', 'on_hold', 'received')
           AND (k.k = 1 OR src.g %% 10 = 0 OR ({shipped} AND src.g %% 12 = 0))
    """
    _clone(
        cr,
        "stock_picking",
        ref["picking"],
        {
            "name": "'BG/OUT/' || src.g || '/' || src.k",
            "origin": "'BG' || src.g",
            "sale_id": "src.order_id",
            "partner_id": "(SELECT partner_shipping_id FROM sale_order WHERE id = src.order_id)",
            "picking_type_id": "(%(out_types)s)[src.wh_index]",
            "location_id": "(%(stock_locs)s)[src.wh_index]",
            "state": "src.pstate",
            "date_done": "CASE WHEN src.pstate = 'done' THEN src.shipped_at END",
            "oms_delivered_date": (
                "CASE WHEN src.pstate = 'done' AND src.status IN ('delivered', 'done') "
                "THEN src.shipped_at + make_interval(hours => 24 + (src.g * 7) %% 120) END"
            ),
            "scheduled_date": "src.dt",
            "date": "src.dt",
            "date_deadline": "NULL",
            "create_date": "src.dt",
            "write_date": "src.dt",
            "carrier_id": "(SELECT carrier_id FROM sale_order WHERE id = src.order_id)",
            "carrier_tracking_ref": "NULL",
            "backorder_id": "NULL",
            "oms_packed": "FALSE",
        },
        picking_source,
        params,
    )
    # backorders: second picking of a non-split order points at the first one
    cr.execute(
        """UPDATE stock_picking bo SET backorder_id = first.id
             FROM bench_gen src, stock_picking first
            WHERE src.g %% 10 != 0 AND bo.name = 'BG/OUT/' || src.g || '/2'
              AND first.name = 'BG/OUT/' || src.g || '/1'""",
        {},
    )
    # one move per first delivery: the order's line; a backordered order's first
    # shipment carries one unit less
    _clone(
        cr,
        "stock_move",
        ref["move"],
        {
            "picking_id": "src.p_id",
            "sale_line_id": "src.sol_id",
            "product_id": "src.product",
            "product_uom_qty": "src.qty",
            "product_qty": "src.qty",
            "quantity": (
                f"CASE WHEN {shipped} AND src.g %% 12 = 0 AND src.g %% 10 != 0 "
                "THEN GREATEST(src.qty - 1, 0) ELSE src.qty END"
            ),
            "location_id": "src.p_loc",
            "picking_type_id": "src.p_type",
            "warehouse_id": "NULL",
            "state": "CASE WHEN src.p_state = 'done' THEN 'done' ELSE 'assigned' END",
            "date": "COALESCE(src.p_done, src.dt)",
            "create_date": "src.dt",
            "write_date": "src.dt",
            "reference": "src.p_name",
            "origin": "src.p_origin",
        },
        """SELECT src.*, p.id AS p_id, p.location_id AS p_loc, p.picking_type_id AS p_type,
                  p.state AS p_state, p.date_done AS p_done, p.name AS p_name,
                  p.origin AS p_origin, sol.id AS sol_id
             FROM bench_gen src
             JOIN stock_picking p ON p.name = 'BG/OUT/' || src.g || '/1'
             JOIN sale_order_line sol ON sol.order_id = src.order_id""",
        params,
    )
