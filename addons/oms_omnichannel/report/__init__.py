from . import oms_order_report
from . import oms_fill_report
from . import oms_hold_report
from . import oms_warehouse_load_report
from . import oms_dashboard
from . import oms_order_kpi
