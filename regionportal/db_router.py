"""Reads from a PostgreSQL read replica, when there is one (``DATABASE_REPLICA_URL``), without stale reads.

Anonymous GET requests read from the ``replica`` alias; everything else reads from the primary (``default``):
requests of signed-in staff (they see what they have just saved: read-your-writes; a made-up session cookie
counts for nothing), requests that write
(POST, PUT, …), management commands and tests outside a request, and every request for a few seconds after any
content change (``PORTAL_REPLICA_LAG_SECONDS``), so a page cached in that time never comes from a replica that
has not caught up yet. Writes and migrations always go to the primary.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_read_from_replica = ContextVar("read_from_replica", default=False)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _read_from_replica.get() and REPLICA in settings.DATABASES else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def changed_recently():
    from regionportal.caching.cache import content_version_age

    return content_version_age() < settings.PORTAL_REPLICA_LAG_SECONDS


def may_read_from_replica(request):
    from regionportal.caching.cache import has_staff_session

    return (
        REPLICA in settings.DATABASES
        and request.method in ("GET", "HEAD")
        and not has_staff_session(request)
        and not changed_recently()
    )


class ReadReplicaMiddleware:
    """Decides per request where its reads go (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_from_replica.set(may_read_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _read_from_replica.reset(token)
