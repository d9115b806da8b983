# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestValidation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.indonesia = env.ref("base.id")
        cls.jakarta = env.ref("base.state_id_jk")
        cls.east_java = env.ref("base.state_id_ji")
        cls.oms_user = new_test_user(
            env, login="holds_user", groups="oms_omnichannel.group_oms_user"
        )
        cls.oms_manager = new_test_user(
            env, login="holds_manager", groups="oms_omnichannel.group_oms_manager"
        )
        Warehouse = env["stock.warehouse"]
        cls.wh_jakarta = Warehouse.search([("company_id", "=", cls.company.id)], limit=1)
        cls.wh_surabaya = Warehouse.create({"name": "Gudang Surabaya", "code": "SBY"})
        cls.wh_medan = Warehouse.create({"name": "Gudang Medan", "code": "MDN"})
        cls.workflow = env.ref("sale_automatic_workflow.automatic_validation")
        cls.channel = env["oms.channel"].create(
            {
                "name": "Toko Online",
                "code": "WEB",
                "channel_type": "web",
                "allowed_warehouse_ids": [Command.set((cls.wh_jakarta | cls.wh_surabaya).ids)],
                "workflow_process_id": cls.workflow.id,
                "cod_limit": 1_000_000,
                "new_customer_limit": 5_000_000,
                "duplicate_window_minutes": 30,
                "velocity_limit": 3,
            }
        )
        Product = env["product.product"]
        product_vals = {"type": "consu", "is_storable": True, "taxes_id": [Command.clear()]}
        cls.batik = Product.create(
            dict(product_vals, name="Kemeja Batik", default_code="BTK-01", list_price=150_000)
        )
        cls.sarong = Product.create(
            dict(product_vals, name="Sarung Tenun", default_code="SRG-01", list_price=200_000)
        )
        cls.kopi = Product.create(
            dict(product_vals, name="Kopi Gayo 250g", default_code="KPI-01", list_price=600_000)
        )
        Quant = env["stock.quant"]
        for product, warehouse, qty in [
            (cls.batik, cls.wh_jakarta, 30),
            (cls.batik, cls.wh_surabaya, 20),
            (cls.sarong, cls.wh_jakarta, 5),
            (cls.sarong, cls.wh_surabaya, 3),
            (cls.sarong, cls.wh_medan, 50),  # not a warehouse of the channel
            (cls.kopi, cls.wh_jakarta, 40),
        ]:
            Quant._update_available_quantity(product, warehouse.lot_stock_id, qty)
        cls.rules = {
            key: env.ref(f"oms_omnichannel.exception_rule_{key}")
            for key in (
                "incomplete_address",
                "stock_unavailable",
                "duplicate_order",
                "cod_limit",
                "new_customer_limit",
                "blacklisted",
                "payment_mismatch",
                "velocity",
            )
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @classmethod
    def _customer(cls, name, **vals):
        values = {
            "name": name,
            "email": f"{name.split()[0].lower()}@example.id",
            "street": "Jl. Sudirman No. 5",
            "city": "Jakarta Selatan",
            "state_id": cls.jakarta.id,
            "zip": "12190",
            "country_id": cls.indonesia.id,
        }
        values.update(vals)
        return cls.env["res.partner"].create(values)

    def _order(self, partner, lines, **vals):
        values = {
            "partner_id": partner.id,
            "channel_id": self.channel.id,
            "workflow_process_id": self.workflow.id,
            "payment_method": "prepaid",
            "payment_status": "paid",
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
        values.update(vals)
        return self.env["sale.order"].create(values)

    def _capture(self, partner, lines, **vals):
        order = self._order(partner, lines, **vals)
        order._oms_process_captured()
        return order

    def assertHeldBy(self, order, *rule_keys):
        rules = self.env["exception.rule"].browse([self.rules[k].id for k in rule_keys])
        self.assertEqual(order.exception_ids, rules)
        self.assertTrue(order.oms_hold)
        self.assertEqual(order.oms_status, "on_hold")
        self.assertEqual(order.state, "draft", "a held order is not confirmed")
        self.assertFalse(order.picking_ids, "nothing is reserved or shipped while on hold")
        for rule in rules:
            self.assertIn(rule.name, order.exception_ids.mapped("name"))
        self.assertEqual(order.oms_risk_score, sum(rules.mapped("oms_risk_weight")))

    def _received_ago(self, orders, minutes):
        """Pretend ``orders`` reached the OMS ``minutes`` ago (all orders of a test
        transaction share one creation time)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = create_date - %s WHERE id IN %s",
            (timedelta(minutes=minutes), tuple(orders.ids)),
        )
        orders.invalidate_recordset(["create_date"])

    def assertConfirmed(self, order):
        self.assertFalse(order.exception_ids, order.exception_ids.mapped("name"))
        self.assertFalse(order.oms_hold)
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.picking_ids, "a confirmed order gets its delivery")
        self.assertNotEqual(order.oms_status, "on_hold")

    # ------------------------------------------------------------------
    # a clean order, and the rules one by one
    # ------------------------------------------------------------------
    def test_clean_order_confirmed(self):
        order = self._capture(self._customer("Ani Wijaya"), [(self.batik, 2), (self.sarong, 1)])
        self.assertConfirmed(order)
        self.assertEqual(order.oms_risk_score, 0)
        self.assertEqual(order.oms_risk_level, "low")

    def test_rules_are_active_described_by_method(self):
        for rule in self.rules.values():
            self.assertTrue(rule.active)
            self.assertEqual(rule.exception_type, "by_method")
            self.assertEqual(rule.model, "sale.order")
            self.assertTrue(rule.description)
            self.assertGreater(rule.oms_risk_weight, 0)

    def test_rule_incomplete_address(self):
        no_zip = self._customer("Budi Hartono", zip="1219")
        order = self._capture(no_zip, [(self.batik, 1)])
        self.assertHeldBy(order, "incomplete_address")
        self.assertEqual(order.oms_risk_level, "low")
        no_province = self._customer("Citra Lestari", state_id=False)
        self.assertHeldBy(self._capture(no_province, [(self.batik, 1)]), "incomplete_address")
        no_street = self._customer("Dewi Sartika", street=False)
        self.assertHeldBy(self._capture(no_street, [(self.batik, 1)]), "incomplete_address")
        # a delivery address of the customer is what is checked
        customer = self._customer("Eko Prasetyo")
        self.env["res.partner"].create(
            {"name": "Eko (kantor)", "type": "delivery", "parent_id": customer.id, "city": "Bogor"}
        )
        order = self._order(customer, [(self.batik, 1)])
        self.assertNotEqual(order.partner_shipping_id, customer)
        order._oms_process_captured()
        self.assertHeldBy(order, "incomplete_address")
        # abroad no province or 5-digit postal code is required
        singapore = self._customer(
            "Farah Lim", state_id=False, zip="018956", country_id=self.env.ref("base.sg").id
        )
        self.assertConfirmed(self._capture(singapore, [(self.batik, 1)]))

    def test_rule_stock_unavailable(self):
        # 5 in Jakarta + 3 in Surabaya: 8 free for the channel (the 50 in Medan do not count)
        order = self._capture(self._customer("Gita Permata"), [(self.batik, 1), (self.sarong, 9)])
        self.assertHeldBy(order, "stock_unavailable")
        ok = self._capture(self._customer("Hadi Susilo"), [(self.sarong, 5)])
        self.assertConfirmed(ok)
        # reserved stock is not free: 5 reserved in Jakarta, 3 left in Surabaya
        self.assertEqual(ok.picking_ids.move_ids.quantity, 5)
        more = self._capture(self._customer("Indah Kusuma"), [(self.sarong, 4)])
        self.assertHeldBy(more, "stock_unavailable")
        # an order keyed in without a channel may be fulfilled from every warehouse
        no_channel = self._order(
            self._customer("Joko Widodo"), [(self.sarong, 9)], channel_id=False
        )
        no_channel.detect_exceptions()
        self.assertFalse(no_channel.exception_ids)

    def test_rule_duplicate_order(self):
        self.channel.velocity_limit = 0
        customer = self._customer("Kartika Sari")
        first = self._capture(customer, [(self.batik, 2), (self.sarong, 1)])
        self.assertConfirmed(first)
        again = self._capture(customer, [(self.sarong, 1), (self.batik, 2)])
        self.assertHeldBy(again, "duplicate_order")
        other_qty = self._capture(customer, [(self.batik, 3), (self.sarong, 1)])
        self.assertConfirmed(other_qty)
        # outside the 30-minute window it is a new order
        self._received_ago(first | again, 31)
        later = self._capture(customer, [(self.batik, 2), (self.sarong, 1)])
        self.assertConfirmed(later)
        # a cancelled order is no duplicate
        other = self._customer("Lukman Hakim")
        cancelled = self._capture(other, [(self.batik, 1)])
        cancelled.action_cancel()
        self.assertConfirmed(self._capture(other, [(self.batik, 1)]))

    def test_rule_cod_limit(self):
        cod = self._capture(
            self._customer("Maya Anggraini"),
            [(self.kopi, 2)],
            payment_method="cod",
            payment_status="unpaid",
        )
        self.assertEqual(cod.amount_total, 1_200_000)
        self.assertHeldBy(cod, "cod_limit")
        self.assertEqual(cod.oms_risk_level, "medium")
        prepaid = self._capture(self._customer("Nina Marlina"), [(self.kopi, 2)])
        self.assertConfirmed(prepaid)
        small_cod = self._capture(
            self._customer("Oki Setiawan"),
            [(self.kopi, 1)],
            payment_method="cod",
            payment_status="unpaid",
        )
        self.assertConfirmed(small_cod)

    def test_rule_new_customer_limit(self):
        newcomer = self._capture(self._customer("Putri Ayu"), [(self.kopi, 10)])
        self.assertEqual(newcomer.amount_total, 6_000_000)
        self.assertHeldBy(newcomer, "new_customer_limit")
        regular = self._customer("Rudi Hartanto")
        self.assertConfirmed(self._capture(regular, [(self.batik, 1)]))
        self.assertConfirmed(self._capture(regular, [(self.kopi, 10)]))

    def test_rule_blacklisted(self):
        Blacklist = self.env["oms.blacklist"]
        entries = Blacklist.create(
            [
                {"kind": "email", "value": " Penipu@Example.COM ", "reason": "Chargebacks"},
                {"kind": "phone", "value": "0813-9999-8888", "reason": "Refused 5 COD parcels"},
                {"kind": "address", "value": "Jl.  Gelap   No. 13", "reason": "Drop address"},
            ]
        )
        self.assertEqual(
            entries.mapped("normalized_value"),
            ["penipu@example.com", "+6281399998888", "jl. gelap no. 13"],
        )
        by_email = self._capture(
            self._customer("Sinta Dewi", email="penipu@example.com"), [(self.batik, 1)]
        )
        self.assertHeldBy(by_email, "blacklisted")
        self.assertEqual(by_email.oms_risk_level, "high")
        # the phone of the shipping contact, written another way
        customer = self._customer("Taufik Hidayat")
        shipping = self._customer(
            "Taufik (rumah)", type="delivery", parent_id=customer.id, phone="+62 813 9999 8888"
        )
        by_phone = self._capture(customer, [(self.batik, 1)], partner_shipping_id=shipping.id)
        self.assertHeldBy(by_phone, "blacklisted")
        by_address = self._capture(
            self._customer("Udin Saputra", street="JL. GELAP NO. 13", street2="RT 02/RW 05"),
            [(self.batik, 1)],
        )
        self.assertHeldBy(by_address, "blacklisted")
        # an archived entry no longer holds
        entries[0].active = False
        self.assertConfirmed(
            self._capture(
                self._customer("Vina Aulia", email="penipu@example.com"), [(self.batik, 1)]
            )
        )
        with self.assertRaises(ValidationError):
            Blacklist.create({"kind": "phone", "value": "12", "reason": "typo"})

    def test_rule_payment_mismatch(self):
        order = self._order(self._customer("Wahyu Nugroho"), [(self.batik, 2)])
        order.payment_amount = order.amount_total - 50_000
        order._oms_process_captured()
        self.assertHeldBy(order, "payment_mismatch")
        exact = self._order(self._customer("Yuni Rahayu"), [(self.batik, 2)])
        exact.payment_amount = exact.amount_total
        exact._oms_process_captured()
        self.assertConfirmed(exact)
        # pending payments are not compared
        pending = self._order(
            self._customer("Zainal Abidin"), [(self.batik, 2)], payment_status="pending"
        )
        pending.payment_amount = 1
        pending._oms_process_captured()
        self.assertFalse(pending.exception_ids)

    def test_rule_velocity(self):
        # four accounts, one phone number written four ways, four orders in a row
        phones = ["0812-1111-2222", "+62 812 1111 2222", "081211112222", "(0812) 1111-2222"]
        orders = self.env["sale.order"]
        for i, phone in enumerate(phones):
            customer = self._customer(f"Akun{i} Palsu", phone=phone)
            orders |= self._capture(customer, [(self.batik, i + 1)])
        for order in orders[:3]:
            self.assertConfirmed(order)
        self.assertHeldBy(orders[3], "velocity")
        # other phones and emails are not slowed down
        self.assertConfirmed(
            self._capture(self._customer("Asli Pembeli", phone="0812 7777 0000"), [(self.batik, 1)])
        )
        # an hour later the counter starts again
        self._received_ago(orders, 61)
        late = self._capture(
            self._customer("Akun9 Palsu", phone="0812 1111 2222"), [(self.kopi, 1)]
        )
        self.assertConfirmed(late)

    def test_orders_without_channel_skip_channel_rules(self):
        customer = self._customer("Agus Salim")
        first = self._order(customer, [(self.kopi, 10)], channel_id=False, payment_method="cod")
        first.detect_exceptions()
        # COD, new customer: channel settings needed, skipped
        self.assertFalse(first.exception_ids)
        bad_address = self._order(
            self._customer("Bayu Aji", city=False), [(self.batik, 1)], channel_id=False
        )
        bad_address.detect_exceptions()
        self.assertEqual(bad_address.exception_ids, self.rules["incomplete_address"])

    def test_telesales_order_confirmed_by_hand_is_held(self):
        order = self._order(
            self._customer("Cahya Putra", zip=False),
            [(self.batik, 1)],
            workflow_process_id=False,
        )
        action = order.with_user(self.oms_user).action_confirm()
        self.assertEqual(action["res_model"], "sale.exception.confirm")
        self.assertHeldBy(order, "incomplete_address")

    # ------------------------------------------------------------------
    # risk
    # ------------------------------------------------------------------
    def test_risk_score_sums_rules_and_is_searchable(self):
        order = self._capture(
            self._customer("Dian Sastro", zip=False),
            [(self.kopi, 2)],
            payment_method="cod",
            payment_status="unpaid",
        )
        self.assertHeldBy(order, "incomplete_address", "cod_limit")
        self.assertEqual(order.oms_risk_score, 20 + 30)
        self.assertEqual(order.oms_risk_level, "medium")
        found = self.env["sale.order"].search([("oms_risk_level", "=", "medium")])
        self.assertIn(order, found)
        self.rules["cod_limit"].oms_risk_weight = 50
        self.assertEqual(order.oms_risk_score, 70)
        self.assertEqual(order.oms_risk_level, "high")

    # ------------------------------------------------------------------
    # release, cancel, re-check
    # ------------------------------------------------------------------
    def _held_cod_order(self):
        order = self._capture(
            self._customer("Eka Putri"),
            [(self.kopi, 2)],
            payment_method="cod",
            payment_status="unpaid",
        )
        self.assertHeldBy(order, "cod_limit")
        return order

    def test_manager_releases_with_reason(self):
        order = self._held_cod_order()
        action = order.with_user(self.oms_manager).action_oms_release_hold()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.oms_manager)
            .with_context(**action["context"])
            .create({"reason": "Customer confirmed by phone, regular buyer offline"})
        )
        self.assertEqual(wizard.order_ids, order)
        self.assertEqual(wizard.exception_ids, self.rules["cod_limit"])
        wizard.action_apply()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.ignore_exception)
        self.assertFalse(order.oms_hold)
        self.assertTrue(order.picking_ids)
        self.assertIn(order.oms_status, ("confirmed", "allocated"))
        message = order.message_ids.filtered(lambda m: "Hold released" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("Customer confirmed by phone", message.body)
        self.assertIn(self.rules["cod_limit"].name, message.body)
        self.assertEqual(message.author_id, self.oms_manager.partner_id)

    def test_non_manager_cannot_release(self):
        order = self._held_cod_order()
        as_user = order.with_user(self.oms_user)
        with self.assertRaises(AccessError):
            as_user.action_oms_release_hold()
        with self.assertRaises(AccessError):
            as_user._oms_release_hold("I think it is fine")
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            self.env["oms.hold.release"].with_user(self.oms_user).create(
                {"order_ids": [Command.set(order.ids)], "reason": "please"}
            )
        with self.assertRaises(AccessError):
            as_user.write({"ignore_exception": True})
        self.assertTrue(order.oms_hold)
        self.assertEqual(order.state, "draft")

    def test_release_needs_a_reason_and_a_hold(self):
        order = self._held_cod_order()
        with self.assertRaises(UserError):
            order.with_user(self.oms_manager)._oms_release_hold("   ")
        self.assertTrue(order.oms_hold)
        clean = self._capture(self._customer("Fajar Nugraha"), [(self.batik, 1)])
        with self.assertRaises(UserError):
            clean.with_user(self.oms_manager)._oms_release_hold("why not")

    def test_manager_cancels_with_reason(self):
        order = self._held_cod_order()
        action = order.with_user(self.oms_manager).action_oms_cancel_hold()
        wizard = (
            self.env["oms.hold.release"]
            .with_user(self.oms_manager)
            .with_context(**action["context"])
            .create({"reason": "Customer unreachable for 3 days"})
        )
        self.assertEqual(wizard.decision, "cancel")
        wizard.action_apply()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.oms_status, "cancelled")
        self.assertFalse(order.picking_ids)
        message = order.message_ids.filtered(lambda m: "Held order cancelled" in (m.body or ""))
        self.assertIn("Customer unreachable for 3 days", message.body)
        self.assertEqual(order.oms_cancel_reason, "Customer unreachable for 3 days")

    def test_recheck_after_fixing_address_releases(self):
        customer = self._customer("Gilang Ramadhan", zip=False)
        order = self._capture(customer, [(self.batik, 1)])
        self.assertHeldBy(order, "incomplete_address")
        order.with_user(self.oms_user).action_oms_recheck()
        self.assertHeldBy(order, "incomplete_address")
        customer.write({"zip": "12190"})
        order.with_user(self.oms_user).action_oms_recheck()
        self.assertConfirmed(order)
        self.assertFalse(order.ignore_exception, "nothing was overridden")
        self.assertTrue(
            order.message_ids.filtered(lambda m: "released automatically" in (m.body or ""))
        )

    # ------------------------------------------------------------------
    # batched queries
    # ------------------------------------------------------------------
    def _count_queries(self, orders, method):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        getattr(orders, method)()
        return self.env.cr.sql_log_count - before

    def test_rules_queries_do_not_grow_with_orders(self):
        def make(count, prefix):
            return self.env["sale.order"].union(
                *(
                    self._order(
                        self._customer(f"{prefix}{i} Pembeli", phone=f"0812555{i:05d}"),
                        [(self.batik, 1), (self.sarong, 1), (self.kopi, 1)],
                    )
                    for i in range(count)
                )
            )

        one, ten = make(1, "Satu"), make(10, "Sepuluh")
        self.env["oms.blacklist"].create(
            {"kind": "email", "value": "nobody@example.id", "reason": "test"}
        )
        for rule in self.rules.values():
            with self.subTest(rule=rule.method):
                self.assertEqual(
                    self._count_queries(ten, rule.method),
                    self._count_queries(one, rule.method),
                )
        # the stock rule: one aggregated ATP query (oms.atp) plus the batched reads of
        # orders, lines, products, routes, channels and their warehouses (11 on Odoo 19.0)
        self.assertLessEqual(self._count_queries(ten, "_oms_rule_stock_unavailable"), 11)

    # ------------------------------------------------------------------
    # screens
    # ------------------------------------------------------------------
    def test_hold_buttons_for_managers_only(self):
        def form_arch(user):
            views = self.env["sale.order"].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        manager_arch = form_arch(self.oms_manager)
        user_arch = form_arch(self.oms_user)
        for button in ("action_oms_release_hold", "action_oms_cancel_hold"):
            self.assertIn(button, manager_arch)
            self.assertNotIn(button, user_arch)
        self.assertIn("action_oms_recheck", user_arch)
        self.assertIn("oms_risk_level", user_arch)
        # the risk shows in Omnichannel's order list, not in the Sales app's
        oms_list = self.env.ref("oms_omnichannel.view_order_list_oms").id
        list_arch = self.env["sale.order"].get_views([(oms_list, "list")])["views"]["list"]["arch"]
        self.assertIn("oms_risk_level", list_arch)
        sales_arch = self.env["sale.order"].get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertNotIn("oms_risk_level", sales_arch)
