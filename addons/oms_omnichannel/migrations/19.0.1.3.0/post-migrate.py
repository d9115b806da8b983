# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partial shipments invoiced per shipment (the channel's *Invoice Partial
Shipments*): the B2B workflow's invoice filter also takes partly shipped orders of
channels invoicing per shipment.

The filter is shipped ``noupdate`` (an accountant may tune it): an upgrade does not
load its new domain. It is written here only when the filter still has the domain
shipped before, so a tuned filter is kept."""

from odoo import api

OLD_DOMAIN = (
    "[('state', '=', 'sale'), ('locked', '=', False), ('invoice_status', '=', 'to invoice'), "
    "('oms_status', 'in', ('shipped', 'delivered'))]"
)
NEW_DOMAIN = (
    "[('state', '=', 'sale'), ('locked', '=', False), ('invoice_status', '=', 'to invoice'), "
    "'|', ('oms_status', 'in', ('shipped', 'delivered')), '&', "
    "('oms_status', '=', 'partially_shipped'), "
    "('channel_id.shipment_invoicing', '=', 'per_shipment')]"
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    shipped_filter = env.ref(
        "oms_omnichannel.oms_workflow_invoice_shipped_filter", raise_if_not_found=False
    )
    if shipped_filter and shipped_filter.domain.strip() == OLD_DOMAIN:
        shipped_filter.domain = NEW_DOMAIN
