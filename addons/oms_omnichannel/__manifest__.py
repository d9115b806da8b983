# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Order Management",
    "summary": "Every order from every channel in one place: capture, validate, "
    "source, ship, track",
    "version": "19.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": [
        "sale_management",
        "sale_stock",
        "stock_delivery",
        "stock_account",
        "phone_validation",
        "queue_job",
        "sale_exception",
        "sale_automatic_workflow",
    ],
    "external_dependencies": {"python": ["jsonschema", "phonenumbers"]},
    "data": [
        "security/oms_security.xml",
        "security/ir.model.access.csv",
        "data/oms_service_level_data.xml",
        "views/oms_service_level_views.xml",
        "views/oms_channel_views.xml",
        "views/sale_order_views.xml",
        "views/oms_omnichannel_menus.xml",
    ],
    "application": True,
}
