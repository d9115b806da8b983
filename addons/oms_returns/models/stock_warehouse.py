# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        copy=False,
        help="Where inspected returns that cannot be sold are kept. It sits under the "
        "RMA location, outside the warehouse's sellable stock, so it never counts as "
        "available to promise. Created on first use.",
    )

    @api.private
    def _oms_get_quarantine_location(self):
        """Return the quarantine location of the warehouse, creating it on demand."""
        self.ensure_one()
        if not self.oms_quarantine_location_id:
            parent = self.rma_loc_id or self.view_location_id
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Quarantine"),
                        "usage": "internal",
                        "location_id": parent.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
            self.sudo().oms_quarantine_location_id = location
        return self.oms_quarantine_location_id
