# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

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
