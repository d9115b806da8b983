# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class OmsDashboard(models.AbstractModel):
    _inherit = "oms.dashboard"

    @api.model
    def _oms_dashboard_marketplaces(self, now):
        """Sync health of the active marketplace accounts (one read), worst first."""
        # OMS users may read accounts (not their credentials, which are not read here)
        accounts = self.env["oms.marketplace.account"].search_read(
            [("active", "=", True)],
            ["name", "platform", "health", "error_count", "last_error", "last_success_date"],
        )
        platforms = dict(
            self.env["oms.marketplace.account"]._fields["platform"]._description_selection(self.env)
        )
        rows = [
            {
                "id": account["id"],
                "name": account["name"],
                "platform": platforms.get(account["platform"], account["platform"]),
                "health": account["health"],
                "error_count": account["error_count"],
                "last_error": (account["last_error"] or "")[:200],
                "lag_hours": round((now - account["last_success_date"]).total_seconds() / 3600.0, 1)
                if account["last_success_date"]
                else None,
            }
            for account in accounts
        ]
        return sorted(rows, key=lambda r: (-r["error_count"], -(r["lag_hours"] or 0)))
