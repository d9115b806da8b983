from . import oms_marketplace_account
from . import oms_marketplace_log
from . import oms_marketplace_order
from . import oms_marketplace_product
from . import sale_order
from . import stock_picking
from . import stock_move
from . import product_product
