from . import oms_service_level
from . import oms_channel
from . import sale_order
from . import stock_picking
from . import res_users
from . import delivery_carrier
from . import oms_webhook
from . import sale_order_notify
