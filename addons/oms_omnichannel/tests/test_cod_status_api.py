# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The COD payment status in the REST API's order status, on an Indonesian company
(l10n_id, IDR, PPN included): a shop asking about a cash-on-delivery order reads
whether the courier has the cash and whether it was remitted."""

from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .l10n_id_common import IndonesianCompanyCommon

API = "/oms/api/v1"


@tagged("post_install", "-at_install")
class TestCodStatusApi(IndonesianCompanyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpIndonesianCompany("PT Kurir Nusantara")
        env = cls.env
        env["exception.rule"].search([("method", "=like", "_oms_rule_%")]).active = False
        cls.batik = env["product.product"].create(
            {
                "name": "Kemeja Batik",
                "default_code": "CODAPI-BATIK",
                "is_storable": True,
                "list_price": 333000,
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.ppn_11.ids)],
            }
        )
        env["stock.quant"]._update_available_quantity(cls.batik, cls.wh.lot_stock_id, 10)
        cls.api_user = new_test_user(
            env,
            login="cod_status_api",
            groups="oms_omnichannel.group_oms_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.key = (
            env["res.users.apikeys"]
            .with_user(cls.api_user)
            .sudo()
            ._generate(None, "cod status", None)
        )
        cls.channel = env["oms.channel"].create(
            {
                "name": "Toko Online",
                "code": "CODAPI",
                "channel_type": "web",
                "warehouse_id": cls.wh.id,
                "api_user_ids": [Command.set(cls.api_user.ids)],
            }
        )

    def _status(self, ref):
        response = self.url_open(
            f"{API}/orders/CODAPI/{ref}",
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def _order(self, ref, payment_method):
        return self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Budi Santoso"}).id,
                "channel_id": self.channel.id,
                "external_ref": ref,
                "warehouse_id": self.wh.id,
                "payment_method": payment_method,
                "workflow_process_id": (
                    self.channel.cod_workflow_process_id
                    if payment_method == "cod"
                    else self.channel.workflow_process_id
                ).id,
                "order_line": [
                    Command.create(
                        {"product_id": self.batik.id, "product_uom_qty": 1, "price_unit": 333000}
                    )
                ],
            }
        )

    def test_cod_status_follows_courier_and_remittance(self):
        order = self._order("COD-1", "cod")
        self.env["automatic.workflow.job"].run()
        status = self._status("COD-1")
        self.assertEqual(status["payment_method"], "cod")
        self.assertEqual(status["cod_status"], "unpaid")
        self.assertEqual(status["currency"], "IDR")

        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        picking.action_oms_mark_delivered()
        self.env["automatic.workflow.job"].run()
        status = self._status("COD-1")
        self.assertEqual(status["cod_status"], "collected", "the courier has the cash")
        self.assertEqual(status["oms_status"], "delivered", "not Done before the remittance")

        action = order.action_oms_register_cod_remittance()
        Form(self.env[action["res_model"]].with_context(**action["context"])).save().action_apply()
        status = self._status("COD-1")
        self.assertEqual(status["cod_status"], "paid")
        self.assertEqual(status["oms_status"], "done")

        # a prepaid order has no COD status
        prepaid = self._order("PRE-1", "card")
        status = self._status("PRE-1")
        self.assertEqual(status["payment_method"], "card")
        self.assertIsNone(status["cod_status"])
        self.assertEqual(prepaid.oms_cod_state, False)
