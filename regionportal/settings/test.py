"""Test settings: fast hashing, in-memory cache and mail, media in a temporary folder."""

import os
import tempfile
from pathlib import Path

# The suite runs alike whatever the shell exports (a developer's production values, say): the portal's own
# variables are those below or the defaults, but for where a SQLite file lives (tests that start a server on one
# of their own say so) and how much is logged. Subprocesses of tests inherit the same environment.
KEPT_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_COLORS",
    "DJANGO_SQLITE_PATH",
    "DJANGO_LOG_LEVEL",
}
for name in [name for name in os.environ if name.startswith(("DJANGO_", "PORTAL_")) and name not in KEPT_VARIABLES]:
    del os.environ[name]
os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY="test-secret-key-not-for-production",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
)

from regionportal.settings.base import *  # noqa: E402,F403

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
