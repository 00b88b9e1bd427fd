"""Settings for Regionportal, read from environment variables with safe defaults.

Development: ``DJANGO_DEBUG=1`` (the Makefile sets it). Production: DEBUG off (the default),
``DJANGO_SECRET_KEY`` required, ``DATABASE_URL`` pointing at PostgreSQL, TLS terminated by a proxy
that sends ``X-Forwarded-Proto``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DEBUG"  # noqa: S105 - only reachable with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "regionportal.admin_site.PortalAdminConfig",  # django.contrib.admin with the editors' dashboard
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # search vector field and GIN indexes; inert on SQLite
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_prose_editor",  # rich-text editor of the admin, its assets served by the portal itself
    "import_export",  # CSV import and export in the admin
    "regionportal",
    "contacts",
    "projects",
    "decisions",
    "news",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "regionportal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regionportal.db_router.ReadReplicaMiddleware",  # staff and writes read from the primary database
    "regionportal.caching.cache.PageCacheMiddleware",  # anonymous pages: before sessions, so a hit touches nothing else
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # versions, also of inline rows, record who saved them
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "regionportal.security.SameHostRedirectFallbackMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "regionportal.urls"
WSGI_APPLICATION = "regionportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "regionportal.pages.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('DJANGO_SQLITE_PATH', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SQLite with several gunicorn workers: a transaction takes the write lock when it begins (IMMEDIATE), so a second
# admin save waits for the first one's commit and then sees it (the conflict message of regionportal.backoffice.locking)
# instead of failing with "database is locked" when it upgrades its read lock; the wait is bounded (seconds).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out accounts and addresses before checking a password
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["regionportal.formats"]  # British English dates (regionportal/formats/en/formats.py)
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: keep request bodies bounded; larger files are refused with a message by the media forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # The content version the page cache is keyed on (regionportal.caching.cache) must be the same for every worker
    # process and for manage.py: Redis, or else a folder on this machine.
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_SHARED_CACHE_DIR", BASE_DIR / ".cache" / "shared"),
        }
    ),
}
# Whole pages for anonymous visitors (regionportal.caching.cache); 0 turns the page cache off.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", str(60 * 60)))
PORTAL_PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/healthz"]

# A read replica (optional): anonymous reads go there, staff and writes to the primary (regionportal.db_router).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["regionportal.db_router.ReadReplicaRouter"]
# After a change, read from the primary for this long, so no page is cached from a replica that lags behind.
PORTAL_REPLICA_LAG_SECONDS = int(os.environ.get("PORTAL_REPLICA_LAG_SECONDS", "5"))

# Behind a TLS-terminating reverse proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# The CSRF cookie is only read by Django itself. Visitors get it only on the pages with the form "Barriere melden"
# (the accessibility statement and the form's own page), and it ends with the browser session.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "regionportal.pages.views.csrf_failure"

# Content-Security-Policy (Django's own middleware, regionportal.security relaxes the admin only where it must):
# nothing from elsewhere, no inline script or style. JSON-LD blocks are data, not script, and need no nonce.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
# On admin URLs only: django-prose-editor (Tiptap) injects its fixed base stylesheet as a <style> element, allowed
# by its hash (tests/browser/test_csp.py finds any other inline style or script Chromium blocks).
SECURE_CSP_ADMIN = {
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
}
# Browser features no page of the portal uses (regionportal.security.SecurityHeadersMiddleware sends them).
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Brute force on the admin login (django-axes): five failures lock that username from that address, twenty
# failures the address for every username, for the cool-off time; a success resets only its own pair's count.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_HANDLER = "regionportal.security.SignInLockHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
PORTAL_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts during a lock do not extend it
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_CLIENT_IP_CALLABLE = "regionportal.security.client_ip"
AXES_VERBOSE = False
# How many reverse proxies append to X-Forwarded-For in front of gunicorn (0: use the socket's address).
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Two-factor authentication (django-otp, TOTP): portal administrators must use it, other staff may.
OTP_TOTP_ISSUER = os.environ.get("PORTAL_NAME", "Regionportal")

# CSV import/export in the admin: every import runs in a transaction (all rows or none); importing needs the
# "add" permission of the model, exporting its "view" permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Portal-wide facts shown on the pages.
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Regionportal")
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# The open-data catalogue (DCAT-AP.de): the contributor ID GovData assigns (dcatde:contributorID, required for
# delivery to GovData) and an e-mail address for questions about the data (dcat:contactPoint).
OPEN_DATA_CONTRIBUTOR_ID = os.environ.get("PORTAL_DCAT_CONTRIBUTOR_ID", "")
OPEN_DATA_CONTACT_EMAIL = os.environ.get("PORTAL_OPEN_DATA_EMAIL", "")

# Outgoing mail: the notifications of the form "Barriere melden" (regionportal.legal) go to the address the
# accessibility statement names. SMTP in production, printed to the console in development.
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "regionportal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The form "Barriere melden": a person needs a few seconds to fill it in, a robot none; a form older than the
# maximum age is refused (its page is shown again); accepted reports per visitor address and hour.
PORTAL_BARRIER_REPORT_MIN_SECONDS = 3
PORTAL_BARRIER_REPORT_MAX_AGE = 24 * 60 * 60
PORTAL_BARRIER_REPORTS_PER_HOUR = int(os.environ.get("PORTAL_BARRIER_REPORTS_PER_HOUR", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
