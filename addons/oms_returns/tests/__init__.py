from . import test_foundation
from . import test_returns_flow
from . import test_returns_api
from . import test_kpi_returns
from . import test_returns_rules
from . import test_returns_portal
from . import test_route_guards
from . import test_security_channels
