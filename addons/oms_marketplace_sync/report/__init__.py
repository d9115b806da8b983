from . import oms_dashboard
