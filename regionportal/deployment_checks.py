"""Checks of a production deployment (``manage.py check --deploy``): the settings Django cannot judge itself.

Registered with the tag ``deployment`` in ``RegionportalConfig.ready``; they run only with ``--deploy``.
"""

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from regionportal.legal.checks import legal_page_problems

TAG = "deployment"


def check_base_url(app_configs, **kwargs):
    """Canonical links, og:image, feeds, the sitemap, iCal UIDs and printed short links and QR codes use it."""
    url = settings.PORTAL_BASE_URL
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname and not on_this_machine(parts.hostname):
        return []
    return [
        checks.Error(
            f"PORTAL_BASE_URL is {url!r}: canonical links, share images, feeds, the sitemap, calendar entries and "
            "printed short links and QR codes would point there.",
            hint="Set PORTAL_BASE_URL to the portal's public https:// address, e.g. https://portal.example.de.",
            id="regionportal.E101",
        )
    ]


def on_this_machine(host):
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:  # a host name
        return False
    return address.is_loopback or address.is_unspecified


def check_buffering_proxy(app_configs, **kwargs):
    """gunicorn's sync workers serve one connection each, also while a client sends its request slowly."""
    if settings.PORTAL_TRUSTED_PROXY_COUNT > 0:
        return []
    return [
        checks.Warning(
            "No reverse proxy is configured in front of gunicorn (DJANGO_TRUSTED_PROXY_COUNT is 0). Its sync "
            "workers serve one connection each: a few clients that send their requests slowly block every other "
            "visitor.",
            hint="Serve the portal through a buffering reverse proxy (nginx, docs/deployment.md), bind gunicorn to "
            "an address only the proxy reaches, and set DJANGO_TRUSTED_PROXY_COUNT=1.",
            id="regionportal.W102",
        )
    ]


def check_legal_pages(app_configs, **kwargs):
    """Imprint, privacy notice and accessibility statement are legal duties; the demo's placeholders are not."""
    hint = (
        "Portal administrators fill in the flat pages /impressum/ and /datenschutz/ and the accessibility statement "
        "in the admin (docs/operations.md, 'Legal pages')."
    )
    try:
        problems = legal_page_problems()
    except DatabaseError as error:  # not migrated yet, or unreachable
        problems = [f"The legal pages could not be read from the database: {error}"]
    return [checks.Warning(problem, hint=hint, id="regionportal.W103") for problem in problems]
