"""Security plumbing Django leaves to the project: the headers it does not send, redirects that stay on this host,
the client address behind a proxy (for django-axes) and a content policy the admin can live with.

The Content-Security-Policy itself is Django's (``SECURE_CSP`` with ``ContentSecurityPolicyMiddleware``); this
middleware sits inside it, so a policy it attaches to an admin response is the one Django sends.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.db.models import Sum
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme


def is_same_host(url, request):
    """Whether ``url`` stays on the host of ``request`` (relative paths do; ``//host``, ``/\\host`` do not)."""
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def client_ip(request):
    """The visitor's address: the entry the last trusted proxy appended to X-Forwarded-For, else the socket's.

    Only entries added by our own proxies count (from the right); anything further left is the client's word.
    """
    proxies = settings.PORTAL_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response, and the admin's content policy on admin responses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    @cached_property
    def admin_prefix(self):
        return reverse("admin:index")

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if request.path.startswith(self.admin_prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP | settings.SECURE_CSP_ADMIN
        return response


class SameHostRedirectFallbackMiddleware(RedirectFallbackMiddleware):
    """``django.contrib.redirects`` for this host only: an entry pointing elsewhere stays a 404."""

    def process_response(self, request, response):
        redirect = super().process_response(request, response)
        if redirect is not response and redirect.has_header("Location") and not is_same_host(redirect.url, request):
            return response
        return redirect


class SignInLockHandler(AxesDatabaseHandler):
    """django-axes with two locks (docs/operations.md): a (username, address) pair after ``AXES_FAILURE_LIMIT``
    failures, an address after ``PORTAL_ADDRESS_FAILURE_LIMIT`` failures over all usernames. A username alone is never
    locked, so nobody can lock a colleague out from elsewhere; a sign-in forgets only its own pair's failures, so a
    guesser cannot wipe them by signing in to an account of their own.

    Needs ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]``, in that order.
    """

    def get_failures(self, request, credentials=None):
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # axes compares one number with one limit: the address's failures in units of the pair's limit
        return max(pair, address * settings.AXES_FAILURE_LIMIT // settings.PORTAL_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None):
        pair, _address = self.filter_user_attempts(request, credentials)
        deleted, _ = pair.delete()
        return deleted
