"""Test settings: fast hashing, in-memory cache and mail, media in a temporary folder."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

# A media folder of its own for every test process (pytest-xdist workers must not see each other's files).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix=f"regionportal-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-"))

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
# The page cache is off for the suite; tests/perf/test_page_cache.py turns it on where it is the subject.
PORTAL_PAGE_CACHE_SECONDS = 0
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the app and project folders (no collectstatic before the tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
