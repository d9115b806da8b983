import pytest
from load.harness import load_session


@pytest.fixture(scope="session")
def oms_load(request):
    """The same session as tests/load: one throwaway database for both folders."""
    return load_session(request.config)
