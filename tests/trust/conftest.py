import pytest

from core.cache import pages_cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    pages_cache.clear()
    yield
    pages_cache.clear()
