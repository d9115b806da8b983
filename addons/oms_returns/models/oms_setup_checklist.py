# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class OmsSetupChecklist(models.AbstractModel):
    _inherit = "oms.setup.checklist"

    @api.model
    def _get_steps(self):
        """The return policy step."""
        steps = super()._get_steps()
        policies = self.env["oms.return.policy"].search_count(
            [("company_id", "in", [False, self.env.company.id])]
        )
        steps.append(
            {
                "key": "return_policy",
                "sequence": 60,
                "title": self.env._("Return policy"),
                "help": self.env._(
                    "Return window, accepted reasons, approval and refunds, per channel."
                ),
                "done": bool(policies),
                "action": "oms_returns.oms_return_policy_action",
            }
        )
        return steps
