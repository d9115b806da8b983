# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# automatic workflows (data/sale_workflow_process_data.xml) by channel type:
# (prepaid orders, COD / unpaid orders); other types get the default
_WORKFLOWS_BY_TYPE = {
    "b2b": ("oms_workflow_b2b", "oms_workflow_b2b"),
}
_DEFAULT_WORKFLOWS = ("oms_workflow_prepaid", "oms_workflow_cod")

# when a partly shipped order invoiced on delivery is invoiced, by channel type; other
# types: once fully shipped
_SHIPMENT_INVOICING_BY_TYPE = {
    # the invoice travels with the goods: the customer owes what was delivered
    "b2b": "per_shipment",
    "mobile": "per_shipment",
}

# payment method of an order -> the channel's journal field for it
_JOURNAL_BY_METHOD = {
    "bank_transfer": "bank_transfer_journal_id",
    "ewallet": "ewallet_journal_id",
    "card": "card_journal_id",
    "cod": "cod_journal_id",
}


class OmsChannel(models.Model):
    """Money settings of a channel: its default automatic workflows and the journals
    its payments are registered on."""

    _inherit = "oms.channel"

    shipment_invoicing = fields.Selection(
        [
            ("per_shipment", "Per shipment (what was delivered)"),
            ("complete", "Once fully shipped"),
        ],
        string="Invoice Partial Shipments",
        compute="_compute_shipment_invoicing",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="For orders invoiced on delivery (the B2B and cash-on-delivery workflows): "
        "invoice each shipment as it leaves, for what it delivered, or wait until nothing is "
        "left to ship and invoice once. Either way the invoice is for the quantities "
        "delivered, never for goods that did not leave (a cancelled backorder is not "
        "invoiced). Prepaid orders are invoiced when they are paid. Default: per shipment "
        "for B2B and field sales, once fully shipped for the others.",
    )

    @api.depends("channel_type")
    def _compute_shipment_invoicing(self):
        for channel in self:
            channel.shipment_invoicing = _SHIPMENT_INVOICING_BY_TYPE.get(
                channel.channel_type, "complete"
            )

    oms_clearing_journal_id = fields.Many2one(
        "account.journal",
        string="Settlement Clearing Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Marketplaces: the journal standing for the marketplace balance. Its incoming "
        "payments go to the marketplace's clearing account; the channel's payouts "
        "(Omnichannel > Settlements) clear it. Use it as the channel's payment journal so "
        "the workflow pays the invoices from the clearing.",
    )

    @api.model
    def _oms_default_workflows(self, channel_type):
        """The shipped (prepaid, COD) workflows of a channel of ``channel_type``."""
        xmlids = _WORKFLOWS_BY_TYPE.get(channel_type, _DEFAULT_WORKFLOWS)
        Workflow = self.env["sale.workflow.process"]
        return tuple(
            self.env.ref(f"oms_omnichannel.{xmlid}", raise_if_not_found=False) or Workflow
            for xmlid in xmlids
        )

    @api.private
    def _oms_set_default_journals(self):
        """Fill the empty journals of new channels so that they register payments
        without setup: the *Payment Journal* (every payment method without a journal
        of its own uses it) is the prepaid workflow's own journal if it has one, else
        the company's first bank journal; the couriers' cash-on-delivery remittances go
        to the company's "COD Remittances" journal (created once per company)."""
        for company, channels in self.grouped("company_id").items():
            bank = self._oms_company_bank_journal(company)
            cod = self.env["account.journal"]
            for channel in channels:
                vals = {}
                if not channel.payment_journal_id:
                    journal = channel._oms_default_payment_journal(bank)
                    if journal:
                        vals["payment_journal_id"] = journal.id
                if not channel.cod_journal_id:
                    cod = cod or self._oms_company_cod_journal(company)
                    if cod:
                        vals["cod_journal_id"] = cod.id
                if vals:
                    channel.write(vals)

    def _oms_default_payment_journal(self, bank=None):
        """The payment journal a new channel gets: its prepaid workflow's own journal
        if it has one in the channel's company, else ``bank`` (default: the company's
        first bank journal)."""
        self.ensure_one()
        journal = self.workflow_process_id.property_payment_journal_id
        if journal.company_id != self.company_id:
            journal = bank if bank is not None else self._oms_company_bank_journal(self.company_id)
        return journal

    @api.model
    def _oms_company_bank_journal(self, company):
        # sudo: an OMS manager creating a channel needs no accounting rights
        return (
            self.env["account.journal"]
            .sudo()
            .search(
                [("company_id", "=", company.id), ("type", "=", "bank")],
                order="sequence, id",
                limit=1,
            )
        )

    @api.model
    def _oms_company_cod_journal(self, company):
        """The company's journal of COD remittances (code CODR), created with its own
        liquidity account when missing; none before the company has a chart."""
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search([("company_id", "=", company.id), ("code", "=", "CODR")], limit=1)
        if journal or not company.chart_template:
            return journal
        return Journal.with_company(company).create(
            {
                "name": self.env._("COD Remittances"),
                "code": "CODR",
                "type": "bank",
                "company_id": company.id,
            }
        )

    def _oms_payment_journal(self, payment_method):
        """The journal a payment by ``payment_method`` is registered on: the method's
        own journal, else the channel's payment journal (empty: none set)."""
        self.ensure_one()
        fname = _JOURNAL_BY_METHOD.get(payment_method)
        journal = self[fname] if fname else self.env["account.journal"]
        if payment_method == "cod":
            return journal
        return journal or self.payment_journal_id

    def action_oms_create_clearing_journal(self):
        """Create the channel's clearing journal and account, and pay its prepaid
        orders from it: it becomes the channel's payment journal unless someone chose
        another one (the default a new channel gets, the workflow's journal or the
        company's bank, is replaced: a marketplace's buyers pay the marketplace, not
        the company's bank)."""
        for channel in self.filtered(lambda c: not c.oms_clearing_journal_id):
            journal = self.env["account.journal"]._oms_create_clearing_journal(
                channel.name, (channel.code or "MP")[:5].upper(), channel.company_id
            )
            current = channel.payment_journal_id
            vals = {"oms_clearing_journal_id": journal.id}
            if not current or current == channel._oms_default_payment_journal():
                vals["payment_journal_id"] = journal.id
            channel.write(vals)
        return True
