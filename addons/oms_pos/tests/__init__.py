from . import test_pos_atp
from . import test_pos_report
from . import test_demo_pos
from . import test_pos_marketplace_push
from . import test_pos_atp_one
