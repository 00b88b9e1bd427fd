import pytest
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
