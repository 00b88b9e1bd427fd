"""The filtered, sorted and paginated project list (``/projekte/``)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from projects.filters import ProjectFilter
from projects.models import FundingLine, Project
from regionportal.publishing.models import PublicationState
from tests.factories import make_municipality, make_programme, make_project, make_region, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def list_url(query=""):
    return f"{reverse('projects:list')}{'?' if query else ''}{query}"


def titles(response):
    """Project titles in the order the cards show them."""
    return re.findall(
        r'<article class="card card--project">\s*<h3[^>]*><a href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


def filtered(query):
    return [project.title for project in ProjectFilter(QueryDict(query), queryset=Project.objects.published()).qs]


@pytest.fixture
def catalogue():
    """Three published projects that differ in every filterable respect, plus one draft."""
    unna = make_region(name="Kreis Unna", slug="kreis-unna")
    soest = make_region(name="Kreis Soest", slug="kreis-soest")
    town = make_municipality(name="Fröndenberg", slug="froendenberg")
    digital = make_theme(name="Digitalisierung", slug="digitalisierung")
    programme = make_programme(name="Region gestalten", slug="region-gestalten")
    glasfaser = make_project(
        region=unna,
        title="Glasfaser",
        summary="Schnelles Netz.",
        status="running",
        start_date=date(2019, 5, 1),
    )
    glasfaser.municipalities.add(town)
    glasfaser.themes.add(digital)
    FundingLine.objects.create(project=glasfaser, programme=programme, amount=Decimal("100000"))
    FundingLine.objects.create(project=glasfaser, programme=programme, amount=Decimal("50000"))
    radweg = make_project(
        region=soest,
        title="Radweg",
        summary="Ein Radweg.",
        body="Mit digitaler Zählstelle.",
        status="planned",
        start_date=date(2022, 3, 1),
        amount=Decimal("900000"),
    )
    make_project(region=unna, title="Archiv", status="completed", start_date=None)
    make_project(region=unna, title="Entwurf", state=PublicationState.DRAFT, start_date=date(2021, 1, 1)).themes.add(
        digital
    )
    return {"radweg": radweg, "glasfaser": glasfaser}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Glasfaser", "Radweg", "Archiv"}),
        ("q=netz", {"Glasfaser"}),
        ("q=DIGITAL", {"Radweg", "Glasfaser"}),  # body and theme, case-insensitive
        ("region=kreis-unna", {"Glasfaser", "Archiv"}),
        ("municipality=froendenberg", {"Glasfaser"}),
        ("theme=digitalisierung", {"Glasfaser"}),
        ("programme=region-gestalten", {"Glasfaser"}),
        ("status=planned", {"Radweg"}),
        ("start_year_min=2020", {"Radweg"}),
        ("start_year_max=2020", {"Glasfaser"}),
        ("start_year_min=2019&start_year_max=2019", {"Glasfaser"}),
        ("region=kreis-unna&status=completed", {"Archiv"}),
    ],
)
def test_each_filter_narrows_the_list(catalogue, query, expected):
    result = filtered(query)
    assert set(result) == expected
    assert len(result) == len(expected)  # no duplicates from funding lines or relations


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Archiv", "Radweg", "Glasfaser"]),  # newest first
        ("newest", ["Archiv", "Radweg", "Glasfaser"]),
        ("title", ["Archiv", "Glasfaser", "Radweg"]),
        ("start", ["Radweg", "Glasfaser", "Archiv"]),  # unknown start last
        ("funding", ["Radweg", "Glasfaser", "Archiv"]),  # 900.000 €, 150.000 €, nothing
    ],
)
def test_sort_orders(client, catalogue, sort, expected):
    assert titles(client.get(list_url(f"sort={sort}"))) == expected


def test_funding_sort_sums_all_lines_even_when_filtered_by_programme(catalogue):
    queryset = ProjectFilter(
        QueryDict("programme=region-gestalten&sort=funding"), queryset=Project.objects.published()
    ).qs
    assert [(project.title, project.funding_total) for project in queryset] == [("Glasfaser", Decimal("150000"))]


def test_unpublished_choices_are_not_offered(client, catalogue):
    make_region(name="Region im Entwurf", slug="entwurfsregion", state=PublicationState.DRAFT)
    make_region(name="Region ab morgen", slug="morgen", publish_at=timezone.now() + timezone.timedelta(days=1))
    page = client.get(list_url()).content.decode()
    assert '<option value="kreis-unna">Kreis Unna</option>' in page
    assert "entwurfsregion" not in page and "morgen" not in page
    response = client.get(list_url("region=entwurfsregion"))
    assert response.status_code == 400 and titles(response) == []


def test_result_count_and_empty_state(client, catalogue):
    assert '<h2 id="results-heading">3 Projekte</h2>' in client.get(list_url()).content.decode()
    assert '<h2 id="results-heading">1 Projekt</h2>' in client.get(list_url("status=planned")).content.decode()
    page = client.get(list_url("q=gibtesnicht")).content.decode()
    assert '<h2 id="results-heading">0 Projekte</h2>' in page and "Keine Projekte gefunden." in page


def test_chips_link_to_the_list_without_that_filter(client, catalogue):
    response = client.get(list_url("region=kreis-unna&theme=digitalisierung&q=netz&sort=title&page=1"))
    page = response.content.decode()
    chips = dict(re.findall(r'<li><a href="([^"]*)">([^<]+)<span class="visually-hidden"> \(Filter entfernen\)', page))
    assert {label: href for href, label in chips.items()} == {
        "Region: Kreis Unna": "/projekte/?theme=digitalisierung&amp;q=netz&amp;sort=title",
        "Thema: Digitalisierung": "/projekte/?region=kreis-unna&amp;q=netz&amp;sort=title",
        "Suchbegriff: „netz“": "/projekte/?region=kreis-unna&amp;theme=digitalisierung&amp;sort=title",
    }
    assert '<a href="/projekte/">Alle Filter entfernen</a>' in page


def test_no_chips_without_filters(client, catalogue):
    assert "Aktive Filter" not in client.get(list_url("sort=title")).content.decode()


def test_status_and_year_chips(client, catalogue):
    page = client.get(list_url("status=planned&start_year_min=2020")).content.decode()
    assert "Projektstand: geplant" in page and "Beginn ab Jahr: 2020" in page


def test_pagination_keeps_the_filters(client):
    region = make_region(slug="kreis-unna")
    for number in range(45):
        make_project(region=region, title=f"Projekt {number:02d}")
    make_project(title="Anderswo")
    first = client.get(list_url("region=kreis-unna&sort=title"))
    page = first.content.decode()
    assert len(titles(first)) == 20 and "45 Projekte" in page
    assert '<a href="?region=kreis-unna&amp;sort=title&amp;page=2" rel="next">' in page
    second = client.get(list_url("region=kreis-unna&sort=title&page=2"))
    assert titles(second)[0] == "Projekt 20"
    assert '<a href="?region=kreis-unna&amp;sort=title&amp;page=1" rel="prev">' in second.content.decode()
    last = client.get(list_url("region=kreis-unna&sort=title&page=last"))
    assert titles(last) == [f"Projekt {n}" for n in range(40, 45)]


@pytest.mark.parametrize(
    "query",
    [
        "region=nonexistent",
        "municipality=nirgendwo",
        "theme=%00",
        "programme=' OR 1=1 --",
        "region=%00",
        "status=evil",
        "sort=evil",
        "sort=-title",
        "start_year_min=abc",
        "start_year_max=2020.5",
        "start_year_min=99999999999999999999999",
        "start_year_min=-5",
        "q=%00",
        "q=a%00b",
        f"q={'x' * 5000}",
    ],
)
def test_invalid_filter_values_give_a_message_not_an_error(client, catalogue, query):
    response = client.get(list_url(query))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Einige Filterangaben sind ungültig" in page
    assert 'class="form-field form-field--error"' in page
    assert "0 Projekte" in page


@pytest.mark.parametrize("page", ["999999", "-1", "0", "abc", "%00", "1.5"])
def test_pages_out_of_range_are_404(client, catalogue, page):
    assert client.get(list_url(f"page={page}")).status_code == 404


def test_harmless_odd_input_is_ignored(client, catalogue):
    assert client.get(list_url("region=")).status_code == 200
    assert titles(client.get(list_url("q=%20%20"))) != []


def test_english_list(client, catalogue):
    response = client.get(f"/en{list_url('status=planned')}")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert titles(response) == ["Radweg"]


@pytest.mark.parametrize("count", [1, 25])
def test_query_count_is_constant(client, django_assert_max_num_queries, count):
    region = make_region(slug="kreis-unna")
    theme = make_theme(slug="digitalisierung")
    for _ in range(count):
        project = make_project(region=region, amount=1000)
        project.themes.add(theme, make_theme())
        project.municipalities.add(make_municipality())
    with django_assert_max_num_queries(8):
        assert len(titles(client.get(list_url()))) == min(count, 20)
    with django_assert_max_num_queries(12):
        response = client.get(list_url("region=kreis-unna&theme=digitalisierung&q=Projekt&sort=funding&page=1"))
    assert len(titles(response)) == min(count, 20)
