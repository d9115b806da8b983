# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Marketplace payouts and couriers' COD remittances, as the accountant sees them,
on an Indonesian company (l10n_id, IDR, PPN included).

30 orders: 8 on each of Shopee, TikTok Shop and Lazada (prepaid on the
marketplace: the workflow pays their invoices from the marketplace's clearing
account) and 6 COD orders shipped with JNE. The sample reports in ``tests/data``
pay them out: Shopee in two payouts with one adjustment and one order never paid
out, TikTok and Lazada in one each, JNE's COD report by tracking number. Then:
each payout is matched with its bank statement line, every clearing account is at
zero except Shopee's (exactly the order never paid out, flagged as unsettled),
fees are booked exactly on their accounts, and importing the same files again
writes nothing."""

import base64
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .l10n_id_common import IndonesianCompanyCommon

DATA = Path(__file__).parent / "data"
ORDER_TOTAL = 666000  # 2 x 333.000, PPN included

# net payouts, computed by hand from the sample reports
NET_SHOPEE_1 = 4 * (666000 - 53280 - 26640 - 13320) + 10000
NET_SHOPEE_2 = 3 * (666000 - 53280 - 26640 - 13320) - 15000
NET_TIKTOK = 8 * (666000 - 39960 - 13320 - 26640)
NET_LAZADA = 8 * (666000 - 46620 - 19980 - 14652 - 5000)
NET_JNE = 6 * (666000 - 19980)


@tagged("post_install", "-at_install")
class TestSettlement(IndonesianCompanyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Payout Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.batik = cls._idr_stocked_product("Kemeja Batik", 333000, 100)
        Channel = env["oms.channel"]
        cls.shopee, cls.tiktok, cls.lazada = Channel.create(
            [
                {
                    "name": name,
                    "code": code,
                    "channel_type": "marketplace",
                    "warehouse_id": cls.wh.id,
                }
                for name, code in (
                    ("Shopee", "SHPST"),
                    ("TikTok Shop", "TTSST"),
                    ("Lazada", "LZDST"),
                )
            ]
        )
        (cls.shopee | cls.tiktok | cls.lazada).action_oms_create_clearing_journal()
        cls.web = Channel.create(
            {
                "name": "Toko Online",
                "code": "WEBST",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
            }
        )
        cls.jne = env.ref("oms_omnichannel.carrier_jne")
        cls.jne_journal = env["account.journal"]._oms_create_clearing_journal(
            "JNE COD", "JNECL", cls.company
        )
        cls.jne.with_company(cls.company).oms_cod_clearing_journal_id = cls.jne_journal
        cls.customer = env["res.partner"].create({"name": "Budi Santoso", "city": "Jakarta"})
        chart = env["account.chart.template"].with_company(cls.company)
        cls.payment_fee_account = chart.ref("l10n_id_65110020")
        cls.shipping_account = chart.ref("l10n_id_65110090")
        cls.adjustment_account = chart.ref("l10n_id_69000000")

    # helpers ------------------------------------------------------------------

    def _orders(self):
        vals = []
        for channel, refs in (
            (self.shopee, [f"SHP-24120{i}" for i in range(1, 9)]),
            (self.tiktok, [f"5770000000000{i}" for i in range(1, 9)]),
            (self.lazada, [f"LZD88000{i}" for i in range(1, 9)]),
        ):
            vals += [self._order_vals(channel, "prepaid", ref) for ref in refs]
        vals += [self._order_vals(self.web, "cod", f"WEB-COD-{i}") for i in range(1, 7)]
        orders = self.env["sale.order"].create(vals)
        self.env["automatic.workflow.job"].run()
        cod = orders.filtered(lambda o: o.payment_method == "cod")
        for i, order in enumerate(cod, start=1):
            picking = order.picking_ids.filtered(lambda p: p.oms_is_customer_delivery)
            picking.carrier_tracking_ref = f"JNE01000000{i}"
            res = picking.button_validate()
            if isinstance(res, dict):
                Form.from_action(self.env, res).save().process()
            picking.action_oms_mark_delivered()
        self.env["automatic.workflow.job"].run()
        return orders

    def _order_vals(self, channel, payment_method, ref):
        workflow = (
            channel.cod_workflow_process_id
            if payment_method == "cod"
            else channel.workflow_process_id
        )
        return {
            "partner_id": self.customer.id,
            "channel_id": channel.id,
            "external_ref": ref,
            "warehouse_id": self.wh.id,
            "payment_method": payment_method,
            "workflow_process_id": workflow.id,
            "order_line": [
                Command.create(
                    {"product_id": self.batik.id, "product_uom_qty": 2, "price_unit": 333000}
                )
            ],
        }

    def _import(self, filename, format_xmlid, channel=None, payout_ref=None):
        wizard = self.env["oms.settlement.import"].create(
            {
                "format_id": self.env.ref(f"oms_omnichannel.{format_xmlid}").id,
                "channel_id": channel.id if channel else False,
                "file": base64.b64encode((DATA / filename).read_bytes()),
                "filename": filename,
                "payout_ref": payout_ref,
            }
        )
        return wizard._oms_import()

    def _import_all(self):
        return (
            self._import("shopee_income_2026-12.csv", "settlement_format_shopee", self.shopee)
            | self._import("tiktok_settlement_2026-12.csv", "settlement_format_tiktok", self.tiktok)
            | self._import("lazada_statement_2026-12.csv", "settlement_format_lazada", self.lazada)
            | self._import(
                "jne_cod_2026-12-05.csv", "settlement_format_jne", payout_ref="JNE-REMIT-20261205"
            )
        )

    def _clearing(self, journal):
        return journal._oms_clearing_account()

    # the scenario ---------------------------------------------------------------

    def test_clearing_replaces_only_the_default_payment_journal(self):
        """The clearing becomes the payment journal of a channel that still has the
        default one; a payment journal someone chose on purpose is kept."""
        Channel = self.env["oms.channel"]
        default, chosen = Channel.create(
            [
                {
                    "name": name,
                    "code": code,
                    "channel_type": "marketplace",
                    "warehouse_id": self.wh.id,
                }
                for name, code in (("Blibli", "BLIST"), ("Bukalapak", "BUKST"))
            ]
        )
        self.assertEqual(default.payment_journal_id, default._oms_default_payment_journal())
        mandiri = self.env["account.journal"].create(
            {"name": "Bank Mandiri", "code": "MDR", "type": "bank", "company_id": self.company.id}
        )
        chosen.payment_journal_id = mandiri
        (default | chosen).action_oms_create_clearing_journal()
        self.assertTrue(default.oms_clearing_journal_id)
        self.assertEqual(default.payment_journal_id, default.oms_clearing_journal_id)
        self.assertTrue(chosen.oms_clearing_journal_id)
        self.assertEqual(chosen.payment_journal_id, mandiri, "a chosen journal is kept")

    def test_payouts_clear_every_clearing_account_but_the_order_never_paid_out(self):
        orders = self._orders()
        marketplace = orders.filtered(lambda o: o.payment_method != "cod")
        cod = orders - marketplace
        self.assertEqual(len(marketplace), 24)
        self.assertEqual(len(cod), 6)
        # the workflow paid the marketplace invoices from the clearing accounts
        for channel in (self.shopee, self.tiktok, self.lazada):
            clearing = self._clearing(channel.oms_clearing_journal_id)
            self.assertEqual(clearing.account_type, "asset_current")
            self.assertTrue(clearing.reconcile)
            self.assertAlmostEqual(self._balance(clearing), 8 * ORDER_TOTAL)
        invoices = marketplace._oms_posted_invoices()
        self.assertEqual(len(invoices), 24)
        self.assertTrue(all(m.payment_state in ("paid", "in_payment") for m in invoices))
        self.assertAlmostEqual(
            self._partner_receivable_balance(self.customer),
            6 * ORDER_TOTAL,
            msg="only the COD invoices are still owed, by the customers",
        )
        self.assertEqual(set(orders.mapped("oms_settlement_state")), {"unsettled"})
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("oms_settlement_state", "=", "unsettled"), ("channel_id", "=", self.shopee.id)]
            ),
            8,
        )

        settlements = self._import_all()
        self.assertEqual(
            sorted(settlements.mapped("name")),
            ["JNE-REMIT-20261205", "LZD-2412-W1", "SPW-2412-01", "SPW-2412-02", "TTS-ST-20261205"],
        )
        self.assertEqual(set(settlements.mapped("state")), {"posted"})
        by_name = {s.name: s for s in settlements}
        expected_net = {
            "SPW-2412-01": NET_SHOPEE_1,
            "SPW-2412-02": NET_SHOPEE_2,
            "TTS-ST-20261205": NET_TIKTOK,
            "LZD-2412-W1": NET_LAZADA,
            "JNE-REMIT-20261205": NET_JNE,
        }
        for name, net in expected_net.items():
            settlement = by_name[name]
            self.assertAlmostEqual(settlement.amount_net, net, msg=name)
            self.assertEqual(settlement.move_id.state, "posted")
            self.assertAlmostEqual(settlement.payout_line_id.balance, net)
            self.assertEqual(settlement.payout_line_id.account_id, settlement.clearing_account_id)
        # the COD invoices were paid from JNE's clearing by the remittance
        self.assertEqual(set(cod.mapped("oms_cod_state")), {"paid"})
        self.assertEqual(by_name["JNE-REMIT-20261205"].carrier_id, self.jne)
        self.assertAlmostEqual(
            self._partner_receivable_balance(self.customer), 0, msg="the customers owe nothing more"
        )

        # the bank statement lines of the payouts arrive and are matched
        statement_lines = self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": self.bank_journal.id,
                    "date": "2026-12-07",
                    "payment_ref": f"Transfer {name}",
                    "amount": net,
                }
                for name, net in expected_net.items()
            ]
        )
        settlements.action_match_bank()
        self.assertEqual(set(settlements.mapped("state")), {"matched"})
        self.assertTrue(all(statement_lines.mapped("is_reconciled")))
        for settlement in settlements:
            self.assertTrue(settlement.payout_line_id.reconciled)
            self.assertTrue(settlement.payout_line_id.full_reconcile_id)

        # every clearing account at zero except Shopee's: the order never paid out
        never_paid = marketplace.filtered(lambda o: o.external_ref == "SHP-241208")
        for journal in (
            self.tiktok.oms_clearing_journal_id,
            self.lazada.oms_clearing_journal_id,
            self.jne_journal,
        ):
            self.assertAlmostEqual(self._balance(self._clearing(journal)), 0, msg=journal.name)
        shopee_clearing = self._clearing(self.shopee.oms_clearing_journal_id)
        self.assertAlmostEqual(self._balance(shopee_clearing), ORDER_TOTAL)
        open_items = self.env["account.move.line"].search(
            [
                ("account_id", "=", shopee_clearing.id),
                ("reconciled", "=", False),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(len(open_items), 1)
        self.assertEqual(
            open_items.move_id.origin_payment_id.reconciled_invoice_ids,
            never_paid._oms_posted_invoices(),
        )
        self.assertEqual(never_paid.oms_settlement_state, "unsettled")
        unsettled = self.env["sale.order"].search(
            [("oms_settlement_state", "=", "unsettled"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(unsettled, never_paid)
        self.assertEqual(never_paid.oms_unsettled_days, 0, "invoiced today")
        # every other order paid out; its payment's clearing item fully reconciled
        settled = orders - never_paid
        self.assertEqual(set(settled.mapped("oms_settlement_state")), {"settled"})
        self.assertTrue(
            all(m.payment_state == "paid" for m in (orders - never_paid)._oms_posted_invoices())
        )

        # fees booked exactly
        company = self.company
        self.assertAlmostEqual(
            self._balance(company.oms_commission_account_id), 7 * 53280 + 8 * 39960 + 8 * 46620
        )
        self.assertAlmostEqual(
            self._balance(company.oms_service_fee_account_id), 7 * 26640 + 8 * 13320 + 8 * 19980
        )
        self.assertEqual(company.oms_payment_fee_account_id, self.payment_fee_account)
        self.assertAlmostEqual(
            self._balance(self.payment_fee_account), 7 * 13320 + 8 * 26640 + 8 * 14652
        )
        self.assertAlmostEqual(
            self._balance(self.shipping_account),
            8 * 5000 - 10000,
            msg="Lazada's shipping fees less Shopee's subsidy",
        )
        self.assertAlmostEqual(self._balance(company.oms_cod_fee_account_id), 6 * 19980)
        self.assertAlmostEqual(self._balance(self.adjustment_account), 15000)
        # the adjustment is flagged, not silently booked
        flagged = settlements.line_ids.filtered("difference")
        self.assertEqual(flagged.mapped("difference"), ["adjustment"])
        self.assertEqual(flagged.order_id.external_ref, "SHP-241203")
        self.assertEqual(by_name["SPW-2412-02"].difference_count, 1)
        self.assertAlmostEqual(
            marketplace.filtered(lambda o: o.external_ref == "SHP-241201").oms_net_revenue,
            666000 - 53280 - 26640 - 13320,
        )

        # net revenue after fees per channel: what its payouts brought
        per_channel = dict(
            self.env["sale.order"]._read_group(
                [("company_id", "=", company.id)], ["channel_id"], ["oms_net_revenue:sum"]
            )
        )
        self.assertAlmostEqual(per_channel[self.shopee], NET_SHOPEE_1 + NET_SHOPEE_2)
        self.assertAlmostEqual(per_channel[self.web], NET_JNE)

        # a second import of the same files writes nothing
        moves_before = self.env["account.move"].search_count([("company_id", "=", company.id)])
        lines_before = self.env["oms.settlement.line"].search_count([])
        again = self._import_all()
        self.assertEqual(again, settlements)
        self.assertEqual(
            self.env["account.move"].search_count([("company_id", "=", company.id)]),
            moves_before,
        )
        self.assertEqual(self.env["oms.settlement.line"].search_count([]), lines_before)
        self.assertAlmostEqual(self._balance(shopee_clearing), ORDER_TOTAL)

    def test_short_payout_and_unknown_order_are_flagged_not_written_off(self):
        every_order = self._orders()
        orders = every_order.filtered(lambda o: o.channel_id == self.tiktok)
        first, second = orders[:2]
        # a COD order the customer paid by bank transfer after all: not on any clearing
        paid_elsewhere = every_order.filtered(lambda o: o.payment_method == "cod")[:1]
        self._pay(paid_elsewhere._oms_posted_invoices())
        clearing = self._clearing(self.tiktok.oms_clearing_journal_id)
        settlement = self.env["oms.settlement"].create(
            {
                "name": "TTS-SHORT",
                "identity": "test:TTS-SHORT",
                "channel_id": self.tiktok.id,
                "clearing_journal_id": self.tiktok.oms_clearing_journal_id.id,
                "line_ids": [
                    Command.create(
                        {
                            "order_id": first.id,
                            "reference": first.external_ref,
                            "line_type": "income",
                            "amount": 666000,
                        }
                    ),
                    Command.create(
                        {
                            "order_id": second.id,
                            "reference": second.external_ref,
                            "line_type": "income",
                            "amount": 600000,
                        }
                    ),
                    Command.create(
                        {"reference": "5779999", "line_type": "income", "amount": 50000}
                    ),
                    Command.create(
                        {
                            "order_id": paid_elsewhere.id,
                            "reference": "JNE010000001",
                            "line_type": "income",
                            "amount": 666000,
                        }
                    ),
                ],
            }
        )
        settlement.action_post()
        by_order = {line.reference: line for line in settlement.line_ids}
        self.assertFalse(by_order[first.external_ref].difference)
        self.assertEqual(by_order[second.external_ref].difference, "short")
        self.assertAlmostEqual(by_order[second.external_ref].difference_amount, -66000)
        self.assertEqual(by_order["5779999"].difference, "unknown")
        self.assertEqual(by_order["JNE010000001"].difference, "unmatched")
        self.assertEqual(paid_elsewhere.oms_settlement_state, "difference")
        self.assertEqual(second.oms_settlement_state, "difference")
        self.assertEqual(first.oms_settlement_state, "settled")
        # nothing written off: the clearing still holds the 8 orders' money (the
        # payout and its incomes cancel out); the shortfall is an open item
        self.assertAlmostEqual(self._balance(clearing), 8 * ORDER_TOTAL)
        second_items = second._oms_posted_invoices().matched_payment_ids.move_id.line_ids
        self.assertAlmostEqual(
            sum(
                second_items.filtered(lambda aml: aml.account_id == clearing).mapped(
                    "amount_residual"
                )
            ),
            66000,
        )
        # the same order paid out again by another payout: flagged, not reconciled
        twice = self.env["oms.settlement"].create(
            {
                "name": "TTS-TWICE",
                "identity": "test:TTS-TWICE",
                "channel_id": self.tiktok.id,
                "clearing_journal_id": self.tiktok.oms_clearing_journal_id.id,
                "line_ids": [
                    Command.create({"order_id": first.id, "line_type": "income", "amount": 666000})
                ],
            }
        )
        twice.action_post()
        self.assertEqual(twice.line_ids.difference, "duplicate")
        # a payout is matched only with a statement line of its amount
        st_line = self.env["account.bank.statement.line"].create(
            {"journal_id": self.bank_journal.id, "payment_ref": "wrong", "amount": 1000}
        )
        with self.assertRaises(UserError):
            settlement._oms_match_statement_line(st_line)

    def test_unreadable_report_is_refused_with_nothing_written(self):
        count = self.env["oms.settlement"].search_count([])
        wizard = self.env["oms.settlement.import"].create(
            {
                "format_id": self.env.ref("oms_omnichannel.settlement_format_jne").id,
                "file": base64.b64encode(b"Resi,Jumlah\nJNE1,1000\n"),
                "filename": "wrong.csv",
                "payout_ref": "X",
            }
        )
        with self.assertRaisesRegex(UserError, "No Resi"):
            wizard._oms_import()
        self.assertEqual(self.env["oms.settlement"].search_count([]), count)

    def test_only_billing_users_import_settlements(self):
        oms_user = new_test_user(
            self.env,
            login="oms_user_settle",
            groups="base.group_user,oms_omnichannel.group_oms_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["oms.settlement.import"].with_user(oms_user).create(
                {"format_id": self.env.ref("oms_omnichannel.settlement_format_jne").id}
            )
        with self.assertRaises(AccessError):
            self.env["oms.settlement"].with_user(oms_user).create(
                {
                    "name": "X",
                    "identity": "test:X",
                    "clearing_journal_id": self.jne_journal.id,
                }
            )
        biller = new_test_user(
            self.env,
            login="biller_settle",
            groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        settlement = (
            self.env["oms.settlement"]
            .with_user(biller)
            .create(
                {
                    "name": "JNE-EMPTY",
                    "identity": "test:JNE-EMPTY",
                    "clearing_journal_id": self.jne_journal.id,
                }
            )
        )
        self.assertEqual(settlement.company_id, self.company)

    # un-posting --------------------------------------------------------------------

    def _user(self, login, groups):
        return new_test_user(
            self.env,
            login=login,
            groups=groups,
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )

    def _import_jne(self):
        return self._import(
            "jne_cod_2026-12-05.csv", "settlement_format_jne", payout_ref="JNE-REMIT-20261205"
        )

    def test_reset_to_draft_reverses_the_entry_and_reopens_the_invoices(self):
        cod = self._orders().filtered(lambda o: o.payment_method == "cod")
        invoices = cod._oms_posted_invoices()
        clearing = self._clearing(self.jne_journal)
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid"})
        before = self._balance(clearing)
        settlement = self._import_jne()
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(len(settlement.payment_ids), 6)
        self.assertFalse(any(invoices.mapped("amount_residual")))
        posted_balance = self._balance(clearing)
        self.assertAlmostEqual(posted_balance, before + NET_JNE)
        st_line = self.env["account.bank.statement.line"].create(
            {"journal_id": self.bank_journal.id, "payment_ref": "JNE COD", "amount": NET_JNE}
        )
        settlement.action_match_bank()
        self.assertEqual(settlement.state, "matched")
        self.assertTrue(st_line.is_reconciled)
        move, payments = settlement.move_id, settlement.payment_ids

        # a billing user may post, not un-post
        biller = self._user("biller_reset", "base.group_user,account.group_account_invoice")
        with self.assertRaises(AccessError):
            settlement.with_user(biller).action_reset_to_draft()
        self.assertEqual(settlement.state, "matched")

        accountant = self._user(
            "accountant_reset",
            "base.group_user,account.group_account_manager,oms_omnichannel.group_oms_user",
        )
        settlement.with_user(accountant).action_reset_to_draft()
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_id or settlement.payout_line_id or settlement.payment_ids)
        # the entry is reversed on its date, not deleted
        reversal = self.env["account.move"].search([("reversed_entry_id", "=", move.id)])
        self.assertEqual(move.state, "posted")
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.date, move.date)
        self.assertTrue(all(move.line_ids.filtered("account_id.reconcile").mapped("reconciled")))
        # the payments from the clearing are cancelled: the invoices are open again
        self.assertEqual(set(payments.mapped("state")), {"canceled"})
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid"})
        self.assertEqual(invoices.mapped("amount_residual"), invoices.mapped("amount_total"))
        self.assertEqual(set(cod.mapped("oms_settlement_state")), {"unsettled"})
        # the bank line waits to be matched again; the clearing is as before the payout
        self.assertFalse(st_line.is_reconciled)
        self.assertAlmostEqual(self._balance(clearing), before)
        self.assertFalse(settlement.line_ids.filtered("difference"))
        message = settlement.message_ids[:1]
        self.assertIn("Reset to draft", message.body)
        self.assertIn(reversal.name, message.body)

        # posted again, the same payout pays the same invoices
        settlement.action_post()
        self.assertEqual(settlement.state, "posted")
        self.assertNotEqual(settlement.move_id, move)
        self.assertFalse(any(invoices.mapped("amount_residual")))
        self.assertAlmostEqual(self._balance(clearing), posted_balance)
        settlement.action_match_bank()
        self.assertTrue(st_line.is_reconciled)

    # uploads run as queue jobs ---------------------------------------------------

    def _jne_wizard(self, **vals):
        filename = "jne_cod_2026-12-05.csv"
        return self.env["oms.settlement.import"].create(
            {
                "format_id": self.env.ref("oms_omnichannel.settlement_format_jne").id,
                "file": base64.b64encode((DATA / filename).read_bytes()),
                "filename": filename,
                "payout_ref": "JNE-REMIT-20261205",
                **vals,
            }
        )

    def test_large_report_is_imported_by_a_queue_job(self):
        cod = self._orders().filtered(lambda o: o.payment_method == "cod")
        Settlement = self.env["oms.settlement"]
        # 6 rows: above a threshold of 5, the upload is queued
        self.env["ir.config_parameter"].sudo().set_param(
            "oms_omnichannel.settlement_import_job_rows", "5"
        )
        with trap_jobs() as trap:
            action = self._jne_wizard().action_import()
            self.assertEqual(action["tag"], "display_notification")
            trap.assert_jobs_count(1)
            self.assertFalse(Settlement.search([("name", "=", "JNE-REMIT-20261205")]))
            message = trap.enqueued_jobs[0].perform()
        settlement = Settlement.search([("name", "=", "JNE-REMIT-20261205")])
        self.assertIn("JNE-REMIT-20261205", message)
        self.assertEqual(settlement.state, "posted")
        self.assertAlmostEqual(settlement.amount_net, NET_JNE)
        self.assertEqual(set(cod.mapped("oms_settlement_state")), {"settled"})
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "oms.settlement"), ("name", "=", "jne_cod_2026-12-05.csv")]
            ),
            "the uploaded file goes once imported",
        )
        # a small report asked in the background is queued too; the same report
        # imported again by its job writes nothing
        self.env["ir.config_parameter"].sudo().set_param(
            "oms_omnichannel.settlement_import_job_rows", "500"
        )
        moves = self.env["account.move"].search_count([("company_id", "=", self.company.id)])
        with trap_jobs() as trap:
            self._jne_wizard(run_in_background=True).action_import()
            trap.assert_jobs_count(1)
            trap.enqueued_jobs[0].perform()
        self.assertEqual(Settlement.search([("name", "=", "JNE-REMIT-20261205")]), settlement)
        self.assertEqual(
            self.env["account.move"].search_count([("company_id", "=", self.company.id)]), moves
        )
        # an unreadable report is refused at once, nothing queued
        with trap_jobs() as trap:
            wizard = self._jne_wizard(
                run_in_background=True, file=base64.b64encode(b"Resi,Jumlah\nJNE1,1000\n")
            )
            with self.assertRaisesRegex(UserError, "No Resi"):
                wizard.action_import()
            trap.assert_jobs_count(0)
