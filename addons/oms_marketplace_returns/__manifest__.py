# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Marketplace Returns",
    "summary": "Returns reported by the marketplaces become OMS return requests",
    "version": "19.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": ["oms_marketplace_sync", "oms_returns"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "security/oms_marketplace_returns_security.xml",
        "data/rma_operation_data.xml",
        "data/ir_cron_data.xml",
        "data/queue_job_function_data.xml",
        "views/oms_marketplace_account_views.xml",
        "views/oms_marketplace_return_views.xml",
    ],
}
