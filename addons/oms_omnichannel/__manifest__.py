# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Order Management",
    "summary": "Every order from every channel in one place: capture, validate, "
    "source, ship, track",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": [
        "sale_management",
        "sale_stock",
        "stock_delivery",
        "stock_account",
    ],
    "data": [
        "security/oms_security.xml",
        "security/ir.model.access.csv",
        "views/oms_channel_views.xml",
        "views/sale_order_views.xml",
        "views/oms_omnichannel_menus.xml",
    ],
    "application": True,
}
