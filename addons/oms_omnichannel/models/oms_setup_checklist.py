# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError

DISMISSED_PARAM = "oms_omnichannel.setup_checklist_dismissed"


class OmsSetupChecklist(models.AbstractModel):
    """The first-run setup checklist of the Omnichannel dashboard: each step says
    what to configure, opens its screen and ticks itself once it is done.

    Other add-ons add their steps by extending :meth:`_get_steps` (marketplace
    accounts in ``oms_marketplace_sync``, return policies in ``oms_returns``)."""

    _name = "oms.setup.checklist"
    _description = "Omnichannel Setup Checklist"

    @api.readonly
    @api.model
    def get_checklist(self):
        """The checklist as the dashboard shows it; empty for who cannot configure
        the OMS (the steps open configuration screens)."""
        if not self.env.user.has_group("oms_omnichannel.group_oms_manager"):
            return {"visible": False, "steps": []}
        params = self.env["ir.config_parameter"].sudo()
        steps = sorted(self._get_steps(), key=lambda step: step["sequence"])
        return {
            "visible": not params.get_param(DISMISSED_PARAM),
            "steps": [
                {
                    "key": step["key"],
                    "title": step["title"],
                    "help": step["help"],
                    "done": bool(step["done"]),
                    "action": step["action"],
                }
                for step in steps
            ],
        }

    @api.model
    def dismiss(self):
        """Hide the checklist (Settings > Omnichannel shows it again)."""
        if not self.env.user.has_group("oms_omnichannel.group_oms_manager"):
            raise AccessError(self.env._("Only OMS managers can hide the setup checklist."))
        self.env["ir.config_parameter"].sudo().set_param(DISMISSED_PARAM, "1")
        return True

    # ------------------------------------------------------------------
    # steps
    # ------------------------------------------------------------------

    @api.model
    def _get_steps(self):
        """The steps: dicts with key, sequence, title, help, done and action (an
        action's XML id or an action dict). A hook for the other add-ons."""
        env = self.env
        company = env.company
        warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
        channels = env["oms.channel"].search([("company_id", "=", company.id)])
        api_users = channels.api_user_ids
        keys = (
            env["res.users.apikeys"].sudo().search_count([("user_id", "in", api_users.ids)])
            if api_users
            else 0
        )
        return [
            {
                "key": "company",
                "sequence": 10,
                "title": env._("Company and localisation"),
                "help": env._(
                    "Country, currency and the chart of accounts of your country "
                    "(Indonesia: l10n_id, IDR, PPN)."
                ),
                "done": company.country_id
                and company.chart_template
                and company.chart_template != "generic_coa",
                "action": {
                    "type": "ir.actions.act_window",
                    "res_model": "res.company",
                    "res_id": company.id,
                    "views": [[False, "form"]],
                    "target": "current",
                },
            },
            {
                "key": "warehouses",
                "sequence": 20,
                "title": env._("Warehouses with their locations"),
                "help": env._(
                    "Each warehouse with its address (city and province): sourcing ships "
                    "from the nearest one."
                ),
                "done": warehouses
                and all(w.partner_id.city and w.partner_id.state_id for w in warehouses),
                "action": "stock.action_warehouse_form",
            },
            {
                "key": "channels",
                "sequence": 30,
                "title": env._("Channels with pricelists and workflows"),
                "help": env._(
                    "One channel per source of orders, each with its pricelist and its "
                    "automatic workflow."
                ),
                "done": channels
                and all(c.pricelist_id and c.workflow_process_id for c in channels),
                "action": "oms_omnichannel.action_oms_channel",
            },
            {
                "key": "api_keys",
                "sequence": 40,
                "title": env._("API keys"),
                "help": env._(
                    "An API user on the channels that call the API, with an API key "
                    "(the user's Preferences > Account Security)."
                ),
                "done": bool(keys),
                "action": "base.action_res_users",
            },
        ]
