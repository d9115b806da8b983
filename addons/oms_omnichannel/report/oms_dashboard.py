# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Data of the Omnichannel Overview dashboard and of the daily KPI digest.

``get_dashboard_data`` returns everything the dashboard shows with a fixed
number of aggregated queries, whatever the number of orders. Other addons add
sections by overriding the ``_oms_dashboard_*`` hooks (``oms_returns`` fills the
top return reasons; a marketplace sync health section can be added the same
way by overriding ``_oms_dashboard_data`` and adding a key).
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

# statuses of orders confirmed but not shipped at all
NOT_SHIPPED_STATUSES = ("confirmed", "partially_allocated", "allocated", "picking", "packed")
DEFAULT_HOLD_ALERT_HOURS = 24
AT_RISK_LIST_LIMIT = 10


class OmsDashboard(models.AbstractModel):
    _name = "oms.dashboard"
    _description = "Omnichannel Overview Dashboard"

    @api.readonly
    @api.model
    def get_dashboard_data(self):
        """Everything the Omnichannel Overview shows (called by the client action)."""
        if not self.env.user.has_group("oms_omnichannel.group_oms_user"):
            raise AccessError(self.env._("Only OMS users may open the Omnichannel Overview."))
        return self._oms_dashboard_data()

    # ------------------------------------------------------------------
    # Building blocks (private: the client calls get_dashboard_data)
    # ------------------------------------------------------------------
    @api.private
    def _oms_dashboard_data(self, now=None):
        now = now or fields.Datetime.now()
        tz = pytz.timezone(self.env["oms.order.report"]._oms_report_tz())
        today = pytz.utc.localize(now).astimezone(tz).date()
        data = {
            "today": fields.Date.to_string(today),
            "currency": self.env.company.currency_id.name,
            "today_orders": self._oms_dashboard_today(self._oms_utc(today, tz)),
            "at_risk": self._oms_dashboard_at_risk(now, today),
            "kpi_cards": self._oms_kpi_cards(),
            "kpis": {str(days): self._oms_dashboard_kpis(today, tz, days) for days in (7, 30)},
            "daily": self._oms_dashboard_daily(today, tz, 30),
            "return_reasons": self._oms_dashboard_return_reasons(
                self._oms_utc(today - timedelta(days=29), tz)
            ),
            "marketplaces": self._oms_dashboard_marketplaces(now),
        }
        return data

    @api.model
    def _oms_kpi_cards(self):
        """The KPI cards: key of the KPI, label, unit, whether a higher value is better."""
        _ = self.env._
        cards = [
            ("orders", _("Orders"), "count", True),
            ("revenue", _("Revenue"), "amount", True),
            ("on_time_ship_rate", _("On-time shipment"), "percent", True),
            ("on_time_delivery_rate", _("On-time delivery"), "percent", True),
            ("line_fill_rate", _("Fill rate (lines)"), "percent", True),
            ("ship_hours_avg", _("Order to ship (avg h)"), "hours", False),
            ("ship_hours_p90", _("Order to ship (p90 h)"), "hours", False),
            ("delivery_hours_avg", _("Order to delivery (avg h)"), "hours", False),
            ("split_rate", _("Split rate"), "percent", False),
            ("cancel_rate", _("Cancellation rate"), "percent", False),
        ]
        return [
            {"key": key, "label": label, "unit": unit, "higher_is_better": up}
            for key, label, unit, up in cards
        ]

    @api.model
    def _oms_utc(self, day, tz):
        """Naive UTC datetime of the local midnight starting ``day``."""
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _oms_dashboard_today(self, since):
        groups = self.env["sale.order"]._read_group(
            [("date_order", ">=", since)],
            ["channel_id", "oms_status"],
            ["__count", "amount_untaxed:sum"],
        )
        labels = dict(self.env["sale.order"]._fields["oms_status"]._description_selection(self.env))
        rows = []
        by_status = defaultdict(int)
        for channel, status, count, amount in groups:
            rows.append(
                {
                    "channel_id": channel.id,
                    "channel": channel.display_name or self.env._("No channel"),
                    "status": status,
                    "status_label": labels.get(status, status or ""),
                    "count": count,
                    "amount": amount,
                }
            )
            by_status[status] += count
        statuses = [
            {"status": key, "label": label, "count": by_status[key]}
            for key, label in labels.items()
            if by_status.get(key)
        ]
        return {
            "rows": rows,
            "by_status": statuses,
            "total": sum(row["count"] for row in rows),
        }

    @api.model
    def _oms_hold_alert_hours(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("oms_omnichannel.kpi_hold_alert_hours")
        )
        try:
            return float(value) if value else DEFAULT_HOLD_ALERT_HOURS
        except ValueError:
            return DEFAULT_HOLD_ALERT_HOURS

    @api.model
    def _oms_dashboard_at_risk(self, now, today):
        Order = self.env["sale.order"]
        hours = self._oms_hold_alert_hours()
        late_domain = Domain(
            [
                ("state", "=", "sale"),
                ("oms_status", "in", NOT_SHIPPED_STATUSES),
                ("oms_promised_ship_date", "<", today),
            ]
        )
        hold_domain = Domain(
            [("oms_hold", "=", True), ("oms_hold_since", "<", now - timedelta(hours=hours))]
        )
        fnames = ["name", "channel_id", "oms_status", "oms_promised_ship_date", "oms_hold_since"]
        late = Order.search_fetch(late_domain, fnames, order="oms_promised_ship_date, id")
        held = Order.search_fetch(hold_domain, fnames, order="oms_hold_since, id")

        def rows(orders):
            return [
                {
                    "id": order.id,
                    "name": order.name,
                    "channel": order.channel_id.display_name or "",
                    "status": order.oms_status,
                    "promised_ship_date": fields.Date.to_string(order.oms_promised_ship_date),
                    "hold_since": fields.Datetime.to_string(order.oms_hold_since),
                }
                for order in orders[:AT_RISK_LIST_LIMIT]
            ]

        return {
            "hold_alert_hours": hours,
            "late_count": len(late),
            "late": rows(late),
            "late_ids": late.ids,
            "held_count": len(held),
            "held": rows(held),
            "held_ids": held.ids,
        }

    @api.model
    def _oms_dashboard_kpis(self, today, tz, days):
        """KPIs of the last ``days`` days (today included) and of the days before."""
        start = today - timedelta(days=days - 1)
        end = today + timedelta(days=1)
        windows = {
            "current": (start, end),
            "previous": (start - timedelta(days=days), start),
        }
        result = {}
        for key, (date_from, date_to) in windows.items():
            domain = [
                ("date", ">=", self._oms_utc(date_from, tz)),
                ("date", "<", self._oms_utc(date_to, tz)),
            ]
            values = self.env["oms.order.report"]._oms_kpi_summary(domain)
            values.update(self.env["oms.fill.report"]._oms_fill_summary(domain))
            result[key] = values
        result["date_from"] = fields.Date.to_string(start)
        return result

    @api.model
    def _oms_dashboard_daily(self, today, tz, days):
        """Orders per day and channel over the last ``days`` days (one query)."""
        start = today - timedelta(days=days - 1)
        groups = (
            self.env["oms.order.report"]
            .with_context(tz=tz.zone)
            ._read_group(
                [("date", ">=", self._oms_utc(start, tz))],
                ["date:day", "channel_id"],
                ["order_count:sum"],
            )
        )
        day_list = [start + timedelta(days=i) for i in range(days)]
        series = defaultdict(lambda: [0] * days)
        names = {}
        for day, channel, count in groups:
            index = (day.date() if isinstance(day, datetime) else day) - start
            if 0 <= index.days < days:
                series[channel.id][index.days] += count
                names[channel.id] = channel.display_name or self.env._("No channel")
        return {
            "labels": [fields.Date.to_string(day) for day in day_list],
            "series": [
                {"channel_id": cid, "label": names[cid], "data": values}
                for cid, values in sorted(series.items(), key=lambda kv: names[kv[0]])
            ],
        }

    @api.model
    def _oms_dashboard_marketplaces(self, now):
        """Sync health per marketplace account: [{"name", "platform", "health", "lag_hours",
        "error_count", "last_error"}]; the marketplace addon fills it."""
        return []

    @api.model
    def _oms_dashboard_return_reasons(self, since):
        """Top return reasons since ``since``: [{"reason", "count", "qty"}]; the
        returns addon fills it."""
        return []

    # ------------------------------------------------------------------
    # Daily digest
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_kpi_digest(self):
        """Mail yesterday's KPI digest to every OMS manager with an email address."""
        template = self.env.ref(
            "oms_omnichannel.mail_template_oms_kpi_digest", raise_if_not_found=False
        )
        if not template:
            return False
        group = self.env.ref("oms_omnichannel.group_oms_manager")
        managers = self.env["res.users"].search(
            [("all_group_ids", "in", group.id), ("email", "!=", False), ("share", "=", False)]
        )
        for user in managers:
            # each manager gets the figures of the channels he may see
            data = self.with_user(user).with_company(user.company_id)._oms_dashboard_data()
            template.with_context(kpi=data, lang=user.lang).send_mail(
                user.id, email_layout_xmlid="mail.mail_notification_light"
            )
        return True
