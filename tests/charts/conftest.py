import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Figures and maps are cached; each test starts without what an earlier one drew."""
    cache.clear()
    yield
    cache.clear()
