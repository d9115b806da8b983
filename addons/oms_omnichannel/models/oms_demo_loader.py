# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of an Indonesian retailer, opt-in (``OMS_DEMO=1 scripts/run``).

Everything goes through the real services: orders are captured by
``oms.capture.capture`` (validation rules, sourcing, reservation, workflows), then
picked, packed, shipped and delivered with the warehouse's own buttons, so their
statuses, holds, splits and history are the ones a user would produce. Other
add-ons add their part by extending :meth:`OmsDemoLoader._demo_after_orders`
(returns, store sales)."""

import logging
import random
import time
from collections import Counter
from datetime import datetime, timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DEMO_MARKER = "oms_omnichannel.demo_loaded"

# (sku, name, price incl. PPN in IDR, category)
PRODUCTS = [
    ("BATIK-M", "Kemeja Batik Parang (M)", 150000),
    ("BATIK-L", "Kemeja Batik Parang (L)", 155000),
    ("BATIK-XL", "Kemeja Batik Parang (XL)", 160000),
    ("KEBAYA-S", "Kebaya Encim Bordir (S)", 325000),
    ("SARUNG-01", "Sarung Tenun Samarinda", 210000),
    ("KAOS-JKT", "Kaos Katun Jakarta", 89000),
    ("HIJAB-SG", "Hijab Segi Empat Voal", 65000),
    ("SANDAL-42", "Sandal Kulit Garut (42)", 175000),
    ("TAS-ROT", "Tas Anyaman Rotan", 245000),
    ("DOMPET-KL", "Dompet Kulit Yogyakarta", 120000),
    ("KOPI-250", "Kopi Luwak Gayo 250g", 95000),
    ("KOPI-TRJ", "Kopi Toraja 500g", 135000),
    ("TEH-JAVA", "Teh Hijau Jawa 100g", 42000),
    ("SAMBAL", "Sambal Bawang Bu Rudy", 38000),
    ("KERUPUK", "Kerupuk Udang Sidoarjo 500g", 55000),
    ("RENDANG", "Rendang Daging Kaleng", 85000),
    ("MADU-SBW", "Madu Hutan Sumbawa 500ml", 150000),
    ("GULA-AREN", "Gula Aren Organik 1kg", 48000),
    ("KECAP-600", "Kecap Manis 600ml", 27000),
    ("MINYAK-KLP", "Minyak Kelapa Murni 1L", 69000),
    ("SABUN-SRH", "Sabun Sereh Alami", 25000),
    ("LULUR-BALI", "Lulur Bali Boreh", 58000),
    ("MINYAK-TW", "Minyak Telon 100ml", 32000),
    ("JAMU-KNY", "Jamu Kunyit Asam 6 botol", 45000),
    ("PAYUNG-BL", "Payung Kertas Bali", 99000),
    ("WAYANG-KL", "Wayang Kulit Arjuna", 450000),
    ("UKIR-JPR", "Ukiran Kayu Jepara", 780000),
    ("ANGKLUNG", "Angklung Set 8 Nada", 520000),
    ("LAMPU-BMB", "Lampu Bambu Hias", 135000),
    ("GELANG-PR", "Gelang Perak Celuk", 275000),
]

# warehouse name, code, city, state xmlid, street, zip, stock factor
WAREHOUSES = [
    ("Gudang Jakarta", "JKT", "Jakarta", "base.state_id_jk", "Jl. Raya Bekasi 8", "13920", 1.0),
    ("Gudang Surabaya", "SBY", "Surabaya", "base.state_id_ji", "Jl. Rungkut 12", "60293", 0.5),
    ("Gudang Makassar", "MKS", "Makassar", "base.state_id_sn", "Jl. Kima Raya 5", "90241", 0.25),
]

# code, name, type, weight (orders share)
CHANNELS = [
    ("WEB", "Toko Online", "web", 4),
    ("TOKOPEDIA", "Tokopedia / TikTok Shop", "marketplace", 5),
    ("SHOPEE", "Shopee", "marketplace", 5),
    ("LAZADA", "Lazada", "marketplace", 2),
    ("STORE", "Toko Kemang (POS)", "pos", 2),
    ("WA", "WhatsApp B2B", "b2b", 1),
]

CUSTOMERS = [
    ("Siti Rahmawati", "Jl. Kebon Jeruk 14", "Jakarta Barat", "DKI Jakarta", "11530"),
    ("Agus Wijaya", "Jl. Darmo 101", "Surabaya", "Jawa Timur", "60264"),
    ("Dewi Lestari", "Jl. Dago 55", "Bandung", "Jawa Barat", "40135"),
    ("Rudi Hartono", "Jl. Gajah Mada 7", "Medan", "Sumatera Utara", "20112"),
    ("Putu Ayu Sari", "Jl. Sunset Road 9", "Denpasar", "Bali", "80361"),
    ("Andi Pratama", "Jl. Pettarani 20", "Makassar", "Sulawesi Selatan", "90222"),
    ("Rina Susanti", "Jl. Malioboro 33", "Yogyakarta", "DI Yogyakarta", "55213"),
    ("Bayu Nugroho", "Jl. Pandanaran 2", "Semarang", "Jawa Tengah", "50134"),
    ("Fitri Handayani", "Jl. Sudirman 45", "Pekanbaru", "Riau", "28116"),
    ("Hendra Gunawan", "Jl. Ahmad Yani 8", "Balikpapan", "Kalimantan Timur", "76114"),
    ("Nur Aini", "Jl. Veteran 3", "Malang", "Jawa Timur", "65145"),
    ("Yusuf Maulana", "Jl. Sam Ratulangi 18", "Manado", "Sulawesi Utara", "95111"),
    ("Lina Marlina", "Jl. Margonda Raya 100", "Depok", "Jawa Barat", "16424"),
    ("Eko Saputra", "Jl. Diponegoro 61", "Palembang", "Sumatera Selatan", "30129"),
    ("Maya Anggraini", "Jl. Thamrin 10", "Jakarta Pusat", "DKI Jakarta", "10230"),
    ("Wahyu Setiawan", "Jl. Pemuda 27", "Surabaya", "Jawa Timur", "60271"),
]

CARRIERS = ["jne", "jnt", "sicepat", "anteraja"]

# (age in days, channel, scenario): orders that make every status appear
SHOWCASE = [
    (12, "WEB", "split_partial"),  # split over two islands, one parcel shipped
    (9, "SHOPEE", "split"),  # split, both parcels delivered
    (8, "WEB", "cod"),  # delivered, waiting for the courier's COD remittance
    (7, "TOKOPEDIA", "cancel"),
    (1, "WEB", "underpaid"),  # held: payment does not match
    (0, "SHOPEE", "blacklisted"),  # held: blacklisted phone
    (0, "LAZADA", "no_stock"),  # held: stock not available
    (0, "WA", ""),  # B2B waiting for the bank transfer: Received
]


class OmsDemoLoader(models.AbstractModel):
    _name = "oms.demo.loader"
    _description = "OMS Demo Data"

    @api.model
    @api.private
    def load(self, days=30, orders_per_day=4, seed=17, invoice=True):
        """Build the demo retailer in the current company and ``days`` days of orders
        (about ``orders_per_day`` a day). Return a summary: orders per OMS status and
        the API key of the demo integration user (shown once, hashed in the database).
        Does nothing when the demo data is already loaded.

        ``invoice``: run the automatic workflows' invoicing and payments now; False
        leaves them to their scheduled job (every minute on a running server), which
        is how ``scripts/run`` keeps the first start short."""
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(DEMO_MARKER):
            return {"skipped": "demo data already loaded"}
        rnd = random.Random(seed)
        timings = {}
        started = time.monotonic()

        def lap(name):
            nonlocal started
            timings[name] = round(time.monotonic() - started, 1)
            started = time.monotonic()

        company = self.env.company
        warehouses = self._demo_warehouses(company)
        products = self._demo_products()
        self._demo_stock(warehouses, products)
        api_user, api_key = self._demo_api_user(company)
        channels = self._demo_channels(company, warehouses, api_user)
        lap("master_data")
        scenarios = self._demo_orders(channels, products, days, orders_per_day, rnd)
        lap("capture")
        self._demo_progress(scenarios, rnd)
        lap("warehouse")
        orders = self.env["sale.order"].union(*scenarios)
        self._demo_after_orders(channels, orders, rnd)
        lap("returns_pos")
        if invoice:
            # invoices and payments of the automatic workflows (normally their cron)
            self.env["automatic.workflow.job"].run()
            lap("invoicing")
        params.set_param(DEMO_MARKER, fields.Datetime.to_string(fields.Datetime.now()))
        orders = self.env["sale.order"].search([("channel_id", "in", channels.ids)])
        return {
            "orders": len(orders),
            "by_status": dict(Counter(orders.mapped("oms_status"))),
            "api_user": api_user.login,
            "api_key": api_key,
            "seconds": timings,
        }

    # ------------------------------------------------------------------
    # master data
    # ------------------------------------------------------------------

    @api.model
    def _demo_warehouses(self, company):
        env = self.env
        Warehouse = env["stock.warehouse"].with_company(company)
        existing = Warehouse.search([("company_id", "=", company.id)], order="id", limit=1)
        partners = env["res.partner"].create(
            [
                {
                    "name": f"{company.name} - {name}",
                    "is_company": True,
                    "parent_id": company.partner_id.id,
                    "type": "other",
                    "street": street,
                    "city": city,
                    "zip": zip_code,
                    "state_id": env.ref(state).id,
                    "country_id": env.ref("base.id").id,
                }
                for name, _code, city, state, street, zip_code, _factor in WAREHOUSES
            ]
        )
        name, _code, *_rest = WAREHOUSES[0]
        warehouses = existing
        if existing:
            existing.write({"name": name, "partner_id": partners[0].id})
        new = WAREHOUSES[1:] if existing else WAREHOUSES
        warehouses |= Warehouse.create(
            [
                {
                    "name": name,
                    "code": code,
                    "company_id": company.id,
                    "partner_id": partner.id,
                }
                for (name, code, *_rest), partner in zip(
                    new, partners[len(WAREHOUSES) - len(new) :], strict=True
                )
            ]
        )
        return warehouses

    @api.model
    def _demo_products(self):
        category = self.env["product.category"].create({"name": "Produk Nusantara"})
        return self.env["product.product"].create(
            [
                {
                    "name": name,
                    "default_code": sku,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": price,
                    "standard_price": round(price * 0.55, -3),
                    "categ_id": category.id,
                    "weight": 0.5,
                }
                for sku, name, price in PRODUCTS
            ]
        )

    @api.model
    def _demo_stock(self, warehouses, products):
        """On hand per warehouse: Jakarta holds most; the three last products are
        scarce (orders of them are split over the islands or held)."""
        vals = []
        for warehouse, (*_rest, factor) in zip(warehouses, WAREHOUSES, strict=True):
            for index, product in enumerate(products):
                base = 4 if index >= len(products) - 3 else 60 + 5 * (index % 7)
                vals.append(
                    {
                        "product_id": product.id,
                        "location_id": warehouse.lot_stock_id.id,
                        "inventory_quantity": max(int(base * factor), 1),
                    }
                )
        quants = self.env["stock.quant"].with_context(inventory_mode=True).create(vals)
        quants.action_apply_inventory()

    @api.model
    def _demo_api_user(self, company):
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Demo Integration",
                    "login": "oms-demo-api",
                    "company_id": company.id,
                    "company_ids": [Command.link(company.id)],
                    "group_ids": [
                        Command.link(self.env.ref("oms_omnichannel.group_oms_user").id),
                        Command.link(self.env.ref("stock.group_stock_user").id),
                    ],
                }
            )
        )
        key = self.env["res.users.apikeys"].with_user(user).sudo()._generate(None, "demo", None)
        return user, key

    @api.model
    def _demo_channels(self, company, warehouses, api_user):
        env = self.env
        teams = {
            kind: env["crm.team"].create({"name": name, "company_id": company.id})
            for kind, name in (
                ("online", "Online"),
                ("marketplace", "Marketplace"),
                ("store", "Toko"),
                ("b2b", "B2B"),
            )
        }
        team_of = {"web": "online", "marketplace": "marketplace", "pos": "store", "b2b": "b2b"}
        channels = env["oms.channel"].create(
            [
                {
                    "name": name,
                    "code": code,
                    "channel_type": kind,
                    "company_id": company.id,
                    "team_id": teams[team_of[kind]].id,
                    "warehouse_id": warehouses[0].id,
                    "allowed_warehouse_ids": [
                        Command.set((warehouses[:1] if kind == "pos" else warehouses).ids)
                    ],
                    "allow_split": kind != "pos",
                    "api_user_ids": [Command.set(api_user.ids)],
                    # demo customers have example addresses: no mails to them
                    "notify_customer": False,
                    "duplicate_window_minutes": 0,
                    "velocity_limit": 0,
                    "cod_limit": 1500000 if kind == "web" else 0,
                    "color": index + 1,
                }
                for index, (code, name, kind, _weight) in enumerate(CHANNELS)
            ]
        )
        # WhatsApp orders wait in "Received" until the bank transfer is seen
        channels.filtered(lambda c: c.channel_type == "b2b").cod_workflow_process_id = False
        env["oms.blacklist"].create(
            {
                "kind": "phone",
                "value": "0813-9999-0000",
                "reason": "Chargebacks on three orders in 2025.",
            }
        )
        return channels

    # ------------------------------------------------------------------
    # orders
    # ------------------------------------------------------------------

    @api.model
    def _demo_orders(self, channels, products, days, orders_per_day, rnd):
        """Capture the orders through the capture service, oldest first: the day's
        ordinary orders, and the showcase orders (splits, holds, cancellation) that
        make every status appear. Return ``{order: scenario}``."""
        capture = self.env["oms.capture"]
        weights = [weight for *_rest, weight in CHANNELS]
        by_code = {channel.code: channel for channel in channels}
        now = datetime.now().replace(microsecond=0)
        scenarios = {}
        number = 0
        for age in range(days, -1, -1):
            todo = [(code, scenario) for a, code, scenario in SHOWCASE if a == age]
            count = max(1, round(orders_per_day * rnd.uniform(0.6, 1.4)))
            todo += [(rnd.choices([c[0] for c in CHANNELS], weights)[0], "") for _i in range(count)]
            for code, scenario in todo:
                number += 1
                when = now - timedelta(days=age, hours=rnd.randint(0, 10))
                payload = self._demo_payload(by_code[code], products, when, number, rnd, scenario)
                order, _created = capture.capture(payload)
                scenarios[order] = scenario
        return scenarios

    @api.model
    def _demo_payload(self, channel, products, when, number, rnd, scenario=""):
        """The capture payload of one demo order; ``scenario`` bends it into a split
        (a scarce product in quantity), a hold or a waiting B2B order."""
        customer = rnd.choice(CUSTOMERS)
        name, street, city, state, zip_code = customer
        phone = f"0812-{1000 + CUSTOMERS.index(customer):04d}-{number % 7}77"
        email = name.lower().replace(" ", ".") + "@example.com"
        # the three last products are scarce: only the showcase orders ask for them
        picked = rnd.sample(list(products[:-3]), rnd.randint(1, 3))
        lines = [
            {"sku": p.default_code, "quantity": rnd.randint(1, 3), "unit_price": p.list_price}
            for p in picked
        ]
        scarce = {"split_partial": (products[-1], 5), "split": (products[-2], 5)}
        scarce["no_stock"] = (products[-3], 50)
        if scenario in scarce:
            product, quantity = scarce[scenario]
            lines.append(
                {
                    "sku": product.default_code,
                    "quantity": quantity,
                    "unit_price": product.list_price,
                }
            )
        kind = channel.channel_type
        fee = 0 if kind in ("pos", "b2b") else rnd.choice([9000, 12000, 18000, 24000])
        total = sum(line["quantity"] * line["unit_price"] for line in lines) + fee
        if kind == "marketplace":
            payment = {"method": "prepaid", "status": "paid", "amount": total}
        elif kind == "pos":
            payment = {"method": rnd.choice(["card", "ewallet"]), "status": "paid", "amount": total}
        elif kind == "b2b":
            payment = {"method": "bank_transfer", "status": "pending"}
            for line in lines:
                line["quantity"] *= 6
        else:
            method = rnd.choice(["ewallet", "card", "bank_transfer", "cod", "cod"])
            status = "pending" if method == "cod" else "paid"
            payment = {"method": method, "status": status, "amount": total}
        if scenario in ("split_partial", "split"):
            payment = {"method": "ewallet", "status": "paid", "amount": total}
        if scenario == "cod":
            payment = {"method": "cod", "status": "pending", "amount": total}
        if scenario == "underpaid":
            # the channel reports less than the order total: held for a check
            payment = {"method": "ewallet", "status": "paid", "amount": total - 5000}
        if scenario == "blacklisted":
            phone = "0813-9999-0000"
        payload = {
            "channel": channel.code,
            "external_ref": f"{channel.code}-{when:%y%m%d}-{number:04d}",
            "order_date": when.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "customer": {"name": name, "email": email, "phone": phone},
            "shipping_address": {
                "name": name,
                "street": street,
                "city": city,
                "state": state,
                "zip": zip_code,
                "country": "ID",
                "phone": phone,
            },
            "lines": lines,
            "payment": payment,
            "currency": channel.currency_id.name,
        }
        if fee:
            payload["shipping"] = {
                "fee": fee,
                "carrier": rnd.choice(CARRIERS),
                "service_level": rnd.choice(["regular", "regular", "express"]),
            }
        return payload

    @api.model
    def _demo_progress(self, scenarios, rnd):
        """Move the confirmed orders on as the warehouse would have by now: the older
        an order, the further it went (picked, packed, shipped, delivered), with a
        few cancellations."""
        now = fields.Datetime.now()
        orders = self.env["sale.order"].union(*scenarios)
        to_cancel = orders.filtered(lambda o: scenarios[o] == "cancel")
        stages = {"picking": [], "packed": [], "shipped": [], "delivered": [], "partial": []}
        for order in orders.filtered(lambda o: o.state == "sale") - to_cancel:
            age = (now - order.date_order).days
            deliveries = order.picking_ids.filtered(
                lambda p: p.oms_is_customer_delivery and p.state == "assigned"
            )
            if not deliveries:
                continue
            if scenarios[order] == "split_partial":
                stages["partial"].append(deliveries[:1])
            elif scenarios[order] == "" and rnd.random() < 0.03:
                to_cancel |= order
            elif age >= 6:
                stages["delivered"].append(deliveries)
            elif age >= 3:
                stages["shipped"].append(deliveries)
            elif age == 2:
                stages["packed"].append(deliveries)
            elif age == 1 and rnd.random() < 0.5:
                stages["picking"].append(deliveries)
        pick = self.env["stock.picking"]
        groups = {key: pick.union(*value) for key, value in stages.items()}
        (groups["picking"] | groups["packed"]).move_ids.picked = True
        if groups["packed"]:
            groups["packed"].action_oms_mark_packed()
        to_ship = groups["shipped"] | groups["delivered"] | groups["partial"]
        for picking in to_ship:
            code = (picking.carrier_id.oms_code or "oms").upper()
            picking.carrier_tracking_ref = f"{code}{picking.id:010d}"
        to_ship.move_ids.picked = True
        if to_ship:
            to_ship.with_context(skip_backorder=True, skip_sms=True).button_validate()
        delivered = groups["delivered"] | groups["partial"]
        if delivered:
            delivered.action_oms_mark_delivered()
        self._demo_backdate(to_ship, rnd)
        if to_cancel:
            to_cancel.with_context(disable_cancel_warning=True).action_cancel()
        _logger.info(
            "demo: %s picking, %s packed, %s shipped, %s delivered, %s cancelled",
            len(groups["picking"]),
            len(groups["packed"]),
            len(groups["shipped"]),
            len(delivered),
            len(to_cancel),
        )

    @api.model
    def _demo_backdate(self, pickings, rnd):
        """Date the demo shipments and deliveries as they would have happened, not at
        load time: most parcels leave within a day of the order and arrive by the
        promised date, about one in eight late (a day after the promise), so the
        dashboard's on-time rates and processing times look like a real month.
        Written in one statement per table (``write_date`` moves, so the stored
        KPI rows of these orders are refreshed)."""
        now = fields.Datetime.now()
        rows = []
        for picking in pickings:
            order = picking.sale_id
            ship = order.date_order + timedelta(hours=rnd.uniform(2, 20))
            if order.oms_promised_ship_date and rnd.random() < 0.12:
                # late: the morning (WIB) after the promised ship date
                ship = datetime.combine(order.oms_promised_ship_date, datetime.min.time())
                ship += timedelta(days=1, hours=3)
            ship = min(ship, now - timedelta(hours=2))
            delivered = None
            if picking.oms_delivered_date:
                delivered = ship + timedelta(hours=rnd.uniform(18, 60))
                if order.oms_promised_delivery_to and rnd.random() < 0.12:
                    delivered = datetime.combine(
                        order.oms_promised_delivery_to, datetime.min.time()
                    ) + timedelta(days=1, hours=5)
                delivered = min(max(delivered, ship + timedelta(hours=6)), now - timedelta(hours=1))
            rows.append(
                (
                    picking.id,
                    ship.replace(microsecond=0),
                    delivered and delivered.replace(microsecond=0),
                )
            )
        if not rows:
            return
        values = SQL(", ").join(SQL("(%s, %s::timestamp, %s::timestamp)", *row) for row in rows)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE stock_picking p
                   SET date_done = v.done,
                       oms_delivered_date = COALESCE(v.delivered, p.oms_delivered_date),
                       write_date = now() AT TIME ZONE 'UTC'
                  FROM (VALUES %(values)s) AS v(id, done, delivered)
                 WHERE p.id = v.id
                """,
                values=values,
            )
        )
        for table in ("stock_move", "stock_move_line"):
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE %(table)s m SET date = p.date_done
                      FROM stock_picking p
                     WHERE m.picking_id = p.id AND p.id = ANY(%(ids)s)
                    """,
                    table=SQL.identifier(table),
                    ids=[row[0] for row in rows],
                )
            )
        self.env.invalidate_all()

    @api.model
    def _demo_after_orders(self, channels, orders, rnd):
        """A hook: other add-ons add their demo records (returns, store sales)."""
        return True
