# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dropship moved to the bridge add-on ``oms_dropship``.

Its views extended the sale order and transfer forms with fields that now live in
``oms_dropship``: left in the database, they would make the upgrade fail while the
order form is validated. They are removed here; installing ``oms_dropship`` (done
automatically with Purchase's dropship module on a new database,
from Apps on an upgraded one) creates them again. The "Vendor missing" rule (kept:
orders may be held by it) now belongs to ``oms_dropship``, which checks its vendors:
until that add-on is installed the rule is inactive, and installing it activates the
rule again (its ``post_init_hook``).
"""

MOVED_VIEWS = (
    "view_order_form_oms_dropship",
    "view_picking_form_oms_dropship",
    "vpicktree_oms_dropship",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'oms_omnichannel'
                  AND model = 'ir.ui.view'
                  AND name IN %s)
        """,
        (MOVED_VIEWS,),
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'oms_omnichannel' AND model = 'ir.ui.view' AND name IN %s
        """,
        (MOVED_VIEWS,),
    )
    cr.execute(
        """
        UPDATE exception_rule SET active = false
         WHERE id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'oms_omnichannel' AND name = 'exception_rule_vendor_missing')
        """
    )
    cr.execute(
        """
        UPDATE ir_model_data SET module = 'oms_dropship'
         WHERE module = 'oms_omnichannel' AND name = 'exception_rule_vendor_missing'
           AND NOT EXISTS (
               SELECT 1 FROM ir_model_data
                WHERE module = 'oms_dropship' AND name = 'exception_rule_vendor_missing')
        """
    )
