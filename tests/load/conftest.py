import pytest

from .harness import load_session


@pytest.fixture(scope="session")
def oms_load(request):
    """The load session: throwaway database, fixture data, servers (see harness.py)."""
    return load_session(request.config)
