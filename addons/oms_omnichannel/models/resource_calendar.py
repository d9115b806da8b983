# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, time

from odoo import fields, models
from odoo.exceptions import UserError

try:
    import holidays as holidays_lib
except ImportError:  # pragma: no cover - declared in external_dependencies
    holidays_lib = None


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def action_oms_load_id_holidays(self, years=None):
        """Load Indonesia's public holidays (incl. Islamic ones) as calendar leaves.

        Uses the ``holidays`` package, so the dates stay right year after year.
        Existing leaves with the same name and date are not duplicated.
        """
        if holidays_lib is None:
            raise UserError(self.env._("The Python package 'holidays' is not installed."))
        today = fields.Date.context_today(self)
        years = years or [today.year, today.year + 1]
        calendar_holidays = holidays_lib.country_holidays("ID", years=years)
        existing = self.env["resource.calendar.leaves"].search_read(
            [("calendar_id", "in", self.ids), ("resource_id", "=", False)],
            ["calendar_id", "name", "date_from"],
        )
        seen = {(r["calendar_id"][0], r["name"], r["date_from"].date()) for r in existing}
        vals_list = []
        for calendar in self:
            for day, name in sorted(calendar_holidays.items()):
                if not isinstance(day, date) or (calendar.id, name, day) in seen:
                    continue
                vals_list.append(
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "date_from": datetime.combine(day, time.min),
                        "date_to": datetime.combine(day, time(23, 59, 59)),
                        "time_type": "leave",
                    }
                )
        return self.env["resource.calendar.leaves"].create(vals_list)
