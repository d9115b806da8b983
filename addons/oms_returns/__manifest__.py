# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnichannel Returns",
    "summary": "Omnichannel returns, refunds and exchanges on top of OCA RMA",
    "version": "19.0.1.2.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-addons/oms",
    "author": "OMS Addons",
    "license": "AGPL-3",
    "depends": ["oms_omnichannel", "rma_sale"],
    "data": [
        "security/oms_returns_security.xml",
        "security/ir.model.access.csv",
        "data/oms_return_reason_data.xml",
        "data/oms_returns_data.xml",
        "data/mail_template_data.xml",
        "views/rma_views.xml",
        "views/oms_return_request_views.xml",
        "views/oms_return_policy_views.xml",
        "views/sale_order_views.xml",
        "views/oms_return_portal_templates.xml",
        "views/oms_returns_menus.xml",
        "report/oms_return_report_views.xml",
        "report/oms_return_slip.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "oms_returns/static/tests/tours/**/*",
        ],
    },
}
