# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The data of the "one ATP" tests: the four readers of available-to-promise (the
API, the ATP report, the "Stock not available" rule, sourcing) on the same stock.

Tea sold by the pack of 6 (its unit is the bottle), two warehouses:

* Jakarta (the company's warehouse): 60 on hand, a safety stock of 6, 2 packs (12)
  reserved for a marketplace order; a made-to-order pack for a web order (bought
  from the vendor: the stock does not serve it);
* Surabaya: 6 on hand, reserved for a delivery keyed in by hand of 3 packs that
  waits for the other 2 packs (12 promised, not 17: the move's reserved pack is
  6 bottles).

The web channel has the higher reservation priority (5 against 1): the units held
for marketplace orders are its own to take (reservation and reallocation serve it
first). Both channels' orders come before the delivery without an order
(priority 0): its 6 reserved and 12 promised bottles are theirs to take.
"""

from odoo import Command


class OmsAtpOneFixture:
    """Mixin building the data once per class (``_setup_atp_one_fixture``)."""

    @classmethod
    def _setup_atp_one_fixture(cls):
        env = cls.env
        cls.company = env.company
        country = env.ref("base.id")
        cls.jkt = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.jkt.delivery_steps = "ship_only"
        cls.sby = env["stock.warehouse"].create({"name": "Gudang Surabaya", "code": "SBY1"})
        cls.pack = env.ref("uom.product_uom_pack_6")
        mto = env.ref("stock.route_warehouse0_mto")
        mto.active = True  # archived by default (Inventory settings: MTO)
        cls.mto_route = mto
        vendor = env["res.partner"].create({"name": "PT Sinar Sosro", "is_company": True})
        cls.tea = env["product.product"].create(
            {
                "name": "Teh Botol 350ml",
                "default_code": "ATP1-TEH",
                "is_storable": True,
                "list_price": 5_000,
                "uom_ids": [Command.set(cls.pack.ids)],
                "taxes_id": [Command.clear()],
                "supplier_taxes_id": [Command.clear()],
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": 3_000})],
            }
        )
        Quant = env["stock.quant"]
        Quant._update_available_quantity(cls.tea, cls.jkt.lot_stock_id, 60)
        Quant._update_available_quantity(cls.tea, cls.sby.lot_stock_id, 6)
        env["oms.safety.stock"].create(
            {"warehouse_id": cls.jkt.id, "product_id": cls.tea.id, "quantity": 6}
        )
        common = {
            "warehouse_id": cls.jkt.id,
            "allowed_warehouse_ids": [Command.set((cls.jkt | cls.sby).ids)],
            "sourcing_strategies": "in_stock,single_source,nearest",
            "allow_split": True,
            "max_shipments": 2,
            "duplicate_window_minutes": 0,
            "velocity_limit": 0,
        }
        cls.web = env["oms.channel"].create(
            dict(common, name="Web Teh", code="ATP1WEB", channel_type="web", priority=5)
        )
        cls.marketplace = env["oms.channel"].create(
            dict(
                common,
                name="Marketplace Teh",
                code="ATP1MKT",
                channel_type="marketplace",
                priority=1,
            )
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Rina Jakarta",
                "street": "Jl. Sudirman 1",
                "city": "Jakarta",
                "zip": "10220",
                "state_id": env.ref("base.state_id_jk").id,
                "country_id": country.id,
            }
        )
        cls.stock_rule = env.ref("oms_omnichannel.exception_rule_stock_unavailable")
        # 2 packs reserved in Jakarta for the marketplace
        cls.reserved_order = cls._atp_one_order(cls.marketplace, 2)
        cls.reserved_order.action_confirm()
        # a delivery keyed in by hand in Surabaya, in packs: 3 packs, 1 reserved
        cls.waiting_picking = env["stock.picking"].create(
            {
                "picking_type_id": cls.sby.out_type_id.id,
                "location_id": cls.sby.lot_stock_id.id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
                "partner_id": cls.customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": cls.tea.id,
                            "product_uom": cls.pack.id,
                            "product_uom_qty": 3,
                            "location_id": cls.sby.lot_stock_id.id,
                            "location_dest_id": env.ref("stock.stock_location_customers").id,
                        }
                    )
                ],
            }
        )
        cls.waiting_picking.action_confirm()
        cls.waiting_picking.action_assign()
        # 1 pack made to order from the vendor, shipped from Jakarta
        cls.mto_order = cls._atp_one_order(cls.web, 1, route=mto)
        cls.mto_order.action_confirm()

    @classmethod
    def _atp_one_order(cls, channel, packs, route=None, **vals):
        line = {"product_id": cls.tea.id, "product_uom_id": cls.pack.id, "product_uom_qty": packs}
        if route:
            line["route_ids"] = [Command.set(route.ids)]
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": channel.id,
                "order_line": [Command.create(line)],
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # the four readers
    # ------------------------------------------------------------------

    def _api(self):
        atp = self.env["oms.atp"]
        per_warehouse = atp._get_atp(self.tea.ids, (self.jkt | self.sby).ids)
        per_warehouse = {
            "JKT": per_warehouse[self.jkt.id, self.tea.id],
            "SBY": per_warehouse[self.sby.id, self.tea.id],
        }
        channel_totals = {
            channel: atp._get_channel_atp(channel, self.tea.ids)[self.tea.id]["total"]
            for channel in (self.web, self.marketplace)
        }
        return per_warehouse, channel_totals

    def _report(self):
        self.env.invalidate_all()  # the view's rows are numbered, not stored
        rows = self.env["oms.atp.report"].search([("product_id", "=", self.tea.id)])
        names = {self.jkt: "JKT", self.sby: "SBY"}
        return {
            names[row.warehouse_id]: (row.on_hand, row.reserved, row.safety, row.promised, row.atp)
            for row in rows
        }

    def _held(self, channel, packs):
        """The verdict of the "Stock not available" rule on a new order."""
        order = self._atp_one_order(channel, packs)
        failing = order._oms_rule_stock_unavailable()
        order.detect_exceptions()
        self.assertEqual(bool(failing), self.stock_rule in order.exception_ids)
        return bool(failing)

    def _sourced(self, channel, packs):
        """The sourcing decision on a new order: outcome, packs per warehouse."""
        order = self._atp_one_order(channel, packs)
        order._oms_source()
        names = {self.jkt: "JKT", self.sby: "SBY"}
        shipments = {}
        for line in order.order_line:
            self.assertEqual(line.product_uom_id, self.pack)
            key = names[line.warehouse_id]
            shipments[key] = shipments.get(key, 0) + line.product_uom_qty
        return order.oms_sourcing_outcome, shipments

    def _assert_four_way(self, api, channel_totals, report, verdicts, decisions):
        """The four readers against the expected figures (in bottles, packs for orders)."""
        self.assertEqual(self._api(), (api, channel_totals))
        self.assertEqual(self._report(), report)
        for (channel, packs), held in verdicts.items():
            with self.subTest(rule=(channel, packs)):
                self.assertEqual(self._held(getattr(self, channel), packs), held)
        for (channel, packs), decision in decisions.items():
            with self.subTest(sourcing=(channel, packs)):
                self.assertEqual(self._sourced(getattr(self, channel), packs), decision)
