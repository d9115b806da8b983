from . import test_foundation
from . import test_validation
from . import test_status_tracking
from . import test_notifications
from . import test_atp_sourcing
from . import test_capture_tools
from . import test_capture_api
from . import test_kpi
