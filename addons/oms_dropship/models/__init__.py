from . import exception_rule
from . import sale_order
from . import stock_move
from . import stock_picking
from . import oms_capture
from . import purchase_order
