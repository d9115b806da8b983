# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class OmsSetupChecklist(models.AbstractModel):
    _inherit = "oms.setup.checklist"

    @api.model
    def _get_steps(self):
        """The marketplace accounts step (Tokopedia/TikTok Shop, Shopee, Lazada...)."""
        steps = super()._get_steps()
        accounts = self.env["oms.marketplace.account"].search_count(
            [("company_id", "=", self.env.company.id)]
        )
        steps.append(
            {
                "key": "marketplace_accounts",
                "sequence": 50,
                "title": self.env._("Marketplace accounts"),
                "help": self.env._(
                    "Connect each marketplace shop to its channel: orders are imported, "
                    "stock and shipments pushed."
                ),
                "done": bool(accounts),
                "action": "oms_marketplace_sync.action_oms_marketplace_account",
            }
        )
        return steps
