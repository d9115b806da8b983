from . import oms_return_report
from . import oms_dashboard
