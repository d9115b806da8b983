from . import oms_atp
from . import oms_atp_report
from . import pos_config
from . import pos_order
from . import oms_demo_loader
