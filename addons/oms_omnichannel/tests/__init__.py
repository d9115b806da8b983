from . import test_foundation
from . import test_status_tracking
from . import test_notifications
