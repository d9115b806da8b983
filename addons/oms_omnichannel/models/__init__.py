from . import oms_service_level
from . import oms_channel
from . import sale_order
from . import stock_picking
from . import res_users
from . import delivery_carrier
from . import res_partner
from . import oms_capture
