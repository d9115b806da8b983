# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmsSettlementFormat(models.Model):
    """How to read a payer's settlement or COD remittance report: which column holds
    what. Shipped for the marketplaces' income reports and the couriers' COD reports
    (JNE, J&T Express, SiCepat, AnterAja); editable when a payer renames a column."""

    _name = "oms.settlement.format"
    _description = "Settlement Report Format"
    _order = "kind, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [("marketplace", "Marketplace income report"), ("courier", "Courier COD report")],
        required=True,
        default="marketplace",
    )
    carrier_id = fields.Many2one("delivery.carrier", string="Courier")
    match_by = fields.Selection(
        [("order", "Order number"), ("tracking", "Tracking number")],
        required=True,
        default="order",
        help="What the reference column holds: the marketplace's order number, or the "
        "parcel's tracking number (the delivery's tracking reference).",
    )
    fees_negative = fields.Boolean(
        help="The report prints fees as negative numbers (else as positive deductions)."
    )
    col_reference = fields.Char(string="Reference Column", required=True)
    col_payout_ref = fields.Char(string="Payout Reference Column")
    col_date = fields.Char(string="Date Column")
    col_income = fields.Char(string="Order Income Column")
    col_commission = fields.Char(string="Commission Column")
    col_service_fee = fields.Char(string="Service Fee Column")
    col_payment_fee = fields.Char(string="Payment Fee Column")
    col_shipping = fields.Char(string="Shipping Fee / Subsidy Column")
    col_cod_fee = fields.Char(string="COD Fee Column")
    col_adjustment = fields.Char(string="Adjustment Column")

    _code_uniq = models.Constraint("UNIQUE(code)", "The format code must be unique.")

    def _oms_mapping(self):
        """The column mapping read by ``tools.settlement_file.read_rows``."""
        self.ensure_one()
        keys = (
            "reference",
            "payout_ref",
            "date",
            "income",
            "commission",
            "service_fee",
            "payment_fee",
            "shipping",
            "cod_fee",
            "adjustment",
        )
        return {key: self[f"col_{key}"] for key in keys if self[f"col_{key}"]}
