"""Errors in the back office answer inside its frame, in German, saying what to do next."""

import pytest
from django.test import RequestFactory

from regionportal.pages.views import server_error

from .conftest import PORTAL_ADMINISTRATION, REGION_EDITORS, force_login_verified, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, unna):
    administrator = make_staff("portal-admin", PORTAL_ADMINISTRATION)
    administrator.first_name, administrator.last_name = "Petra", "Portal"
    administrator.save()
    force_login_verified(client, make_staff("redaktion", REGION_EDITORS, [unna.region]))
    return client


def test_forbidden_page_is_german_inside_the_back_office(editor_client):
    response = editor_client.get("/admin/auth/user/")  # accounts are the portal administrators' business
    assert response.status_code == 403
    page = response.content.decode()
    assert "Regionportal – Redaktion" in page and 'id="header"' in page
    assert "Keine Berechtigung" in page and "Es wurde nichts geändert." in page
    assert "Zur Startseite der Redaktion" in page
    assert "Petra Portal" in page and "mailto:portal-admin@example.org" in page
    assert "403 Forbidden" not in page


def test_not_found_page_is_german_inside_the_back_office(editor_client):
    response = editor_client.get("/admin/gibt-es-nicht/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'id="header"' in page and "Seite nicht gefunden" in page and "Zur Startseite der Redaktion" in page


def test_server_error_page_of_the_back_office_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/admin/projects/project/1/change/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Technischer Fehler" in page and "nicht ausgeführt" in page and 'href="/admin/"' in page


def test_public_server_error_page_stays_the_portals(client):
    response = server_error(RequestFactory().get("/projekte/"))
    assert "Redaktion" not in response.content.decode()
