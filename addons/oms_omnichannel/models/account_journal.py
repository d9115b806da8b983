# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _oms_clearing_account(self):
        """The clearing account of a marketplace or courier journal: the account its
        incoming payments are booked on (its inbound payment method's account)."""
        self.ensure_one()
        method = self.inbound_payment_method_line_ids.filtered("payment_account_id")[:1]
        return method.payment_account_id

    @api.model
    def _oms_create_clearing_journal(self, name, code, company=None):
        """A bank journal standing for a payer's balance (a marketplace account, a
        courier's COD), whose incoming payments go to a new reconcilable clearing
        account: the customers' invoices are paid from it, the payer's settlements
        and payouts clear it."""
        company = company or self.env.company
        Account = self.env["account.account"].with_company(company)
        prefix = "1122"
        taken = set(
            Account.search(
                [*Account._check_company_domain(company), ("code", "=like", prefix + "%")]
            ).mapped("code")
        )
        number = next(n for n in range(1, 10000) if f"{prefix}{n:04d}" not in taken)
        account = Account.create(
            {
                "name": self.env._("Clearing %s", name),
                "code": f"{prefix}{number:04d}",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
        journal = self.with_company(company).create(
            {"name": name, "code": code, "type": "bank", "company_id": company.id}
        )
        manual = journal.inbound_payment_method_line_ids[:1]
        if manual:
            manual.payment_account_id = account
        else:
            journal.inbound_payment_method_line_ids = [
                Command.create(
                    {
                        "payment_method_id": self.env.ref(
                            "account.account_payment_method_manual_in"
                        ).id,
                        "payment_account_id": account.id,
                    }
                )
            ]
        return journal
