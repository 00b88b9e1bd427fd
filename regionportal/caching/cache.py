"""Caching for anonymous visitors that never serves stale content.

Everything cached – whole pages, counts of filtered lists, the options of filter forms – is keyed on the
**content version**, a token that changes whenever content is saved or deleted anywhere (any model of the
content apps, their inlines and many-to-many links, images, flat pages). Old entries are then simply never read
again. Content also changes by itself: a scheduled ``publish_at``/``unpublish_at`` passes, and at midnight
pictures lose their usage rights and memberships begin or end. So no entry lives past the **next change**: the
earliest scheduled time to come, or the next local midnight. The version and the next change live in the
``shared`` cache (Redis, or a folder on disk without Redis), which every worker process and ``manage.py`` see.

``PageCacheMiddleware`` serves anonymous GET/HEAD requests of public pages from the ``default`` cache with an
ETag and Last-Modified, and answers conditional requests with 304. A request carrying a session cookie (staff)
always gets a fresh page; a response setting a cookie is never stored. ``PORTAL_PAGE_CACHE_SECONDS = 0`` turns
the page cache off (the benchmark measures both).
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import auth
from django.core.cache import cache, caches
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.crypto import constant_time_compare
from django.utils.functional import cached_property
from django.utils.http import http_date, parse_http_date_safe
from simple_history.models import HistoricalChanges

VERSION_KEY = "portal:content-version"
NEXT_CHANGE_KEY = "portal:next-change"
# Apps whose rows appear on public pages; a save or delete of any of their models changes the content version.
CONTENT_APPS = {"regionportal", "projects", "decisions", "news", "contacts", "flatpages", "sites", "redirects"}
# Back-office bookkeeping in those apps that no public page shows.
BACK_OFFICE_MODELS = {
    "regionportal.editorassignment",
    "regionportal.projectcontributor",
    "regionportal.changeproposal",
    "regionportal.barrierreport",
}
# Response headers a cached page may vary on: the key is the URL (which carries the language), the cookie check
# decides fresh or cached. Anything else (e.g. content negotiation on Accept) is not stored.
CACHEABLE_VARY = {"cookie", "accept-language", "accept-encoding"}


def shared_cache():
    return caches["shared"]


@dataclass(frozen=True)
class ContentState:
    version: str
    next_change: datetime

    def seconds_to_live(self, limit):
        """How long an entry made now may live: never past the next change, never longer than ``limit``."""
        return max(0, min(limit, int((self.next_change - timezone.now()).total_seconds())))


def bump_content_version():
    shared_cache().set(VERSION_KEY, f"{time.time_ns():x}", timeout=None)


def content_version_age():
    """Seconds since the content last changed (the version is the time of the change, in nanoseconds)."""
    version = shared_cache().get(VERSION_KEY)
    return (time.time_ns() - int(version, 16)) / 1e9 if version else 0.0


def content_changed(sender, **kwargs):
    """Signal receiver: a new version now (the same request and transaction see it) and again after the commit,
    so that a page rendered by another request between the save and the commit is not kept."""
    if kwargs.get("action", "post_").startswith("post_") and is_content(sender):
        bump_content_version()
        transaction.on_commit(bump_content_version, robust=True)


def is_content(model):
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        and meta.label_lower not in BACK_OFFICE_MODELS
        and not issubclass(model, HistoricalChanges)  # the version history is written with every save anyway
    )


def connect_signals():
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(content_changed, dispatch_uid=f"regionportal-cache-{name}")


def next_midnight(now):
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def compute_next_change(now):
    """The earliest scheduled publication or withdrawal to come, or the next midnight if that is earlier."""
    changes = [
        model._default_manager.next_changes(after=now)
        for model in apps.get_models()
        if hasattr(model._default_manager, "next_changes")  # publishable content (regionportal.publishing.models)
    ]
    moments = [moment for row in changes[0].union(*changes[1:], all=True).order_by() for moment in row if moment]
    return min([next_midnight(now), *moments])


def content_state():
    """The current content version and when content changes next by itself (cached per version)."""
    store = shared_cache()
    values = store.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    version = values.get(VERSION_KEY)
    if version is None:
        bump_content_version()
        version = store.get(VERSION_KEY)
    now = timezone.now()
    known = values.get(NEXT_CHANGE_KEY)
    if known is not None and known[0] == version and known[1] > now:
        return ContentState(version, known[1])
    next_change = compute_next_change(now)
    store.set(NEXT_CHANGE_KEY, (version, next_change), timeout=None)
    return ContentState(version, next_change)


def cached(key, compute, limit=24 * 60 * 60, state=None):
    """``compute()``, kept under ``key`` until the content changes (for counts, filter options, fragments of
    pages); ``state``: the content state if the caller has it already."""
    state = state or content_state()
    full_key = f"fragment:{state.version}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, state.seconds_to_live(limit))
    return value


class CountedPaginator(Paginator):
    """The portal's one paginator: told its number of items instead of counting them – a number (the search counts
    its hits in its own query) or a function asked once (a list's count kept per content version)."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self):
        return self._count() if callable(self._count) else self._count


class CachedCountMixin:
    """For a paginated list view: the number of hits of a selection is counted once per content version."""

    def selection(self, *ignored):
        """The list's query without ``page`` and the parameters ``ignored``, as a string."""
        selection = self.request.GET.copy()
        for name in ("page", *ignored):
            selection.pop(name, None)
        return selection.urlencode()

    def get_paginator(self, queryset, per_page, **kwargs):
        filterset = getattr(self, "filterset", None)
        if filterset is not None and not filterset.is_valid():
            # An invalid selection lists nothing; its 0 must never be kept under the key of the valid one.
            return super().get_paginator(queryset, per_page, **kwargs)
        key = f"{self.request.resolver_match.view_name}:{self.kwargs}?{self.selection('sort')}"  # same hits
        digest = hashlib.sha256(key.encode()).hexdigest()
        return CountedPaginator(queryset, per_page, lambda: cached(f"count:{digest}", queryset.count), **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(selection=self.selection(), **kwargs)  # what the filter form shows


def has_staff_session(request):
    """Whether the request carries the session of a signed-in, active staff member, looked up once per request.

    A made-up, expired or foreign ``sessionid`` is a visitor like any other: cached pages, kept fragments, replica
    reads. Staff whose password changed since (the session's hash no longer matches) count as visitors too.
    """
    if request is None:
        return False
    if not hasattr(request, "_portal_staff_session"):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        request._portal_staff_session = bool(key) and is_staff_session_key(key)
    return request._portal_staff_session


def is_staff_session_key(key):
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)  # reading only: nothing is saved
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None:
        return False
    user = auth.get_user_model()._default_manager.filter(pk=user_id, is_staff=True, is_active=True).first()
    return user is not None and constant_time_compare(
        session.get(auth.HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    )


def keeps_fragments(request):
    """Fragments and objects are reused for visitors; staff always get everything fresh."""
    return not has_staff_session(request)


def request_content_state(request):
    """The content state, looked up once per request (fragments of one page ask for it many times)."""
    if request is None:
        return content_state()
    if not hasattr(request, "_portal_content_state"):
        request._portal_content_state = content_state()
    return request._portal_content_state


def header_values(response, name):
    return {part.strip().lower() for part in response.get(name, "").split(",") if part.strip()}


class PageCacheMiddleware:
    """Whole pages for anonymous visitors, keyed on the address and the content version (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PORTAL_PAGE_CACHE_SECONDS
        if not (seconds and self.is_cacheable_request(request)):
            return self.get_response(request)
        state = content_state()
        key = f"page:{state.version}:{hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()}"
        entry = cache.get(key)
        if entry is None:
            response = self.get_response(request)
            if not self.is_cacheable_response(request, response):
                return response
            self.add_validators(response)
            if request.method == "GET":
                entry = (response.status_code, list(response.items()), response.content)
                cache.set(key, entry, state.seconds_to_live(seconds))
        else:
            status, headers, content = entry
            response = HttpResponse(content if request.method == "GET" else b"", status=status)
            for header, value in headers:
                response.headers[header] = value
        last_modified = parse_http_date_safe(response["Last-Modified"])
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    @staticmethod
    def is_cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and not has_staff_session(request)  # staff: always fresh
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path_info.startswith(tuple(settings.PORTAL_PAGE_CACHE_EXCLUDED_PATHS))
        )

    @staticmethod
    def is_cacheable_response(request, response):
        cache_control = {part.split("=")[0] for part in header_values(response, "Cache-Control")}
        vary = header_values(response, "Vary")
        nonce = getattr(request, "_csp_nonce", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not cache_control & {"private", "no-store", "no-cache"}
            and vary <= CACHEABLE_VARY
            and not nonce  # a page with a CSP nonce must be rendered for each response
        )

    @staticmethod
    def add_validators(response):
        set_response_etag(response)
        response["Last-Modified"] = http_date()
        # The page depends on the address (which carries the language, so not on Accept-Language) and on the
        # cookie (staff get it fresh).
        response["Vary"] = (
            "Cookie, Accept-Encoding" if "accept-encoding" in header_values(response, "Vary") else "Cookie"
        )
        patch_cache_control(response, public=True, no_cache=True)
