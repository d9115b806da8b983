# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.fields import Domain


class OmsDashboard(models.AbstractModel):
    _inherit = "oms.dashboard"

    @api.model
    def _oms_dashboard_today(self, since, domain=None):
        """Add today's POS orders to the orders of the day by channel and status.

        Read from the Order KPIs report, whose record rules limit them to the
        channels the user may see (OMS users need no Point of Sale rights), and to
        the dashboard's channel and warehouse filters (``domain``).
        """
        data = super()._oms_dashboard_today(since, domain)
        groups = self.env["oms.order.report"]._read_group(
            Domain([("date", ">=", since), ("pos_order_id", "!=", False)])
            & Domain(domain or Domain.TRUE),
            ["channel_id", "oms_status"],
            ["order_count:sum", "revenue:sum"],
        )
        if not groups:
            return data
        labels = dict(self.env["sale.order"]._fields["oms_status"]._description_selection(self.env))
        by_status = {row["status"]: row for row in data["by_status"]}
        for channel, status, count, amount in groups:
            data["rows"].append(
                {
                    "channel_id": channel.id,
                    "channel": channel.display_name or self.env._("No channel"),
                    "status": status,
                    "status_label": labels.get(status, status or ""),
                    "count": count,
                    "amount": amount,
                }
            )
            if status in by_status:
                by_status[status]["count"] += count
            else:
                by_status[status] = {"status": status, "label": labels[status], "count": count}
        data["by_status"] = [by_status[key] for key in labels if key in by_status]
        data["total"] += sum(count for _channel, _status, count, _amount in groups)
        return data
