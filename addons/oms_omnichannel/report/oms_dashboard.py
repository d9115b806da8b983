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
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

# statuses of orders confirmed but not shipped at all
from ..models.sale_order_sourcing import NOT_SHIPPED_STATUSES

DEFAULT_HOLD_ALERT_HOURS = 24
AT_RISK_LIST_LIMIT = 10


class OmsDashboard(models.AbstractModel):
    _name = "oms.dashboard"
    _description = "Omnichannel Overview Dashboard"

    @api.readonly
    @api.model
    def get_dashboard_data(self, filters=None):
        """Everything the Omnichannel Overview shows (called by the client action).

        ``filters`` (optional): ``{"channel_ids": [ids], "warehouse_ids": [ids],
        "date_from": "YYYY-MM-DD", "date_to": "YYYY-MM-DD"}``; empty lists mean all.
        """
        if not self.env.user.has_group("oms_omnichannel.group_oms_user"):
            raise AccessError(self.env._("Only OMS users may open the Omnichannel Overview."))
        return self._oms_dashboard_data(filters=self._oms_dashboard_filters(filters))

    # ------------------------------------------------------------------
    # Building blocks (private: the client calls get_dashboard_data)
    # ------------------------------------------------------------------
    @api.model
    def _oms_dashboard_filters(self, filters):
        """Check the client's filters; a clear error on bad input."""
        filters = filters or {}
        if not isinstance(filters, dict):
            raise UserError(self.env._("The dashboard filters must be an object."))
        result = {}
        for key in ("channel_ids", "warehouse_ids"):
            ids = filters.get(key) or []
            if not isinstance(ids, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in ids
            ):
                raise UserError(self.env._("%s must be a list of record ids.", key))
            result[key] = ids
        for key in ("date_from", "date_to"):
            value = filters.get(key)
            try:
                result[key] = fields.Date.to_date(value) if value else None
            except (TypeError, ValueError):
                raise UserError(
                    self.env._(
                        "%(key)s must be a date (YYYY-MM-DD), not %(value)r.", key=key, value=value
                    )
                ) from None
        if result["date_from"] and result["date_to"] and result["date_from"] > result["date_to"]:
            raise UserError(self.env._("The start of the period is after its end."))
        return result

    @api.model
    def _oms_dashboard_domain(self, filters):
        """Domain of the channel and warehouse filters (sale orders and the KPI reports
        share the field names)."""
        domain = Domain.TRUE
        if filters and filters.get("channel_ids"):
            domain &= Domain("channel_id", "in", filters["channel_ids"])
        if filters and filters.get("warehouse_ids"):
            domain &= Domain("warehouse_id", "in", filters["warehouse_ids"])
        return domain

    @api.private
    def _oms_dashboard_data(self, now=None, filters=None):
        now = now or fields.Datetime.now()
        filters = filters or {}
        tz = pytz.timezone(self.env["oms.order.report"]._oms_report_tz())
        today = pytz.utc.localize(now).astimezone(tz).date()
        domain = self._oms_dashboard_domain(filters)
        date_to = filters.get("date_to")
        date_from = filters.get("date_from")
        if date_from or date_to:
            date_to = date_to or today
            date_from = date_from or date_to - timedelta(days=29)
            days = (date_to - date_from).days + 1
            kpis = self._oms_dashboard_kpis_many(date_to, tz, {"range": days}, domain)
        else:
            date_to, date_from, days = today, today - timedelta(days=29), 30
            kpis = self._oms_dashboard_kpis_many(today, tz, {"7": 7, "30": 30}, domain)
        data = {
            "today": fields.Date.to_string(today),
            "currency": self.env.company.currency_id.name,
            "currency_id": self.env.company.currency_id.id,
            "filters": {
                "channel_ids": filters.get("channel_ids") or [],
                "warehouse_ids": filters.get("warehouse_ids") or [],
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
                "range": bool(filters.get("date_from") or filters.get("date_to")),
            },
            "order_list_view_id": self.env.ref("oms_omnichannel.view_order_list_oms").id,
            "channels": self._oms_dashboard_channels(),
            "warehouses": [
                {"id": wh.id, "name": wh.display_name}
                for wh in self.env["stock.warehouse"].search_fetch([], ["name"])
            ],
            "today_orders": self._oms_dashboard_today(self._oms_utc(today, tz), domain),
            "at_risk": self._oms_dashboard_at_risk(now, today, domain),
            "kpi_cards": self._oms_kpi_cards(),
            "kpis": kpis,
            "daily": self._oms_dashboard_daily(date_to, tz, days, domain),
            "return_reasons": self._oms_dashboard_return_reasons(self._oms_utc(date_from, tz)),
            "marketplaces": self._oms_dashboard_marketplaces(now),
        }
        return data

    @api.model
    def _oms_dashboard_channels(self):
        """The channels the user sees, with a colour index that stays with the channel:
        its own colour when set, else one derived from its id (never its position)."""
        return [
            {"id": channel.id, "name": channel.display_name, "color": channel.color or channel.id}
            for channel in self.env["oms.channel"].search_fetch([], ["name", "color"])
        ]

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
    def _oms_dashboard_today(self, since, domain=None):
        groups = self.env["sale.order"]._read_group(
            Domain("date_order", ">=", since) & Domain(domain or Domain.TRUE),
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
    def _oms_dashboard_at_risk(self, now, today, domain=None):
        Order = self.env["sale.order"]
        domain = Domain(domain or Domain.TRUE)
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
        # ids only (thousands of late orders at flash-sale volume), fields of the listed ones
        late = Order.search(late_domain & domain, order="oms_promised_ship_date, id")
        held = Order.search(hold_domain & domain, order="oms_hold_since, id")
        (late[:AT_RISK_LIST_LIMIT] | held[:AT_RISK_LIST_LIMIT]).fetch(fnames)

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
    def _oms_dashboard_kpis(self, today, tz, days, domain=None):
        """KPIs of the ``days`` days up to ``today`` (included) and of the days before."""
        return self._oms_dashboard_kpis_many(today, tz, {"kpis": days}, domain)["kpis"]

    @api.model
    def _oms_dashboard_kpis_many(self, today, tz, spans, domain=None):
        """``{key: _oms_dashboard_kpis(today, tz, days, domain)}`` for ``spans``
        ``{key: days}``: from the materialised KPIs, all periods in one query."""
        domain = Domain(domain or Domain.TRUE)
        windows = {}
        for key, days in spans.items():
            start = today - timedelta(days=days - 1)
            end = today + timedelta(days=1)
            for name, (date_from, date_to) in (
                ("current", (start, end)),
                ("previous", (start - timedelta(days=days), start)),
            ):
                windows[key, name] = (self._oms_utc(date_from, tz), self._oms_utc(date_to, tz))
        if self.env.context.get("oms_dashboard_live"):
            values = {}
            for window_key, (date_from, date_to) in windows.items():
                window = Domain([("date", ">=", date_from), ("date", "<", date_to)]) & domain
                values[window_key] = self.env["oms.order.report"]._oms_kpi_summary(window)
                values[window_key].update(self.env["oms.fill.report"]._oms_fill_summary(window))
        else:
            # order KPIs and fill rates of every period in one query
            values = self.env["oms.order.kpi"]._oms_kpi_summaries(windows, domain)
        result = {}
        for key, days in spans.items():
            result[key] = {
                "current": values[key, "current"],
                "previous": values[key, "previous"],
                "date_from": fields.Date.to_string(today - timedelta(days=days - 1)),
                "date_to": fields.Date.to_string(today),
            }
        return result

    @api.model
    def _oms_dashboard_daily(self, today, tz, days, domain=None):
        """Orders per day and channel over the ``days`` days up to ``today`` (one query)."""
        start = today - timedelta(days=days - 1)
        # from the live report: it needs the orders' dates and channels only, and
        # PostgreSQL leaves its joins out (faster than the stored figures here)
        groups = (
            self.env["oms.order.report"]
            .with_context(tz=tz.zone)
            ._read_group(
                Domain("date", ">=", self._oms_utc(start, tz))
                & Domain("date", "<", self._oms_utc(today + timedelta(days=1), tz))
                & Domain(domain or Domain.TRUE),
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
