import pytest

from accounts.factories import UserFactory
from accounts.roles import FULFILMENT, SUPPORT
from accounts.services import roles_ensure
from core.cache import pages_cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    pages_cache.clear()
    yield
    pages_cache.clear()


@pytest.fixture
def staff_at_work():
    """One active staff member per job the badges depend on (support answers tickets, fulfilment handles returns)."""
    groups = roles_ensure()
    for role in (FULFILMENT, SUPPORT):
        UserFactory(username=f"{role}-staff", is_staff=True).groups.add(groups[role])
