from . import test_foundation
from . import test_capture_tools
from . import test_capture_api
