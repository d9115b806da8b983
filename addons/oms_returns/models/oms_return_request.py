# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class OmsReturnRequest(models.Model):
    """One customer return request grouping the RMAs (one per returned line).

    The RMAs stay OCA ``rma`` records (reception, refund, portal); the request is
    only the header a customer or a channel sees: one reference, one reception,
    one credit note, one exchange order.
    """

    _name = "oms.return.request"
    _description = "Return Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, copy=False, readonly=True, default="/", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    channel_id = fields.Many2one("oms.channel", index=True, check_company=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    return_reference = fields.Char(
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="The channel's reference of the return (idempotency key of the API).",
    )
    payload_fingerprint = fields.Char(copy=False, readonly=True)
    rma_ids = fields.One2many("rma", "return_request_id", string="RMAs")
    rma_count = fields.Integer(compute="_compute_rma_info")
    order_ids = fields.Many2many(
        "sale.order", string="Orders", compute="_compute_rma_info", search="_search_order_ids"
    )
    refund_ids = fields.Many2many("account.move", string="Refunds", compute="_compute_rma_info")
    exchange_order_ids = fields.Many2many(
        "sale.order", string="Exchange Orders", compute="_compute_rma_info"
    )
    state = fields.Selection(
        [
            ("draft", "To Approve"),
            ("approved", "Approved"),
            ("received", "Received"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    _channel_reference_uniq = models.Constraint(
        "UNIQUE(channel_id, return_reference)",
        "A return with this reference already exists in this channel.",
    )

    @api.depends("rma_ids.order_id", "rma_ids.refund_id", "rma_ids.exchange_order_id")
    def _compute_rma_info(self):
        for request in self:
            request.rma_count = len(request.rma_ids)
            request.order_ids = request.rma_ids.order_id
            request.refund_ids = request.rma_ids.refund_id
            request.exchange_order_ids = request.rma_ids.exchange_order_id

    def _search_order_ids(self, operator, value):
        return [("rma_ids.order_id", operator, value)]

    @api.depends("rma_ids.state")
    def _compute_state(self):
        for request in self:
            states = set(request.rma_ids.mapped("state")) - {"cancelled"}
            if not states:
                request.state = "cancelled" if request.rma_ids else "draft"
            elif "draft" in states:
                request.state = "draft"
            elif "confirmed" in states:
                request.state = "approved"
            elif states <= {"refunded", "replaced", "finished", "returned", "locked"}:
                request.state = "done"
            else:
                request.state = "received"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("oms.return.request") or "/"
        return super().create(vals_list)

    def action_approve(self):
        self.rma_ids.filtered(lambda r: r.state == "draft").action_confirm()

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        action["domain"] = [("id", "in", self.rma_ids.ids)]
        action["context"] = {"create": False}
        return action
