# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models


class OmsDemoLoader(models.AbstractModel):
    _inherit = "oms.demo.loader"

    @api.model
    def _demo_after_orders(self, channels, orders, rnd):
        """Return policies for the online channels, and returns of delivered orders
        through the returns API's service: some approved and waiting for the parcel,
        some received (the order is then "Returned")."""
        res = super()._demo_after_orders(channels, orders, rnd)
        env = self.env
        reasons = env["oms.return.reason"].search([])
        online = channels.filtered(lambda c: c.channel_type in ("web", "marketplace"))
        policies = env["oms.return.policy"].create(
            [
                {
                    "name": env._("Returns %s", channel.name),
                    "channel_id": channel.id,
                    "window_days": 7 if channel.channel_type == "marketplace" else 14,
                    "approval": "auto",
                    "auto_approve_max_amount": 1000000,
                    "reason_ids": [Command.set(reasons.ids)],
                }
                for channel in online
            ]
        )
        # deliveries are dated as they happened: only those still inside their
        # channel's return window can be returned, the most recent first
        window = {policy.channel_id: policy.window_days for policy in policies}
        now = fields.Datetime.now()

        def delivered_on(order):
            return order.picking_ids.oms_delivered_date or order.picking_ids.date_done

        delivered = orders.filtered(
            lambda o: (
                o.channel_id in online
                and o.oms_status in ("delivered", "done")
                and len(o.picking_ids) == 1
                and delivered_on(o)
                and delivered_on(o) > now - timedelta(days=window[o.channel_id] - 1)
            )
        ).sorted(delivered_on, reverse=True)
        service = env["oms.return.request"]
        requests = service.browse()
        reason_codes = ("size_fit", "damaged", "changed_mind", "wrong_item")
        for index, order in enumerate(delivered[:4]):
            lines = order.order_line.filtered(lambda sol: sol.product_id.is_storable)
            # the first customer sends everything back, the others one item
            wanted = [(line, line.qty_delivered) for line in lines]
            if index:
                wanted = [(lines[0], 1)]
            payload = {
                "channel": order.channel_id.code,
                "external_ref": order.external_ref,
                "return_reference": f"RET-{order.external_ref}",
                "lines": [
                    {
                        "sku": line.product_id.default_code,
                        "quantity": quantity,
                        "reason": reason_codes[index],
                    }
                    for line, quantity in wanted
                ],
            }
            requests |= service.oms_create_return(order.channel_id, payload, origin="demo")
        requests.filtered(lambda r: r.state == "draft").action_approve()
        # the first two parcels came back
        receptions = requests[:2].rma_ids.reception_move_id.picking_id
        receptions.move_ids.picked = True
        if receptions:
            receptions.button_validate()
        return res
