from . import oms_order_report
from . import oms_dashboard
