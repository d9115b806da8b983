# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestIndonesianTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(
            ["oms_omnichannel", "oms_returns", "oms_marketplace_sync"], ["id_ID"], overwrite=True
        )
        cls.env_id = cls.env(context=dict(cls.env.context, lang="id_ID"))

    def test_menus_statuses_and_emails_in_indonesian(self):
        menu = self.env_id.ref("oms_omnichannel.menu_oms_orders_on_hold")
        self.assertEqual(menu.name, "Ditahan")
        statuses = dict(
            self.env_id["sale.order"]._fields["oms_status"]._description_selection(self.env_id)
        )
        self.assertEqual(statuses["shipped"], "Dikirim")
        self.assertEqual(statuses["received"], "Pesanan Masuk")
        self.assertEqual(statuses["partially_allocated"], "Dialokasikan Sebagian")
        template = self.env_id.ref("oms_omnichannel.mail_template_oms_order_shipped")
        self.assertIn("pesanan", template.subject)
        self.assertIn("Halo", template.body_html)
        self.assertEqual(
            self.env_id.ref("oms_returns.menu_oms_return_requests").name, "Permintaan Retur"
        )
        # English stays the source language
        self.assertEqual(self.env.ref("oms_omnichannel.menu_oms_orders_on_hold").name, "On Hold")
