# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every model of the OMS add-ons that has a company is kept per company (issue 18, item 6).

The list is read from the registry, so a model added later without its
company rule fails here.
"""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCompanyRulesEverywhere(TransactionCase):
    def _oms_models_with_company(self):
        oms_modules = set(
            self.env["ir.module.module"]
            .search([("name", "=like", "oms\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertIn("oms_omnichannel", oms_modules)
        names = []
        for name, model_class in self.env.registry.items():
            field = model_class._fields.get("company_id")
            if (
                model_class._original_module in oms_modules
                and not model_class._abstract
                # wizards: Odoo keeps a transient record to the user who made it
                and not model_class._transient
                and field is not None
                and field.store
            ):
                names.append(name)
        return sorted(names)

    def test_every_oms_model_with_company_has_a_company_rule(self):
        names = self._oms_models_with_company()
        # the list itself: the models the issue named are in it
        for expected in (
            "oms.channel",
            "oms.safety.stock",
            "oms.recurring.order",
            "oms.webhook.delivery",
            "oms.atp.report",
        ):
            self.assertIn(expected, names)
        rules = (
            self.env["ir.rule"]
            .sudo()
            .search(
                [("model_id.model", "in", names), ("groups", "=", False), ("active", "=", True)]
            )
        )
        missing = []
        for name in names:
            domains = rules.filtered(lambda r, n=name: r.model_id.model == n).mapped("domain_force")
            if not any("company_id" in d and "company_ids" in d for d in domains):
                missing.append(name)
        self.assertFalse(
            missing, f"OMS models with company_id but no global company rule: {missing}"
        )
