from . import models


def post_init_hook(env):
    """The "Vendor missing" rule is active once this add-on checks vendors (on a
    database upgraded from before the split, the rule was kept inactive meanwhile)."""
    env.ref("oms_dropship.exception_rule_vendor_missing").active = True
