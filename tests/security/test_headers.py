"""Hardened configuration: a secret key required, security headers on every URL pattern, no cookies for visitors."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

EXPECTED_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
REQUIRED_CSP = [
    "default-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def header_problems(response, admin=False):
    problems = [
        f"{name}: {response.headers.get(name)!r}"
        for name, value in EXPECTED_HEADERS.items()
        if response.headers.get(name) != value
    ]
    policy = response.headers.get("Content-Security-Policy", "")
    problems += [f"CSP without {rule!r}" for rule in REQUIRED_CSP if rule not in policy]
    problems += [f"CSP allows {word}" for word in ("unsafe-inline", "unsafe-eval", "*", "http:") if word in policy]
    for name in ("script-src", "style-src"):
        allowed = {"'self'"} | set(settings.SECURE_CSP_ADMIN.get(name, []) if admin else [])
        values = directives(policy).get(name, ["missing"])
        if set(values) - allowed - {value for value in values if value.startswith("'nonce-")}:
            problems.append(f"CSP {name}: {values}")
    features = dict(item.split("=") for item in response.headers.get("Permissions-Policy", "").split(", ") if item)
    problems += [
        f"Permissions-Policy allows {name}"
        for name in ("camera", "geolocation", "microphone", "payment")
        if features.get(name) != "()"
    ]
    return problems


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env | {"DJANGO_SETTINGS_MODULE": "regionportal.settings.base"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


CSRF_FORM_PAGES = {"admin:login", "admin_password_reset", "portal:accessibility", "portal:accessibility-feedback"}


def extra_pages():
    """Error pages and form errors, German and English."""
    return [
        "/diese-seite-gibt-es-nicht/",
        "/en/diese-seite-gibt-es-nicht/",
        "/x/pk-zzzzzz",
        f"{reverse('projects:list')}?start_year_min=abc&page=-1",
        f"{reverse('portal:search')}?q={'x' * 500}",
        f"{reverse('news:list')}?page=99999",
        "/api/unbekannt/",
        "/en/",
    ]


def test_every_url_pattern_sends_the_security_headers_and_no_cookie(sample_urls, https_client):
    problems = {}
    for name, url in [*sample_urls.items(), *((None, url) for url in extra_pages())]:
        response = https_client.get(url)
        found = header_problems(response, admin=url.startswith("/admin/"))  # the back office, password reset too
        if response.status_code >= 500:
            found.append(f"status {response.status_code}")
        # The (HttpOnly, Secure, session-long) CSRF cookie only where a form needs it: the admin login page and the
        # pages with the form "Barriere melden".
        if response.cookies and name not in CSRF_FORM_PAGES:
            found.append(f"cookies {sorted(response.cookies)}")
        if found:
            problems[f"{name} {url}"] = found
    assert not problems, problems
    assert len(sample_urls) > 100  # the admin's patterns included


def test_a_form_error_on_the_admin_login_sets_no_session(db, https_client):
    response = https_client.get(reverse("admin:login"))
    token = response.cookies["csrftoken"]
    assert (token["secure"], token["httponly"], token["samesite"]) == (True, True, "Lax")

    response = https_client.post(
        reverse("admin:login"),
        {"username": "niemand", "password": "falsch", "csrfmiddlewaretoken": response.context["csrf_token"]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not header_problems(response, admin=True)
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_staff_cookies_are_secure_httponly_and_lax(db, https_client):
    User.objects.create_user("redaktion", password="ein-langes-passwort", is_staff=True)
    page = https_client.get(reverse("admin:login"))

    response = https_client.post(
        reverse("admin:login"),
        {
            "username": "redaktion",
            "password": "ein-langes-passwort",
            "csrfmiddlewaretoken": page.context["csrf_token"],
            "next": reverse("admin:index"),
        },
    )

    assert response.status_code == 302
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[name]
        assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax"), name
    assert not header_problems(https_client.get(reverse("admin:index")), admin=True)


@pytest.mark.parametrize("name", ["projects:detail", "news:detail", "contacts:person", "portal:home"])
def test_json_ld_is_a_data_block_without_nonce(sample_urls, https_client, name):
    """JSON-LD is not run as script, so CSP does not apply to it: no nonce needed, none sent (pages stay cacheable)."""
    response = https_client.get(sample_urls[name])
    assert b'<script type="application/ld+json">' in response.content
    assert b"<script>" not in response.content and b"<script src" not in response.content
    assert "nonce-" not in response.headers["Content-Security-Policy"]


def test_the_admins_relaxation_stays_in_the_admin(sample_urls, https_client):
    relaxed = settings.SECURE_CSP_ADMIN["style-src"][-1]
    assert relaxed in https_client.get(sample_urls["admin:login"]).headers["Content-Security-Policy"]
    assert relaxed not in https_client.get(sample_urls["portal:home"]).headers["Content-Security-Policy"]
