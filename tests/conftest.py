import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import translation


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does)")


@pytest.fixture(autouse=True)
def german_by_default():
    """A request under /en/ switches the thread to English; every test starts in German again."""
    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def fresh_caches():
    """Cached pages, counts and filter options never carry over from one test (and its rolled-back rows)."""
    for cache in caches.all(initialized_only=True):
        cache.clear()
