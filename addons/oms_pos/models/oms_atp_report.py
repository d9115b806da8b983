# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class OmsAtpReport(models.Model):
    """Extended so that installing this addon rebuilds the ATP pivot's view: the view
    is built by ``oms.atp._atp_query``, which counts the units sold by open POS
    sessions (``oms.atp._committed_elsewhere_query``)."""

    _inherit = "oms.atp.report"
