"""Chromium reports no Content-Security-Policy violation on the public pages and in the admin (as an administrator)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projects.models import Project
from tests.admin.conftest import force_login_verified
from tests.pages import public_pages


def admin_pages(project):
    return [
        reverse("admin:index"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("admin:projects_project_add"),
        reverse("admin:projects_project_history", args=[project.pk]),
        reverse("admin:news_article_add"),
        reverse("admin:contacts_person_add"),
        reverse("admin:otp-setup"),
        reverse("admin:password_change"),
    ]


def test_no_csp_violation_on_public_pages_and_in_the_admin(demo_server, browser):
    project = Project.objects.published().order_by("pk").first()
    # an administrator (after the one-time code): no role groups needed, which earlier browser tests flushed
    client = Client()
    force_login_verified(client, User.objects.create_superuser("csp-verwaltung", password="ein-langes-passwort"))
    context = browser.new_context(locale="de-DE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": demo_server.url,
            }
        ]
    )
    page = context.new_page()
    found = {}
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    for path in [*public_pages(), *admin_pages(project)]:
        messages.clear()
        response = page.goto(demo_server.url + path, wait_until="networkidle")
        assert response.status < 500, path
        assert "/login/" not in page.url, path  # signed in: the admin's own pages were checked
        blocked = [text for text in messages if "Content Security Policy" in text]
        if blocked:
            found[path] = blocked
    context.close()
    assert not found, found
