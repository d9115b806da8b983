# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings > Omnichannel: the OMS's global options (system parameters)."""

    _inherit = "res.config.settings"

    oms_public_base_url = fields.Char(
        string="Public Shop URL",
        config_parameter="oms_omnichannel.public_base_url",
        help="Address customers know the shop by, e.g. https://toko.example.id: links in "
        "the customer e-mails start with it (a channel's own Public Shop URL wins). "
        "Empty: the server's base URL.",
    )
    oms_kpi_hold_alert_hours = fields.Float(
        string="Hold Alert (hours)",
        config_parameter="oms_omnichannel.kpi_hold_alert_hours",
        default=24.0,
        help="Orders on hold for longer than this are shown as at risk on the dashboard.",
    )
    oms_setup_checklist_dismissed = fields.Boolean(
        string="Hide the Setup Checklist",
        config_parameter="oms_omnichannel.setup_checklist_dismissed",
        help="The first-run checklist of the Omnichannel dashboard.",
    )
