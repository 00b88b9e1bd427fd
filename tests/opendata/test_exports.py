"""CSV and JSON downloads: the filtered page's records, stable field names, streaming, 400 for bad input."""

import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import timezone

from news.filters import ArticleFilter
from news.models import Article
from projects.filters import ProjectFilter
from projects.models import FundingLine, Project
from regionportal.opendata.catalogue import CATALOGUED
from regionportal.opendata.datasets import DATASETS
from regionportal.publishing.models import PublicationState

from ..factories import (
    make_article,
    make_municipality,
    make_operation,
    make_organisation,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db

# The documented field names (docs/open-data.md): adding one is fine, renaming or removing one breaks users.
PROJECT_FIELDS = [
    "slug",
    "title",
    "summary",
    "body",
    "status",
    "lead_region",
    "lead_region_name",
    "region_wide",
    "municipalities_ags",
    "themes",
    "programmes",
    "funding_total",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "lead_organisation",
    "created_at",
    "url",
    "short_url",
    "updated_at",
]
NEWS_FIELDS = [
    "slug",
    "title",
    "teaser",
    "body",
    "date",
    "author",
    "source",
    "source_url",
    "regions",
    "municipalities_ags",
    "themes",
    "projects",
    "url",
    "short_url",
    "updated_at",
]


def export(client, dataset, fmt, query=None):
    response = client.get(reverse("opendata:export", kwargs={"dataset": dataset, "fmt": fmt}), query or {})
    assert response.status_code == 200, response
    assert response.streaming
    assert not response.cookies
    return response, b"".join(response.streaming_content).decode("utf-8")


def read_csv(client, dataset, query=None):
    response, text = export(client, dataset, "csv", query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{dataset}.csv"'
    return list(csv.DictReader(io.StringIO(text)))


def read_json(client, dataset, query=None):
    response, text = export(client, dataset, "json", query)
    assert response["Content-Type"] == "application/json"
    return json.loads(text)


@pytest.fixture
def projects():
    """Projects in two regions and two themes, one with funding from a published and a draft programme."""
    unna = make_region(name="Kreis Unna", slug="kreis-unna")
    energy = make_theme(name="Energie", slug="energie")
    froendenberg = make_municipality(name="Fröndenberg", slug="froendenberg", ags="05978012")
    funded = make_project(
        title="Smart Region",
        slug="smart-region",
        region=unna,
        start_date=date(2021, 11, 30),
        lead_organisation=make_organisation(name="WFG Kreis Unna"),
    )
    funded.themes.add(energy)
    funded.municipalities.add(froendenberg)
    FundingLine.objects.create(
        project=funded, programme=make_programme(slug="region-gestalten"), amount=Decimal("1500000.50")
    )
    FundingLine.objects.create(
        project=funded,
        programme=make_programme(slug="entwurf", state=PublicationState.DRAFT),
        amount=Decimal("10"),
    )
    for number in range(3):
        make_project(title=f"Energieprojekt {number}", region=unna).themes.add(energy)
    make_project(title="Anderswo").themes.add(energy)
    make_project(title="Entwurf", region=unna, state=PublicationState.DRAFT).themes.add(energy)
    return funded


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"dataset": "projects", "fmt": "csv"}, "/projekte/export.csv"),
        ({"dataset": "projects", "fmt": "json"}, "/projekte/export.json"),
        ({"dataset": "news", "fmt": "csv"}, "/aktuelles/export.csv"),
        ({"dataset": "news", "fmt": "json"}, "/aktuelles/export.json"),
        ({"dataset": "regions", "fmt": "csv"}, "/regionen/export.csv"),
        ({"dataset": "municipalities", "fmt": "json"}, "/kommunen/export.json"),
        ({"dataset": "programmes", "fmt": "csv"}, "/foerderprogramme/export.csv"),
    ],
)
def test_url_round_trip(kwargs, path):
    assert reverse("opendata:export", kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == "opendata:export"
    assert (match.kwargs["dataset"].slug, match.kwargs["fmt"]) == (kwargs["dataset"], kwargs["fmt"])


class TestRoundTrip:
    QUERY = {"region": "kreis-unna", "theme": "energie", "sort": "title"}

    def page_rows(self, client, list_name, query):
        """Every row of the filtered page (all its pages), in its order."""
        response = client.get(reverse(list_name), query)
        return list(response.context["filter"].qs)

    @pytest.mark.parametrize("sort", ["", "newest", "title", "start", "funding"])
    def test_project_csv_is_in_the_order_of_the_page(self, client, projects, sort):
        query = self.QUERY | {"sort": sort}
        rows = read_csv(client, "projects", query)
        assert [row["slug"] for row in rows] == [p.slug for p in self.page_rows(client, "projects:list", query)]
        assert len(rows) == 4

    def test_project_csv_has_the_records_of_the_filtered_page(self, client, projects):
        rows = read_csv(client, "projects", self.QUERY)

        assert [row["slug"] for row in rows] == [p.slug for p in self.page_rows(client, "projects:list", self.QUERY)]
        assert list(rows[0]) == PROJECT_FIELDS
        smart = next(row for row in rows if row["slug"] == "smart-region")
        assert smart | {"updated_at": "", "created_at": "", "short_url": ""} == {
            "slug": "smart-region",
            "title": "Smart Region",
            "summary": "Ein Projekt für die Region.",
            "body": "",
            "status": "running",
            "lead_region": "kreis-unna",
            "lead_region_name": "Kreis Unna",
            "region_wide": "false",
            "municipalities_ags": "05978012",
            "themes": "energie",
            "programmes": "region-gestalten",
            "funding_total": "1500010.50",
            "start_date": "2021-11-30",
            "start_precision": "day",
            "end_date": "",
            "end_precision": "day",
            "lead_organisation": "WFG Kreis Unna",
            "created_at": "",
            "url": "http://testserver/projekte/smart-region/",
            "short_url": "",
            "updated_at": "",
        }
        assert smart["short_url"] == f"http://testserver/x/pk-{projects.short_code}"
        assert smart["updated_at"] == timezone.localtime(projects.updated_at).isoformat()

    def test_project_json_has_the_same_records_with_types(self, client, projects):
        records = read_json(client, "projects", self.QUERY)

        assert [record["slug"] for record in records] == [
            row["slug"] for row in read_csv(client, "projects", self.QUERY)
        ]
        smart = next(record for record in records if record["slug"] == "smart-region")
        assert list(smart) == PROJECT_FIELDS
        assert smart["funding_total"] == 1500010.5
        assert smart["municipalities_ags"] == ["05978012"]
        assert smart["region_wide"] is False
        assert smart["end_date"] is None

    def test_news_exports_have_the_records_of_the_filtered_page(self, client):
        region, theme = make_region(slug="kreis-unna"), make_theme(slug="energie")
        hidden_region = make_region(slug="entwurf", state=PublicationState.DRAFT)
        for number in range(3):
            article = make_article(title=f"Treffer {number}", date=timezone.now() - timedelta(days=number))
            article.regions.add(region, hidden_region)
            article.themes.add(theme)
            article.related_projects.add(
                make_project(slug=f"sichtbar-{number}"), make_project(state=PublicationState.DRAFT)
            )
        make_article(title="Nur Thema").themes.add(theme)
        query = {"region": "kreis-unna", "theme": "energie"}

        rows = read_csv(client, "news", query)
        records = read_json(client, "news", query)

        expected = [article.slug for article in self.page_rows(client, "news:list", query)]
        assert [row["slug"] for row in rows] == expected == [record["slug"] for record in records]
        assert list(rows[0]) == NEWS_FIELDS == list(records[0])
        assert records[0]["regions"] == ["kreis-unna"]
        assert records[0]["projects"] == ["sichtbar-0"]

    def test_without_filters_everything_published_in_the_page_order(self, client, projects):
        rows = read_csv(client, "projects")
        expected = ProjectFilter({}, queryset=Project.objects.published()).qs
        assert [row["slug"] for row in rows] == [project.slug for project in expected]
        assert "entwurf" not in {row["title"].lower() for row in rows}

    def test_more_rows_than_one_chunk(self, client, monkeypatch):
        monkeypatch.setattr("regionportal.opendata.exports.CHUNK_SIZE", 2)
        for number in range(5):
            make_article(title=f"Nachricht {number}")
        records = read_json(client, "news")
        assert len(records) == 5
        assert [record["slug"] for record in records] == list(
            ArticleFilter({}, queryset=Article.objects.published()).qs.values_list("slug", flat=True)
        )


def test_german_spreadsheet_variant(client, projects):
    response, text = export(client, "projects", "csv", {"region": "kreis-unna", "format": "excel-de"})

    assert text.startswith("\ufeffslug;title;")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert next(row for row in rows if row["slug"] == "smart-region")["funding_total"] == "1500010,50"


def test_empty_selection_is_a_header_or_an_empty_list(client):
    assert read_csv(client, "projects") == []
    _response, text = export(client, "projects", "csv")
    assert text == ",".join(PROJECT_FIELDS) + "\r\n"
    assert read_json(client, "news") == []


def test_every_field_is_documented():
    docs = (settings.BASE_DIR / "docs" / "open-data.md").read_text()
    for dataset in CATALOGUED:
        section = docs.split(f"### `{dataset.slug}`\n")[1].split("\n#")[0]
        for field in dataset.fields:
            assert f"`{field.name}`" in section, (dataset.slug, field.name)


@pytest.mark.parametrize("dataset", [dataset.slug for dataset in DATASETS])
def test_every_dataset_downloads_in_both_formats(client, dataset):
    region = make_region(members=[make_municipality()])
    make_project(region=region, amount=Decimal("5"))
    make_article().regions.add(region)

    records = read_json(client, dataset)
    rows = read_csv(client, dataset)

    field_names = [field.name for field in next(d for d in DATASETS if d.slug == dataset).fields]
    assert records and len(records) == len(rows)
    assert list(records[0]) == field_names == list(rows[0])


@pytest.mark.parametrize(
    "query",
    [
        {"region": "gibt-es-nicht"},
        {"status": "vielleicht"},
        {"start_year_min": "abc"},
        {"start_year_max": "1e99"},
        {"municipality": "a\x00b"},
        {"q": "x" * 1000},
        {"sort": "DROP TABLE"},
    ],
)
def test_invalid_filters_are_a_400_with_the_reason(client, query):
    csv_response = client.get(reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "csv"}), query)
    json_response = client.get(reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "json"}), query)

    name = next(iter(query))
    assert csv_response.status_code == 400
    assert csv_response["Content-Type"] == "text/plain; charset=utf-8"
    assert name in csv_response.content.decode()
    assert json_response.status_code == 400
    assert json_response["Content-Type"] == "application/json"
    body = json_response.json()
    assert body["error"].startswith(f"Ungültige Angabe in der Adresse: „{name}“ – ")
    assert body["parameter"] == name
    assert list(body["fields"]) == [name]


def test_unknown_csv_variant_is_a_400(client):
    response = client.get(reverse("opendata:export", kwargs={"dataset": "news", "fmt": "csv"}), {"format": "xlsx"})
    assert response.status_code == 400
    assert "excel-de" in response.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_queries_per_chunk_do_not_grow_with_the_rows(client, django_assert_max_num_queries, monkeypatch, count):
    monkeypatch.setattr("regionportal.opendata.exports.CHUNK_SIZE", 10)
    region, theme = make_region(slug="kreis-unna"), make_theme(slug="energie")
    for _number in range(count):
        project = make_project(region=region, amount=Decimal("1"))
        project.themes.add(theme)
        project.municipalities.add(make_municipality())
        article = make_article()
        article.regions.add(region)
        article.themes.add(theme)
    chunks = -(-count // 10)

    # filter values (region, theme), then per chunk the rows and three (projects) or four (news) prefetches
    with django_assert_max_num_queries(2 + chunks * 4):
        export(client, "projects", "csv", {"region": "kreis-unna", "theme": "energie"})
    with django_assert_max_num_queries(2 + chunks * 5):
        export(client, "news", "json", {"region": "kreis-unna", "theme": "energie"})


FORMULA = '=HYPERLINK("http://example.com/x","Klick")'
NUMBER = re.compile(r"-?\d+([.,]\d+)?")


@pytest.fixture
def hostile_texts():
    """Texts an editor (or a hostile import) might enter that a spreadsheet would run as formulas."""
    region = make_region(slug="kreis-unna", name="@Region")
    programme = make_programme(name=FORMULA, summary="-2+3")
    project = make_project(region=region, title=FORMULA, summary="+SUM(1;2)", start_date=date(2021, 3, 1))
    project.themes.add(make_theme(name="\tTab-Thema"))
    FundingLine.objects.create(project=project, programme=programme, amount=Decimal("1250000.50"))
    make_operation(project=project, beneficiary=make_organisation(name="@Begünstigte"), specific_objective="-RSO1.1")
    make_article(title="=1+1", teaser="\rZeilenanfang").regions.add(region)
    make_municipality(name="-Minusstadt")
    return region


def public_csvs(region):
    for dataset in CATALOGUED:
        url = dataset.download_path("csv")
        yield url, ","
        yield f"{url}?format=excel-de", ";"
    for chart in ("foerderung-programme", "foerderung-themen", "projekte-stand"):
        yield reverse("projects:figures-csv", kwargs={"chart": chart}), ","
        yield reverse("projects:region-figures-csv", kwargs={"slug": region.slug, "chart": chart}), ","


def test_no_public_csv_hands_a_spreadsheet_a_formula(client, hostile_texts):
    seen = set()
    for url, delimiter in public_csvs(hostile_texts):
        response = client.get(url)
        assert response.status_code == 200, url
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (url, cell)
                assert not cell.startswith("-") or NUMBER.fullmatch(cell), (url, cell)
                seen.add(cell)
    # escaped, not dropped: the apostrophe makes the spreadsheet show the text as typed
    assert {f"'{FORMULA}", "'+SUM(1;2)", "'@Region", "'=1+1", "'\rZeilenanfang", "'-Minusstadt"} <= seen
    assert {"'@Begünstigte", "'-RSO1.1"} <= seen  # the EU list of operations


def test_the_json_download_keeps_the_text_exactly_as_entered(client, hostile_texts):
    response = client.get(reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "json"}))
    [record] = json.loads(b"".join(response.streaming_content))
    assert (record["title"], record["summary"]) == (FORMULA, "+SUM(1;2)")
