"""The figures pages ("Zahlen und Fakten"): charts, tables and CSV from the same published data, cached."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import translation

from projects import charts
from projects.models import FundingLine, FundingProgramme, ProjectStatus
from regionportal.caching.cache import content_state
from regionportal.publishing.models import PublicationState
from tests.charts.helpers import chart_svg, csv_rows, parse_number, svg_labels, svg_values, table_rows
from tests.factories import make_programme, make_project, make_region, make_theme

pytestmark = pytest.mark.django_db

CHARTS = [
    "foerderung-programme",
    "foerderung-ebenen",
    "foerderung-themen",
    "foerderung-jahre",
    "projekte-stand",
    "projekte-startjahr",
]


@pytest.fixture
def funded():
    """Two published projects in one region, one in another, one draft; funding at three levels."""
    region, other = make_region(name="Kreis Unna"), make_region(name="Anderswo")
    eu = make_programme(name="EFRE NRW", level="eu")
    federal = make_programme(name="Region gestalten", level="federal")
    draft_programme = make_programme(name="Entwurfsprogramm", level="state", state=PublicationState.DRAFT)
    energy, mobility = make_theme(name="Energie"), make_theme(name="Mobilität")
    first = make_project(region=region, status="running", start_date=date(2021, 3, 1))
    first.themes.add(energy, mobility)
    FundingLine.objects.create(project=first, programme=eu, amount=Decimal("700000"))
    FundingLine.objects.create(
        project=first, programme=federal, amount=Decimal("250000.50"), start_date=date(2022, 1, 1)
    )
    second = make_project(region=region, status="planned", start_date=None)
    second.themes.add(energy)
    FundingLine.objects.create(project=second, programme=draft_programme, amount=Decimal("50000"))
    FundingLine.objects.create(project=second, programme=eu, amount=None)  # amount unknown: not summed
    elsewhere = make_project(region=other, status="completed", start_date=date(2019, 5, 1))
    FundingLine.objects.create(project=elsewhere, programme=federal, amount=Decimal("1000000"))
    hidden = make_project(region=region, state=PublicationState.DRAFT)
    FundingLine.objects.create(project=hidden, programme=eu, amount=Decimal("999999"))
    return region


def by_slug(region=None):
    return {chart.slug: chart for chart in charts.figures(region)["charts"]}


def test_region_figures_sum_only_the_regions_published_projects(funded):
    figures = by_slug(funded)
    assert list(figures) == CHARTS
    programmes = figures["foerderung-programme"]
    assert [(row.label, row.values) for row in programmes.rows] == [
        ("EFRE NRW", [Decimal("700000")]),
        ("Region gestalten", [Decimal("250000.50")]),
        ("Entwurfsprogramm", [Decimal("50000")]),
    ]
    # Only published programmes are linked.
    assert programmes.rows[0].url == FundingProgramme.objects.get(name="EFRE NRW").get_absolute_url()
    assert programmes.rows[2].url == ""
    levels = {row.label: row.total for row in figures["foerderung-ebenen"].rows}
    assert levels == {"EU": 700000, "Bund": Decimal("250000.50"), "Land": 50000, "Kreis / Kommune": 0}
    themes = {row.label: row.total for row in figures["foerderung-themen"].rows}
    assert themes == {"Energie": Decimal("1000000.50"), "Mobilität": Decimal("950000.50")}
    years = figures["foerderung-jahre"]
    assert [s.label for s in years.series] == ["EU", "Bund", "Land"]
    assert [(row.label, row.values) for row in years.rows] == [
        ("2021", [700000, 0, 0]),
        ("2022", [0, Decimal("250000.50"), 0]),  # the funding line's own start counts before the project's
        ("ohne Jahresangabe", [0, 0, 50000]),
    ]
    assert [(row.label, row.total) for row in figures["projekte-stand"].rows] == [
        ("geplant", 1),
        ("laufend", 1),
        ("abgeschlossen", 0),
    ]
    assert [(row.label, row.values) for row in figures["projekte-startjahr"].rows] == [
        ("2021", [0, 1]),
        ("ohne Jahresangabe", [1, 0]),
    ]


def test_portal_figures_cover_every_region(funded):
    figures = by_slug()
    assert sum(row.total for row in figures["foerderung-ebenen"].rows) == Decimal("2000000.50")
    assert sum(row.total for row in figures["projekte-stand"].rows) == 3


def test_figures_page_shows_each_chart_with_the_same_numbers_in_svg_table_and_csv(client, funded):
    url = reverse("projects:region-figures", kwargs={"slug": funded.slug})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Zahlen und Fakten: Kreis Unna</h1>" in page
    for slug in CHARTS:
        svg = chart_svg(page, slug)
        rows = table_rows(page, f"table-{slug}")
        assert svg_labels(svg) == [row[0] for row in rows]
        assert svg_values(svg) == [parse_number(row[-1]) for row in rows]  # the bar's label is the row's sum
        download = client.get(reverse("projects:region-figures-csv", kwargs={"slug": funded.slug, "chart": slug}))
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        assert f'filename="{funded.slug}-{slug}.csv"' in download["Content-Disposition"]
        header, *lines = csv_rows(download.content)
        assert [line[0] for line in lines] == [row[0] for row in rows]
        assert [[Decimal(v) for v in line[1:]] for line in lines] == [
            [parse_number(v) for v in row[1:]] for row in rows
        ]
    assert "700.000\N{NO-BREAK SPACE}€" in page and "250.000,50\N{NO-BREAK SPACE}€" in page


def test_numbers_follow_the_active_language(client, funded):
    response = client.get("/en" + reverse("projects:region-figures", kwargs={"slug": funded.slug}))
    assert "700,000\N{NO-BREAK SPACE}€" in response.content.decode()
    with translation.override("de"):
        assert "700.000\N{NO-BREAK SPACE}€" in client.get(reverse("projects:figures")).content.decode()


def test_stacked_charts_have_patterns_and_a_legend(client, funded):
    page = client.get(reverse("projects:figures")).content.decode()
    svg = chart_svg(page, "projekte-startjahr")
    patterns = [p.get("id") for p in svg.iter("{http://www.w3.org/2000/svg}pattern")]
    assert patterns == ["projekte-startjahr-1", "projekte-startjahr-0", "projekte-startjahr-4"]
    assert '<ul class="chart-legend"' in page and "geplant</li>" in page


def test_every_palette_colour_contrasts_with_the_background():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in charts.PALETTE:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour
    assert len(set(charts.PATTERNS)) == len(charts.PALETTE)  # each series also differs in pattern


def test_csv_of_an_unknown_chart_or_region_is_a_404(client, funded):
    assert client.get(reverse("projects:figures-csv", kwargs={"chart": "gibt-es-nicht"})).status_code == 404
    assert client.get(reverse("projects:region-figures", kwargs={"slug": "gibt-es-nicht"})).status_code == 404
    draft = make_region(state=PublicationState.DRAFT)
    assert client.get(reverse("projects:region-figures", kwargs={"slug": draft.slug})).status_code == 404


def test_an_empty_portal_says_so(client):
    page = client.get(reverse("projects:figures")).content.decode()
    assert page.count("Dazu gibt es noch keine veröffentlichten Angaben.") == len(CHARTS)


def test_figures_are_cached_and_follow_every_change(client, funded, django_assert_max_num_queries):
    first = charts.figures(funded)
    with django_assert_max_num_queries(0):
        assert charts.figures(funded) == first
    project = funded.projects.published().get(status="running")
    project.status = ProjectStatus.COMPLETED
    project.save()
    status = {row.label: row.total for row in by_slug(funded)["projekte-stand"].rows}
    assert status == {"geplant": 1, "laufend": 0, "abgeschlossen": 1}


@pytest.mark.parametrize("region_page", [False, True])
def test_figures_page_query_count(client, django_assert_max_num_queries, region_page):
    region = make_region()
    for n in range(15):
        project = make_project(region=region, amount=1000 * n, start_date=date(2015 + n % 5, 1, 1))
        project.themes.add(make_theme())
    url = (
        reverse("projects:region-figures", kwargs={"slug": region.slug}) if region_page else reverse("projects:figures")
    )
    content_state()  # when content changes next by itself: computed once per change, not per page
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_demo_figures_pages(client):
    call_command("load_demo", verbosity=0)
    page = client.get(reverse("projects:figures")).content.decode()
    assert "Aktive Regionalentwicklung" in page and "700.000\N{NO-BREAK SPACE}€" in page
    assert reverse("projects:figures") in client.get(reverse("portal:home")).content.decode()  # footer link


def test_figures_urls_round_trip():
    for name, kwargs in [
        ("projects:figures", {}),
        ("projects:figures-csv", {"chart": "projekte-stand"}),
        ("projects:region-figures", {"slug": "kreis-unna"}),
        ("projects:region-figures-csv", {"slug": "kreis-unna", "chart": "projekte-stand"}),
    ]:
        url = reverse(name, kwargs=kwargs)
        assert resolve(url).view_name == name and resolve(url).kwargs == kwargs
    assert reverse("projects:figures-csv", kwargs={"chart": "projekte-stand"}) == "/zahlen/projekte-stand.csv"
