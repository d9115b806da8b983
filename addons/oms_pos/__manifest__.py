# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Store Sales (Point of Sale)",
    "summary": "Point of Sale orders as an OMS channel: they lower the ATP every channel sees",
    "version": "19.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": ["oms_omnichannel", "point_of_sale"],
    "auto_install": True,
    "uninstall_hook": "uninstall_hook",
    "data": [
        "views/pos_config_views.xml",
        "views/pos_order_views.xml",
    ],
}
