"""The address name is filled in from a German title the way German addresses are written."""

from django.urls import reverse

from projects.models import Region
from regionportal.backoffice.permissions import REGION_EDITORS
from tests.admin.conftest import make_staff

from .conftest import sign_in


def test_slug_from_a_german_title(demo_server, browser, roles):
    editor = make_staff("redaktion-unna", REGION_EDITORS, [Region.objects.get(slug="kreis-unna")])
    page = sign_in(browser, demo_server, editor)
    page.goto(demo_server.url + reverse("admin:projects_project_add"))
    page.fill("#id_title", "Kamen–Unna: Grüne Wege für Fröndenberg/Ruhr und Größe")
    page.press("#id_title", "Tab")
    assert page.input_value("#id_slug") == "kamen-unna-gruene-wege-fuer-froendenberg-ruhr-und-groesse"
