from . import test_marketplace_returns
from . import test_platform_refunds
from . import test_platform_returns
from . import test_return_webhooks
