# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

from .oms_atp import pos_committed_query


class OmsAtpReport(models.Model):
    _inherit = "oms.atp.report"

    def _oms_committed_elsewhere_query(self):
        """The ATP pivot counts the units sold by open POS sessions as promised, like
        ``oms.atp`` (not when the view is rebuilt for the uninstallation of oms_pos)."""
        extra = super()._oms_committed_elsewhere_query()
        if self.env.context.get("oms_pos_uninstall"):
            return extra
        pos = pos_committed_query()
        return SQL("%s UNION ALL %s", extra, pos) if extra else pos
