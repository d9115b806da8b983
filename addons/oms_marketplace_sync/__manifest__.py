# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Marketplace Sync",
    "summary": "Marketplace orders in, stock and shipments out, on queue_job",
    "version": "19.0.1.2.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": ["oms_omnichannel", "queue_job"],
    "data": [
        "security/ir.model.access.csv",
        "security/oms_marketplace_security.xml",
        "data/queue_job_channel_data.xml",
        "data/oms_settlement_data.xml",
        "data/queue_job_function_data.xml",
        "data/ir_cron_data.xml",
        "data/exception_rule_data.xml",
        "views/oms_marketplace_account_views.xml",
        "views/oms_marketplace_product_views.xml",
        "views/oms_marketplace_order_views.xml",
        "views/oms_marketplace_account_settlement_views.xml",
        "views/oms_marketplace_log_views.xml",
        "views/stock_picking_views.xml",
        "views/oms_marketplace_menus.xml",
        "views/res_config_settings_views.xml",
    ],
}
