# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import settlement_file

# reports of more rows than this are imported by a queue job (system parameter
# ``oms_omnichannel.settlement_import_job_rows`` overrides it)
JOB_ROWS_PARAM = "oms_omnichannel.settlement_import_job_rows"
JOB_ROWS_DEFAULT = 500


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
    run_in_background = fields.Boolean(
        string="Import in the Background",
        help="Import the report in a queue job (large reports are always imported so): "
        "the settlements appear when the job is done.",
    )

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
        self._oms_check()
        rows = self._oms_read_rows()
        if self.run_in_background or len(rows) > self._oms_job_rows():
            job = self._oms_enqueue_import()
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Import queued"),
                    "message": self.env._(
                        "The report (%(count)s rows) is imported in the background (%(job)s): "
                        "its settlements appear in Omnichannel > Settlements when done.",
                        count=len(rows),
                        job=job.uuid,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        settlements = self._oms_import(rows)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settlements"),
            "res_model": "oms.settlement",
            "view_mode": "list,form",
            "domain": [("id", "in", settlements.ids)],
        }

    @api.model
    def _oms_job_rows(self):
        value = self.env["ir.config_parameter"].sudo().get_param(JOB_ROWS_PARAM)
        try:
            return int(value) if value else JOB_ROWS_DEFAULT
        except ValueError:
            return JOB_ROWS_DEFAULT

    def _oms_job_vals(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "format_id": self.format_id.id,
            "channel_id": self.channel_id.id,
            "carrier_id": self.carrier_id.id,
            "clearing_journal_id": self.clearing_journal_id.id,
            "filename": self.filename or "",
            "payout_ref": self.payout_ref or "",
            "date": fields.Date.to_string(self.date),
        }

    @api.private
    def _oms_enqueue_import(self):
        """Queue the import of this report (checked readable already): the file
        is kept as an attachment until the job is done; the same file queued twice
        is one job (identity: the company and the file's digest)."""
        self.ensure_one()
        content = base64.b64decode(self.file)
        digest = hashlib.sha256(content).hexdigest()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.filename or "settlement-report",
                "raw": content,
                "res_model": "oms.settlement",
                "res_id": 0,
                "company_id": self.company_id.id,
            }
        )
        return (
            self.browse()
            .with_company(self.company_id)
            .with_delay(
                identity_key=f"oms-settlement-report-{self.company_id.id}-{digest}",
                description=self.env._(
                    "Import settlement report %s", self.filename or self.format_id.name
                ),
            )
            ._oms_job_import(attachment.id, self._oms_job_vals())
        )

    @api.model
    @api.private
    def _oms_job_import(self, attachment_id, vals):
        """The queue job of a report upload: the same import as the wizard's, from
        the attachment the upload left; the attachment goes once imported."""
        attachment = self.env["ir.attachment"].browse(attachment_id).exists()
        if not attachment:
            return self.env._("The report was already imported (its file is gone).")
        wizard = self.create({**vals, "file": base64.b64encode(attachment.raw)})
        settlements = wizard._oms_import()
        attachment.unlink()
        return self.env._(
            "Settlements %(names)s imported from %(file)s.",
            names=", ".join(settlements.mapped("name")),
            file=vals.get("filename") or attachment.name,
        )

    def _oms_read_rows(self):
        """The report's rows (a clear error when the report cannot be read)."""
        self.ensure_one()
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
        return rows

    def _oms_check(self):
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

    @api.private
    def _oms_import(self, rows=None):
        self.ensure_one()
        self._oms_check()
        content = base64.b64decode(self.file)
        fmt = self.format_id
        if rows is None:
            rows = self._oms_read_rows()
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
