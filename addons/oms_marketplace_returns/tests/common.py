# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixture of the platform returns tests: the returns fixture on the
Indonesian company, shop prices including PPN, a marketplace channel per platform
and a shop account of each platform connected to its fake."""

from odoo.addons.oms_omnichannel.tests.l10n_id_common import IndonesianCompanyCommon
from odoo.addons.oms_returns.tests.common import ReturnsCommon


class MarketplaceReturnsCommon(IndonesianCompanyCommon, ReturnsCommon):
    @classmethod
    def setUpMarketplaceReturns(cls, channel_codes):
        """The returns fixture on the Indonesian company, and ``cls.channels``: a
        marketplace channel per platform of ``channel_codes`` ({platform: code})."""
        cls.setUpIndonesianCompany()
        cls.setUpReturns()
        cls.kaos.taxes_id = cls.ppn_11
        cls.celana.taxes_id = cls.ppn_12
        cls.channels = {
            platform: cls.channel.copy(
                {"code": code, "name": platform.title(), "channel_type": "marketplace"}
            )
            for platform, code in channel_codes.items()
        }

    def _start(self, platform, fake, creds, **values):
        """Start ``fake`` for the test and connect a shop account of ``platform`` to
        it (Lazada's REST gateway for Lazada)."""
        fake.__enter__()
        self.addCleanup(fake.__exit__, None, None, None)
        return self.env["oms.marketplace.account"].create(
            {
                "name": f"{platform} returns shop",
                "platform": platform,
                "channel_id": self.channels[platform].id,
                "base_url": fake.base_url_rest if platform == "lazada" else fake.base_url,
                **values,
                **creds,
            }
        )

    def _binding(self, account):
        return self.env["oms.marketplace.return"].search([("account_id", "=", account.id)])

    def _credit_notes(self, order):
        return self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("reversed_entry_id", "in", order.invoice_ids.ids)]
        )
