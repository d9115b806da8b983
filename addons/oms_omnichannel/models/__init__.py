from . import oms_channel
from . import sale_order
