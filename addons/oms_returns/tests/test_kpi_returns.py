# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returns KPIs on a hand-checkable data set.

Order 1: 2 kaos + 1 celana; order 2: 2 kaos (all delivered). Returned: 1 kaos
(changed mind) and 1 celana (damaged). Sold 5 units, returned 2: 40 %; kaos
1 / 4 = 25 %, celana 1 / 1 = 100 %.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestKpiReturns(ReturnsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.order1 = cls._make_order([(cls.kaos, 2, 100000), (cls.celana, 1, 250000)])
        cls.order2 = cls._make_order([(cls.kaos, 2, 100000)])
        cls.domain = [("channel_id", "=", cls.channel.id)]

    def _return(self, order, lines):
        action = order.action_create_rma()
        wizard = self.env["sale.order.rma.wizard"].browse(action["res_id"])
        for wiz_line in wizard.line_ids:
            wanted = lines.get(wiz_line.product_id)
            if wanted:
                wiz_line.write({"quantity": wanted[0], "reason_id": self.reason[wanted[1]].id})
            else:
                wiz_line.quantity = 0
        return wizard.create_rma()

    def test_return_rate_by_product_channel_reason_and_refunds(self):
        rmas = self._return(
            self.order1, {self.kaos: (1, "changed_mind"), self.celana: (1, "damaged")}
        )
        self._receive(rmas)
        rmas.write({"grade": "opened", "disposition": "restock"})
        for rma in rmas:
            rma.action_oms_apply_disposition()
        self.assertEqual(rmas.refund_id.state, "posted")
        self.env.flush_all()
        Report = self.env["oms.return.report"]
        by_product = Report._oms_return_rates(self.domain, "product_id")
        self.assertEqual(by_product[self.kaos]["rate"], 25.0)
        self.assertEqual(by_product[self.celana]["rate"], 100.0)
        by_channel = Report._oms_return_rates(self.domain, "channel_id")
        self.assertEqual(by_channel[self.channel]["sold"], 5.0)
        self.assertEqual(by_channel[self.channel]["returned"], 2.0)
        self.assertEqual(by_channel[self.channel]["rate"], 40.0)
        # untaxed refund lines: 100 000 (kaos) + 250 000 (celana)
        self.assertEqual(by_channel[self.channel]["refund"], 350000.0)
        by_reason = Report._oms_return_rates([*self.domain, ("kind", "=", "return")], "reason_id")
        self.assertEqual(by_reason[self.reason["changed_mind"]]["returns"], 1)
        self.assertEqual(by_reason[self.reason["damaged"]]["refund"], 250000.0)
        fees = Report._read_group(self.domain, [], ["restocking_fee:sum"])[0][0]
        self.assertEqual(fees, 10000.0, "10 % of the kaos returned for a change of mind")
        # the dashboard's top reasons
        reasons = self.env["oms.dashboard"]._oms_dashboard_return_reasons(
            fields.Datetime.now() - timedelta(days=30)
        )
        names = {row["reason"]: row["count"] for row in reasons}
        self.assertEqual(names[self.reason["changed_mind"].name], 1)
        self.assertEqual(names[self.reason["damaged"].name], 1)


@tagged("post_install", "-at_install")
class TestReturnsReportTour(HttpCase):
    def test_returns_report_tour(self):
        """Headless Chromium opens the Returns report from the Omnichannel Reporting menu."""
        manager = new_test_user(
            self.env,
            login="oms_returns_tour",
            groups="oms_omnichannel.group_oms_manager,sales_team.group_sale_manager",
        )
        self.start_tour(
            "/odoo/action-oms_omnichannel.action_oms_dashboard",
            "oms_returns_report_tour",
            login=manager.login,
        )
