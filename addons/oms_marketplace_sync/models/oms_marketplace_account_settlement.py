# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import UTC, date, datetime, time, timedelta, timezone

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_omnichannel.tools.settlement_file import SettlementRow
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

from ..tools import lazada, shopee, shopify, tiktok
from .oms_marketplace_account import JOB_CHANNEL

# payout days are the seller's days (Western Indonesia Time, no daylight saving)
WIB = timezone(timedelta(hours=7))
# how far back the first settlement import reaches
SETTLEMENT_FIRST_DAYS = 14


class OmsMarketplaceAccount(models.Model):
    """Settlements from the platform's finance API: one settlement per day of
    escrows released by the platform (Shopee), imported by a queue job per day once
    the day is over. Importing a day again changes nothing (the settlement's
    identity is the account and the day)."""

    _inherit = "oms.marketplace.account"

    settlement_sync_date = fields.Date(
        string="Payouts Imported Until",
        copy=False,
        help="Last day whose released payouts were imported; the next import starts the "
        "day after (empty: the last two weeks).",
    )

    def action_import_settlements_now(self):
        for account in self:
            account._oms_check_settlement_support()
            account._enqueue_settlement_days()
        return True

    @api.model
    def _cron_import_settlements(self):
        accounts = self.search(
            [("active", "=", True), ("platform", "in", self._settlement_platforms())]
        )
        for account in accounts.filtered("channel_id.oms_clearing_journal_id"):
            account._enqueue_settlement_days()

    @api.model
    def _settlement_platforms(self):
        return ("shopee", "tiktok", "lazada", "shopify")

    def _oms_check_settlement_support(self):
        self.ensure_one()
        if self.platform not in self._settlement_platforms():
            raise UserError(
                self.env._(
                    "Payouts of %s are not imported from its API yet: upload its settlement "
                    "report (Omnichannel > Settlements > Import Settlement Report).",
                    self.platform,
                )
            )
        if not self.channel_id.oms_clearing_journal_id:
            raise UserError(
                self.env._(
                    "The channel %s has no settlement clearing journal.", self.channel_id.name
                )
            )

    @api.private
    def _enqueue_settlement_days(self, today=None):
        """Queue one job per day over since the last import (identity: the account
        and the day, so a day is never queued twice)."""
        self.ensure_one()
        today = today or datetime.now(WIB).date()
        first = (
            self.settlement_sync_date + timedelta(days=1)
            if self.settlement_sync_date
            else today - timedelta(days=SETTLEMENT_FIRST_DAYS)
        )
        days = [first + timedelta(days=n) for n in range((today - first).days)]
        for day in days:
            self.with_delay(
                channel=JOB_CHANNEL,
                identity_key=f"oms-mkt-settlement-{self.id}-{day.isoformat()}",
                description=self.env._(
                    "%(account)s: import payouts of %(day)s", account=self.name, day=day
                ),
            )._job_import_settlement_day(day.isoformat())
        return days

    @api.private
    def _job_import_settlement_day(self, day):
        """Import the escrows the platform released on ``day`` (ISO date, WIB) as
        one settlement of the channel. All platform calls come before any write."""
        self.ensure_one()
        day = date.fromisoformat(day)
        journal = self.channel_id.oms_clearing_journal_id
        if not journal:
            raise FailedJobError(
                self.env._(
                    "The channel %s has no settlement clearing journal.", self.channel_id.name
                )
            )
        start = datetime.combine(day, time.min, tzinfo=WIB).astimezone(UTC)
        end = start + timedelta(days=1, seconds=-1)
        adapter = self._job_adapter()
        with self._platform_errors():
            rows = self._fetch_settlement_rows(adapter.client, start, end)
        settlements = self.env["oms.settlement"]
        if rows:
            settlements = settlements._oms_import_rows(
                rows,
                f"{self.platform}_escrow:{self.id}",
                "order",
                journal,
                channel=self.channel_id,
                payout_ref=f"{self.name} {day.isoformat()}",
                date=day,
            )
        if not self.settlement_sync_date or self.settlement_sync_date < day:
            self.settlement_sync_date = day
        message = self.env._(
            "Payouts of %(day)s: %(count)s order(s), settlement %(names)s.",
            day=day,
            count=len(rows),
            names=", ".join(settlements.mapped("name")) or "-",
        )
        self._log("import", "done", message)
        return message

    def _fetch_settlement_rows(self, client, start, end):
        """The settlement rows of the payouts of [start, end], read by the
        platform's ``_fetch_settlement_rows_<platform>``."""
        fetch = getattr(self, f"_fetch_settlement_rows_{self.platform}", None)
        if fetch is None:
            raise FailedJobError(self.env._("No finance API for %s yet.", self.platform))
        return fetch(client, start, end)

    def _fetch_settlement_rows_shopee(self, client, start, end):
        """The settlement rows of the escrows released in [start, end]."""
        escrows, page = [], 1
        while True:
            rows, more = shopee.list_escrows(client, start, end, page_no=page)
            escrows += rows
            if not more:
                break
            page += 1
        return [
            SettlementRow(
                row_number=index,
                reference=str(row["order_sn"]),
                amounts=shopee.escrow_amounts(shopee.get_escrow_detail(client, row["order_sn"])),
            )
            for index, row in enumerate(escrows, start=1)
        ]

    def _fetch_settlement_rows_tiktok(self, client, start, end):
        """The rows of the TikTok statements generated in [start, end] (TikTok
        generates one a day, at 00:00 UTC): one settlement per statement (payout
        reference: the statement id), one row per transaction, dated the
        statement's day (WIB). All pages are read, and each statement checked
        against its own total, before anything is written."""
        currency = self.company_id.currency_id or self.env.company.currency_id
        # the account's page size (orders) serves the finance pages too (100 at most)
        size = min(max(self.page_size or tiktok.FINANCE_PAGE, 1), tiktok.FINANCE_PAGE)
        rows = []
        until = end + timedelta(seconds=1)
        for statement in tiktok.all_statements(client, start, until, page_size=size):
            if (statement.get("currency") or currency.name) != currency.name:
                raise FailedJobError(
                    self.env._(
                        "TikTok statement %(statement)s is in %(currency)s, the company "
                        "books in %(company)s.",
                        statement=statement.get("id"),
                        currency=statement.get("currency"),
                        company=currency.name,
                    )
                )
            transactions, total = tiktok.statement_transactions(
                client, statement["id"], page_size=size
            )
            day = datetime.fromtimestamp(int(statement["statement_time"]), WIB).date()
            rows += [
                SettlementRow(
                    row_number=len(rows) + index,
                    reference=reference,
                    payout_ref=str(statement["id"]),
                    date=day.isoformat(),
                    amounts=amounts,
                )
                for index, (reference, amounts) in enumerate(
                    tiktok.statement_rows(statement, transactions, total), start=1
                )
            ]
        return rows

    def _fetch_settlement_rows_lazada(self, client, start, end):
        """Lazada: one settlement per statement, imported by the job of the statement's
        last day (the seller's day: Lazada's finance dates are local dates). The
        statement is what Lazada pays out in one transfer, so its settlement is the
        payout the bank statement line is matched with; its identity is the
        statement's period (the ``statement`` of its transactions), so importing it
        again writes nothing. Each order's transactions become one row; a
        transaction of no order is a row of its own, booked as an adjustment and
        flagged by the settlement."""
        day = start.astimezone(WIB).date()
        rows = []
        for statement, transactions in lazada.statement_transactions(client, day).items():
            for entry in lazada.statement_orders(statement, transactions):
                rows.append(
                    SettlementRow(
                        row_number=len(rows) + 1,
                        reference=entry.reference,
                        payout_ref=statement,
                        date=day.isoformat(),
                        amounts=entry.amounts,
                    )
                )
        return rows

    def _fetch_settlement_rows_shopify(self, client, start, end):
        """The settlement rows of the Shopify Payments payouts dated on the seller's
        day of [start, end]: one settlement per payout (its rows carry the payout
        as their payout reference), charges on their orders by ``source_order_id``.

        A payout still ``scheduled`` retries the day later (its transfer may still
        change); ``failed`` and ``canceled`` payouts are left out (Shopify pays
        their money again in a later payout)."""
        day = start.astimezone(WIB).date()
        payouts = shopify.all_pages(shopify.list_payouts, client, day, day)
        waiting = [p["id"] for p in payouts if p.get("status") == "scheduled"]
        if waiting:
            raise RetryableJobError(
                self.env._(
                    "Shopify payouts %s are still scheduled: imported once sent.",
                    ", ".join(map(str, waiting)),
                ),
                seconds=3600,
            )
        currency = self.company_id.currency_id.name
        rows = []
        for payout in payouts:
            if payout.get("status") in shopify.PAYOUT_VOID:
                continue
            if payout.get("currency") and payout["currency"] != currency:
                raise FailedJobError(
                    self.env._(
                        "The Shopify payout %(payout)s is in %(currency)s, the company "
                        "books %(company)s.",
                        payout=payout["id"],
                        currency=payout["currency"],
                        company=currency,
                    )
                )
            transactions = shopify.all_pages(
                shopify.list_balance_transactions, client, payout["id"]
            )
            rows += [
                SettlementRow(
                    row_number=len(rows) + index,
                    reference=reference,
                    # not translated: the settlement's identity is made of it
                    payout_ref=f"Shopify {payout['id']}",
                    date=payout.get("date") or "",
                    amounts=amounts,
                )
                for index, (reference, amounts) in enumerate(
                    shopify.payout_rows(payout, transactions), start=1
                )
            ]
        return rows
