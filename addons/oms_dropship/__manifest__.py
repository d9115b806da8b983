# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Dropship and Buy to Order",
    "summary": "OMS orders with lines the vendor ships (dropship) or that are bought "
    "or made to order: sourcing, promise, hold and status",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": ["oms_omnichannel", "purchase_stock", "stock_dropshipping"],
    "auto_install": True,
    "post_init_hook": "post_init_hook",
    "data": [
        "data/exception_rule_data.xml",
        "views/oms_dropship_views.xml",
    ],
}
