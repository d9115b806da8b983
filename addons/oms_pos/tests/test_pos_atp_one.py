# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One ATP with an open Point of Sale session: the data of
``oms_omnichannel/tests/test_atp_one.py`` plus 6 bottles sold at the Jakarta till by
a session that moves the stock at closing. The four readers (API, ATP report,
"Stock not available" rule, sourcing) all count them as promised."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_omnichannel.tests.atp_one_common import OmsAtpOneFixture

from .common import OmsPosFixture


@tagged("post_install", "-at_install")
class TestPosAtpOne(OmsAtpOneFixture, OmsPosFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pos_fixture()
        cls._setup_atp_one_fixture()
        # the till sells from Jakarta's stock
        cls.pos_config.picking_type_id = cls.jkt.pos_type_id
        cls.tea.available_in_pos = True

    def test_four_readers_agree_with_an_open_session(self):
        session = self._open_session("closing")
        order = self._sell(session, [(self.tea, 6)])
        self.assertEqual(order.state, "paid")
        self.assertFalse(order.picking_ids)
        self._assert_four_way(
            # Jakarta: 60 - 12 reserved - 6 safety - 6 sold at the till
            api={"JKT": 36, "SBY": -12},
            channel_totals={self.web: 36, self.marketplace: 36},
            report={"JKT": (60, 12, 6, 6, 36), "SBY": (6, 6, 0, 12, -12)},
            verdicts={
                # 36 + (-12 + 18) = 42 bottles = 7 packs
                ("marketplace", 7): False,
                ("marketplace", 8): True,
                # the till's sale is no order of a lower priority: 48 + 6 = 54 = 9 packs
                ("web", 9): False,
                ("web", 10): True,
            },
            decisions={
                ("marketplace", 7): ("split", {"JKT": 6, "SBY": 1}),
                ("marketplace", 8): ("partial", {"JKT": 7, "SBY": 1}),
                ("web", 9): ("split", {"JKT": 8, "SBY": 1}),
                ("web", 10): ("partial", {"JKT": 9, "SBY": 1}),
            },
        )
        # closing moves the stock: counted once, the figures do not change
        self._close_session(session)
        self.assertEqual(self._api()[0], {"JKT": 36, "SBY": -12})
        self.assertEqual(self._report()["JKT"], (54, 12, 6, 0, 36))
