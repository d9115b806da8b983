# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Load the fake platforms of the repository's top-level ``tests/fakes`` by path.

That folder is not on ``sys.path`` when Odoo imports this addon's tests, so it
is loaded as a package under its own name; the fakes import each other
relatively.
"""

import importlib
import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

FAKES_DIR = Path(__file__).resolve().parents[3] / "tests" / "fakes"
PACKAGE = "oms_platform_fakes"


def load(name):
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, FAKES_DIR / "__init__.py", submodule_search_locations=[str(FAKES_DIR)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{PACKAGE}.{name}")


def utc(*args):
    return datetime(*args, tzinfo=UTC)
