# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def uninstall_hook(env):
    """Rebuild the ATP pivot's view without the POS sales: it must not depend on
    the Point of Sale tables once this addon is gone."""
    env["oms.atp.report"].with_context(oms_pos_uninstall=True).init()
