"""Static files as production serves them: hashed names, gzip and brotli copies, cached for a year; small pages."""

import gzip
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from projects.models import FundingLine, Milestone, ProjectContact, ProjectGoal, ProjectLink
from tests.factories import make_municipality, make_organisation, make_person, make_programme, make_project, make_theme

ONE_YEAR = 60 * 60 * 24 * 365


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """``collectstatic`` with the production storage into a temporary folder (once: brotli takes its time)."""
    tmp_path = tmp_path_factory.mktemp("static")
    production = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path, STORAGES=production, WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


def test_hashed_and_compressed(collected):
    manifest = (collected / "staticfiles.json").read_text()
    hashed = next(path for path in (collected / "css").glob("portal.*.css"))
    assert hashed.name in manifest
    assert (hashed.parent / f"{hashed.name}.gz").exists()
    assert (hashed.parent / f"{hashed.name}.br").exists()  # the brotli package is installed


def test_served_for_a_year_with_brotli(collected):
    with override_settings(
        STATIC_ROOT=collected, WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False, DEBUG=False
    ):
        whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
        hashed = next((collected / "css").glob("portal.*.css")).name
        request = RequestFactory().get(f"{settings.STATIC_URL}css/{hashed}", headers={"accept-encoding": "br, gzip"})
        response = whitenoise(request)
        unhashed = whitenoise(RequestFactory().get(f"{settings.STATIC_URL}css/portal.css"))
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert f"max-age={ONE_YEAR}" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert f"max-age={ONE_YEAR}" not in unhashed["Cache-Control"]  # an unhashed name may change


@pytest.mark.django_db
def test_project_page_and_stylesheet_are_small(client):
    """A well-filled project page's HTML plus the stylesheet stay under 40 KB compressed."""
    project = make_project(
        title="Regionales Entwicklungskonzept", summary="Ein Konzept für die Region. " * 8, body="Absatz. " * 400
    )
    for i in range(10):
        project.themes.add(make_theme())
        project.municipalities.add(make_municipality(ags=f"0597{i:04d}"))
        ProjectGoal.objects.create(project=project, title=f"Ziel {i}", description="Erläuterung. " * 20)
        Milestone.objects.create(project=project, date=date(2021, 1 + i, 1), title=f"Meilenstein {i}")
        FundingLine.objects.create(project=project, programme=make_programme(), amount=100_000 * (i + 1))
        ProjectLink.objects.create(project=project, title=f"Weiterlesen {i}", url=f"https://example.org/{i}")
        ProjectContact.objects.create(project=project, person=make_person(organisation=make_organisation()))
    html = client.get(project.get_absolute_url()).content
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) < 40 * 1024
