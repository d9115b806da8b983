# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import Command, api, fields, models


class OmsDemoLoader(models.AbstractModel):
    _inherit = "oms.demo.loader"

    @api.model
    def _demo_after_orders(self, channels, orders, rnd):
        """The store's point of sale on the STORE channel, with an open session and
        a few cash sales sent the way the POS screen sends them
        (``pos.order.sync_from_ui``): they count in the ATP and the KPIs."""
        res = super()._demo_after_orders(channels, orders, rnd)
        # Odoo refuses to open a session as the superuser (scripts/run's shell): the
        # administrator opens it and rings the sales up
        channel = channels.filtered(lambda c: c.channel_type == "pos")[:1]
        if not channel:
            return res
        company = channel.company_id
        admin = self.env.ref("base.user_admin").sudo()
        if company not in admin.company_ids:
            admin.company_ids = [Command.link(company.id)]
        env = self.env(user=admin, context=dict(self.env.context, allowed_company_ids=company.ids))
        journal = env["account.journal"].create(
            {"name": "Kas Toko Kemang", "type": "cash", "code": "KKMG", "company_id": company.id}
        )
        cash = env["pos.payment.method"].create(
            {"name": "Tunai", "journal_id": journal.id, "company_id": company.id}
        )
        config = env["pos.config"].create(
            {
                "name": "Kasir Toko Kemang",
                "company_id": company.id,
                "picking_type_id": channel.warehouse_id.pos_type_id.id,
                "payment_method_ids": [Command.set(cash.ids)],
                "oms_channel_id": channel.id,
            }
        )
        products = env["product.product"].search(
            [("default_code", "in", ["KOPI-250", "SAMBAL", "KAOS-JKT", "BATIK-M", "TEH-JAVA"])]
        )
        products.available_in_pos = True
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, None)
        sales = []
        for _i in range(5):
            lines = []
            for product in rnd.sample(list(products), 2):
                qty = rnd.randint(1, 2)
                taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
                amounts = taxes.compute_all(product.lst_price, quantity=qty, product=product)
                lines.append(
                    {
                        "product_id": product.id,
                        "qty": qty,
                        "price_unit": product.lst_price,
                        "price_subtotal": amounts["total_excluded"],
                        "price_subtotal_incl": amounts["total_included"],
                        "discount": 0.0,
                        "tax_ids": [Command.set(taxes.ids)],
                        "pack_lot_ids": [],
                    }
                )
            total = sum(line["price_subtotal_incl"] for line in lines)
            untaxed = sum(line["price_subtotal"] for line in lines)
            ref = str(uuid.uuid4())
            sales.append(
                {
                    "uuid": ref,
                    "name": f"Order {ref}",
                    "session_id": session.id,
                    "date_order": fields.Datetime.to_string(fields.Datetime.now()),
                    "pricelist_id": config.pricelist_id.id,
                    "fiscal_position_id": False,
                    "user_id": env.user.id,
                    "partner_id": False,
                    "lines": [Command.create(line) for line in lines],
                    "payment_ids": [
                        Command.create(
                            {
                                "amount": total,
                                "name": fields.Datetime.now(),
                                "payment_method_id": cash.id,
                            }
                        )
                    ],
                    "amount_paid": total,
                    "amount_total": total,
                    "amount_tax": total - untaxed,
                    "amount_return": 0.0,
                    "to_invoice": False,
                    "last_order_preparation_change": "{}",
                    "state": "paid",
                }
            )
        env["pos.order"].sync_from_ui(sales)
        return res
