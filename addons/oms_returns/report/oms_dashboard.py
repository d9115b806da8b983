# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

TOP_REASONS = 5


class OmsDashboard(models.AbstractModel):
    _inherit = "oms.dashboard"

    @api.model
    def _oms_dashboard_return_reasons(self, since):
        """Top return reasons of the returns requested since ``since`` (one query)."""
        groups = self.env["oms.return.report"]._read_group(
            [("kind", "=", "return"), ("return_date", ">=", since)],
            ["reason_id"],
            ["return_count:sum", "qty_returned:sum"],
            order="return_count:sum desc",
            limit=TOP_REASONS,
        )
        return [
            {
                "reason_id": reason.id,
                "reason": reason.display_name or self.env._("No reason"),
                "count": count,
                "qty": qty,
            }
            for reason, count, qty in groups
        ]
