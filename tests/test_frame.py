"""The frame every page shares: landmarks, skip link, language switch, error pages, health check."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from regionportal.pages.views import server_error
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_home_has_the_landmarks_and_a_skip_link_first(client):
    html = client.get("/").content.decode()

    assert '<html lang="de">' in html
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    for landmark in (
        '<header class="site-header">',
        '<main id="main"',
        '<footer class="site-footer">',
        'role="search"',
    ):
        assert landmark in html
    assert html.count("<h1") == 1


def test_english_interface_lives_under_en_and_switches_back(client):
    project = make_project(slug="smart-region")

    html = client.get(f"/en/projekte/{project.slug}/").content.decode()

    assert '<html lang="en">' in html
    assert 'href="/projekte/smart-region/" lang="de" hreflang="de">Deutsch</a>' in html
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/projekte/smart-region/">' in html


def test_navigation_marks_the_current_section(client):
    html = client.get(reverse("projects:list")).content.decode()

    assert f'<a href="{reverse("projects:list")}" aria-current="page">' in html


def test_anonymous_visitors_get_no_cookies(client):
    for path in ("/", reverse("projects:list"), "/en/", "/gibt-es-nicht/"):
        assert not client.get(path).cookies, path


def test_unknown_page_is_a_friendly_404_in_the_portal_design(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'class="site-header"' in html
    assert '<link rel="canonical"' not in html


def test_server_error_page_needs_no_database_and_no_context(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Vorübergehende Störung" in response.content.decode()


def test_health_check_is_plain_and_uncached(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
