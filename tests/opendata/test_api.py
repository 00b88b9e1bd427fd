"""The read-only JSON API: pagination, the list pages' filters, published rows only, JSON errors."""

from decimal import Decimal

import pytest
from django.urls import resolve, reverse

from projects.models import Membership
from regionportal.publishing.models import PublicationState

from ..factories import make_article, make_municipality, make_programme, make_project, make_region, make_theme

pytestmark = pytest.mark.django_db


def get(client, path, query=None, status=200, **headers):
    response = client.get(path, query or {}, headers=headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    return response.json()


def listing(dataset):
    return reverse("api:list", kwargs={"dataset": dataset})


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("api:index", {}, "/api/"),
        ("api:openapi", {}, "/api/openapi.json"),
        ("api:list", {"dataset": "projects"}, "/api/projects/"),
        ("api:list", {"dataset": "municipalities"}, "/api/municipalities/"),
        ("api:detail", {"dataset": "news", "slug": "neue-halle"}, "/api/news/neue-halle/"),
    ],
)
def test_url_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert {key: getattr(value, "slug", value) for key, value in match.kwargs.items()} == kwargs


def test_index_lists_the_datasets_and_the_openapi_document(client):
    body = get(client, reverse("api:index"))
    assert body["openapi"] == "http://testserver/api/openapi.json"
    assert body["datasets"] == {
        slug: f"http://testserver/api/{slug}/"
        for slug in ("projects", "news", "regions", "municipalities", "programmes")
    }


class TestPagination:
    def test_pages_link_to_each_other_and_keep_the_filters(self, client):
        theme = make_theme(slug="energie")
        for number in range(5):
            make_project(title=f"Projekt {number:02}").themes.add(theme)
        make_project(title="Ohne Thema")

        first = get(client, listing("projects"), {"theme": "energie", "sort": "title", "limit": 2})
        second = get(client, first["next"].removeprefix("http://testserver"))
        last = get(client, second["next"].removeprefix("http://testserver"))

        assert (first["count"], first["limit"], first["offset"], first["previous"]) == (5, 2, 0, None)
        assert [p["title"] for p in first["results"] + second["results"] + last["results"]] == [
            f"Projekt {number:02}" for number in range(5)
        ]
        assert "theme=energie" in first["next"] and "sort=title" in first["next"]
        assert last["next"] is None
        assert second["previous"] == "http://testserver/api/projects/?theme=energie&sort=title&limit=2&offset=0"

    def test_default_page_size(self, client):
        for _number in range(25):
            make_municipality()
        body = get(client, listing("municipalities"))
        assert (body["count"], body["limit"], len(body["results"])) == (25, 20, 20)

    @pytest.mark.parametrize(
        "query",
        [
            {"limit": 101},
            {"limit": 0},
            {"limit": "zwanzig"},
            {"offset": -1},
            {"offset": 2**63},
            {"offset": "1\x00"},
        ],
    )
    def test_page_size_and_offset_are_bounded(self, client, query):
        body = get(client, listing("news"), query, status=400)
        assert list(body["fields"]) == list(query)


class TestFilters:
    def test_project_filters_are_those_of_the_list_page(self, client):
        region = make_region(slug="kreis-unna")
        for number in range(3):
            make_project(title=f"Treffer {number}", region=region, status="planned")
        make_project(title="Anderer Stand", region=region, status="completed")
        make_project(title="Anderswo", status="planned")
        query = {"region": "kreis-unna", "status": "planned"}

        body = get(client, listing("projects"), query)
        page = client.get(reverse("projects:list"), query).context["projects"]

        assert [p["slug"] for p in body["results"]] == [project.slug for project in page]
        assert body["count"] == 3

    def test_news_filters_are_those_of_the_list_page(self, client):
        theme = make_theme(slug="energie")
        make_article(title="Treffer").themes.add(theme)
        make_article(title="Anderes")
        body = get(client, listing("news"), {"theme": "energie"})
        assert [article["title"] for article in body["results"]] == ["Treffer"]

    def test_municipalities_by_region_and_ags_prefix(self, client):
        unna = make_municipality(name="Unna", ags="05978036")
        froendenberg = make_municipality(name="Fröndenberg", ags="05978012")
        make_municipality(name="Arnsberg", ags="05958004")
        region = make_region(slug="kreis-unna", members=[unna])
        Membership.objects.create(region=region, municipality=froendenberg, valid_to="2000-01-01")  # ended

        by_prefix = get(client, listing("municipalities"), {"ags": "05978"})
        by_region = get(client, listing("municipalities"), {"region": "kreis-unna"})

        assert [m["name"] for m in by_prefix["results"]] == ["Fröndenberg", "Unna"]
        assert [(m["name"], m["ags"], m["regions"]) for m in by_region["results"]] == [
            ("Unna", "05978036", ["kreis-unna"])
        ]

    @pytest.mark.parametrize(
        ("dataset", "query"),
        [
            ("projects", {"region": "gibt-es-nicht"}),
            ("projects", {"start_year_min": "1800"}),
            ("news", {"year": "abc"}),
            ("news", {"region": "\x00"}),
            ("municipalities", {"ags": "abc"}),
            ("municipalities", {"ags": "123456789"}),
        ],
    )
    def test_invalid_filters_are_a_400_with_the_reason(self, client, dataset, query):
        body = get(client, listing(dataset), query, status=400)
        assert body["error"].startswith(f"Ungültige Angabe in der Adresse: „{next(iter(query))}“ – ")
        assert body["parameter"] == next(iter(query))
        assert list(body["fields"]) == list(query)
        assert all(isinstance(message, str) for message in body["fields"][next(iter(query))])


class TestDetail:
    def test_a_published_entry(self, client):
        region = make_region(slug="kreis-unna", name="Kreis Unna", ars="059780000000")
        project = make_project(slug="smart-region", region=region, amount=Decimal("700000"))

        body = get(client, reverse("api:detail", kwargs={"dataset": "projects", "slug": "smart-region"}))
        region_body = get(client, reverse("api:detail", kwargs={"dataset": "regions", "slug": "kreis-unna"}))

        assert body["title"] == project.title
        assert body["funding_total"] == 700000
        assert body["url"] == "http://testserver/projekte/smart-region/"
        assert region_body["ars"] == "059780000000"

    @pytest.mark.parametrize("slug", ["gibt-es-nicht", "entwurf", "ä", "a b", "x" * 300])
    def test_unknown_or_unpublished_is_a_json_404(self, client, slug):
        make_programme(slug="entwurf", state=PublicationState.DRAFT)
        body = get(client, f"/api/programmes/{slug}/", status=404)
        assert "error" in body

    def test_unpublished_relations_are_left_out(self, client):
        draft = make_programme(slug="entwurf", state=PublicationState.DRAFT)
        make_programme(slug="kind", parent=draft)
        body = get(client, reverse("api:detail", kwargs={"dataset": "programmes", "slug": "kind"}))
        assert body["parent"] is None


def test_answers_in_german_whatever_the_browser_prefers(client):
    make_project(slug="smart-region")
    body = get(client, listing("projects"), HTTP_ACCEPT_LANGUAGE="en")
    assert body["results"][0]["url"] == "http://testserver/projekte/smart-region/"


@pytest.mark.parametrize("count", [1, 25])
def test_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries, count):
    region, theme = make_region(slug="kreis-unna"), make_theme(slug="energie")
    for _number in range(count - 1):
        make_region(members=[make_municipality()])
    for _number in range(count):
        municipality = make_municipality()
        Membership.objects.create(region=region, municipality=municipality)
        project = make_project(region=region, amount=Decimal("1"))  # and a funding programme
        project.themes.add(theme)
        project.municipalities.add(municipality)
        article = make_article()
        article.regions.add(region)
        article.themes.add(theme)

    expected = {  # filter values + count + rows + prefetches
        "projects": 1 + 1 + 1 + 3,
        "news": 1 + 1 + 1 + 4,
        "regions": 1 + 1 + 2,
        "municipalities": 1 + 1 + 1 + 1,
        "programmes": 1 + 1 + 1,
    }
    queries = {
        "projects": {"theme": "energie"},
        "news": {"region": "kreis-unna"},
        "municipalities": {"region": "kreis-unna"},
    }
    for dataset, limit in expected.items():
        with django_assert_max_num_queries(limit):
            body = get(client, listing(dataset), queries.get(dataset, {}) | {"limit": 25})
        assert len(body["results"]) == count, dataset


@pytest.mark.parametrize(
    "path", ["/api/unbekannt/", "/api/unbekannt", "/api/projekte/", "/api/openapi.yaml", "/api/%00/", "/api/ä/"]
)
def test_unknown_addresses_under_the_api_are_a_json_404(client, path):
    body = get(client, path, status=404)
    assert body["error"].startswith("Unter /api/")
    assert "/api/" in body["error"]


def test_a_dataset_without_its_slash_is_redirected_with_the_query(client):
    response = client.get("/api/projects", {"limit": 5})
    assert response.status_code == 301
    assert response["Location"] == "/api/projects/?limit=5"
