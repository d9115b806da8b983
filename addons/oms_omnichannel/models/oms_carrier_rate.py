# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

ZONES = [
    ("sumatra", "Sumatra"),
    ("java", "Java"),
    ("bali_nusa", "Bali & Nusa Tenggara"),
    ("kalimantan", "Kalimantan"),
    ("sulawesi", "Sulawesi"),
    ("maluku_papua", "Maluku & Papua"),
]


class OmsCarrierRate(models.Model):
    _name = "oms.carrier.rate"
    _description = "Carrier Zone Rate and Transit Time"
    _order = "carrier_id, origin_zone, destination_zone"

    carrier_id = fields.Many2one("delivery.carrier", required=True, ondelete="cascade", index=True)
    origin_zone = fields.Selection(ZONES, required=True)
    destination_zone = fields.Selection(ZONES, required=True)
    cost = fields.Float(help="Shipping cost of a parcel between the two zones.")
    transit_min = fields.Integer(string="Transit Days (min)", default=1)
    transit_max = fields.Integer(string="Transit Days (max)", default=3)

    _zone_uniq = models.Constraint(
        "UNIQUE(carrier_id, origin_zone, destination_zone)", "One rate per carrier and zone pair."
    )
    _transit_order = models.Constraint(
        "CHECK(transit_min >= 0 AND transit_max >= transit_min)",
        "Transit days must be positive, the maximum not below the minimum.",
    )
