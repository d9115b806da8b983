# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

CHANNEL_TYPES = [
    ("web", "Web Shop"),
    ("marketplace", "Marketplace"),
    ("pos", "Physical Store / POS"),
    ("telesales", "Telesales / WhatsApp"),
    ("b2b", "B2B"),
    ("mobile", "Mobile / Field Sales"),
    ("social", "Social Commerce"),
]


class OmsChannel(models.Model):
    _name = "oms.channel"
    _description = "Sales Channel"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short unique code used by the capture API and imports, e.g. WEB, SHOPEE.",
    )
    channel_type = fields.Selection(CHANNEL_TYPES, required=True, default="web")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Default Warehouse", check_company=True
    )
    order_ids = fields.One2many("sale.order", "channel_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The channel code must be unique per company.",
    )

    @api.depends("order_ids")
    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.order_count = counts.get(channel, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_omnichannel.action_oms_orders")
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"default_channel_id": self.id}
        return action
