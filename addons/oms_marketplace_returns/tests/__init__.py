from . import test_marketplace_returns
