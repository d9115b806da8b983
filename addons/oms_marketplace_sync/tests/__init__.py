from . import test_foundation
from . import test_tools_lazada
from . import test_tools_shopee
from . import test_tools_shopify
from . import test_tools_tiktok
from . import test_tools_woocommerce
