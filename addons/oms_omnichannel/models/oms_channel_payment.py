# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# automatic workflows (data/sale_workflow_process_data.xml) by channel type:
# (prepaid orders, COD / unpaid orders); other types get the default
_WORKFLOWS_BY_TYPE = {
    "b2b": ("oms_workflow_b2b", "oms_workflow_b2b"),
}
_DEFAULT_WORKFLOWS = ("oms_workflow_prepaid", "oms_workflow_cod")

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
        orders from it (when the channel has no payment journal yet)."""
        for channel in self.filtered(lambda c: not c.oms_clearing_journal_id):
            journal = self.env["account.journal"]._oms_create_clearing_journal(
                channel.name, (channel.code or "MP")[:5].upper(), channel.company_id
            )
            channel.oms_clearing_journal_id = journal
            if not channel.payment_journal_id:
                channel.payment_journal_id = journal
        return True
