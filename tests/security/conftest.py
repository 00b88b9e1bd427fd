import pytest
from django.core.management import call_command
from django.test import Client

from .urls import every_url

HTTPS = {"x-forwarded-proto": "https"}  # as the TLS-terminating proxy sends it


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def https_client():
    """An anonymous visitor reaching gunicorn through the HTTPS proxy."""
    return Client(headers=HTTPS)


@pytest.fixture
def sample_urls(demo, https_client):
    """``{url name: address}`` for every URL pattern, from the demo content."""
    return every_url(https_client)
