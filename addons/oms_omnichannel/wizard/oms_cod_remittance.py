# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class OmsCodRemittance(models.TransientModel):
    _name = "oms.cod.remittance"
    _description = "Register COD Remittance"
    _check_company_auto = True

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Journal",
        required=True,
        check_company=True,
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Where the courier's money arrived. Default: the channel's COD remittance journal.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(
        string="Amount to Receive", compute="_compute_amount", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("order_ids")
    def _compute_journal_id(self):
        for wizard in self:
            journal = wizard.order_ids.channel_id.cod_journal_id[:1]
            if not journal:
                journal = self.env["account.journal"].search(
                    [
                        *self.env["account.journal"]._check_company_domain(wizard.company_id),
                        ("type", "=", "bank"),
                    ],
                    limit=1,
                )
            wizard.journal_id = journal

    @api.depends("order_ids")
    def _compute_amount(self):
        for wizard in self:
            invoices = wizard.order_ids._oms_posted_invoices()
            wizard.amount = sum(invoices.mapped("amount_residual"))

    def action_apply(self):
        self.ensure_one()
        self.order_ids._oms_register_cod_remittance(self.journal_id, self.date)
        return {"type": "ir.actions.act_window_close"}
