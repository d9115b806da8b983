from . import oms_return_reason
from . import oms_return_policy
from . import oms_return_request
from . import rma
from . import sale_order
from . import stock_warehouse
from . import sale_order_line
