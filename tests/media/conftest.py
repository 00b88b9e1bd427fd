"""Uploads go to a fresh media folder per test, so a test can see every file that was (or was not) written."""

from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry

from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION
from regionportal.media.models import Document, Image
from tests.admin.conftest import force_login_verified, make_staff


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*") if path.is_file())


def row_counts():
    models = (Image, Image.history.model, Document, Document.history.model, LogEntry)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def snapshot(media_root, db):
    """Every stored file and the rows of media, their versions and the admin log: compare before and after."""
    return lambda: (stored_files(media_root), row_counts())


@pytest.fixture
def portal_admin_client(client, db):
    force_login_verified(client, make_staff("bildredaktion", PORTAL_ADMINISTRATION))
    return client
