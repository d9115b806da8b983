# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import settlement_file


class OmsSettlementImport(models.TransientModel):
    """Upload a marketplace's settlement / income report or a courier's COD report:
    one settlement per payout in the file, posted at once. Uploading the same file
    again changes nothing."""

    _name = "oms.settlement.import"
    _description = "Import Settlement Report"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    format_id = fields.Many2one("oms.settlement.format", string="Report Format", required=True)
    kind = fields.Selection(related="format_id.kind")
    channel_id = fields.Many2one(
        "oms.channel", check_company=True, help="The marketplace channel the report is of."
    )
    carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Courier",
        compute="_compute_carrier_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    clearing_journal_id = fields.Many2one(
        "account.journal",
        compute="_compute_clearing_journal_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )
    file = fields.Binary(required=True)
    filename = fields.Char()
    payout_ref = fields.Char(
        string="Payout Reference", help="For reports without a payout reference column."
    )
    date = fields.Date(default=fields.Date.context_today, required=True)

    @api.depends("format_id")
    def _compute_carrier_id(self):
        for wizard in self:
            wizard.carrier_id = wizard.format_id.carrier_id

    @api.depends("format_id", "channel_id", "carrier_id")
    def _compute_clearing_journal_id(self):
        for wizard in self:
            wizard.clearing_journal_id = (
                wizard.channel_id.oms_clearing_journal_id
                if wizard.format_id.kind == "marketplace"
                else wizard.carrier_id.with_company(wizard.company_id).oms_cod_clearing_journal_id
            )

    def action_import(self):
        self.ensure_one()
        settlements = self._oms_import()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settlements"),
            "res_model": "oms.settlement",
            "view_mode": "list,form",
            "domain": [("id", "in", settlements.ids)],
        }

    @api.private
    def _oms_import(self):
        self.ensure_one()
        if self.format_id.kind == "marketplace" and not self.channel_id:
            raise UserError(self.env._("Choose the marketplace channel of the report."))
        if not self.clearing_journal_id:
            raise UserError(
                self.env._(
                    "Choose the clearing journal the report settles (the channel's or the "
                    "courier's clearing journal)."
                )
            )
        content = base64.b64decode(self.file)
        fmt = self.format_id
        try:
            rows = settlement_file.read_rows(
                content, fmt._oms_mapping(), self.filename or "", fmt.fees_negative
            )
        except settlement_file.SettlementFileError as exc:
            raise UserError(
                self.env._(
                    "The report cannot be read as %(format)s: %(error)s",
                    format=fmt.name,
                    error=str(exc),
                )
            ) from exc
        if not rows:
            raise UserError(self.env._("The report holds no order."))
        source = fmt.code
        if self.channel_id:
            source = f"{fmt.code}:{self.channel_id.code or self.channel_id.id}"
        return self.env["oms.settlement"]._oms_import_rows(
            rows,
            source,
            fmt.match_by,
            self.clearing_journal_id,
            channel=self.channel_id if fmt.kind == "marketplace" else None,
            carrier=self.carrier_id,
            payout_ref=self.payout_ref,
            date=self.date,
            digest=hashlib.sha256(content).hexdigest(),
        )
