"""Official keys (AGS, ARS, NUTS) and the municipality filter the same on every surface: the list page, the API,
the downloads and the feeds; malformed and unknown parameters answer 400 naming the parameter, never ignored."""

import csv
import io

import feedparser
import pytest
from django.urls import reverse

from projects.models import KeyKind, Municipality, Project, Region
from tests.factories import make_article, make_municipality, make_project, make_region, make_state

from .test_filters import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    """Kreis Unna (DEA5C) with Unna and Kamen, the Hochsauerlandkreis (DEA57) with Arnsberg, and Kassel in a
    cooperation area without official key; one project in each town and one the Kreis Unna leads."""
    unna = make_municipality(name="Unna", slug="unna", ags="05978036", ars="059780036036")
    kamen = make_municipality(name="Kamen", slug="kamen", ags="05978020", ars="059780020020")
    arnsberg = make_municipality(name="Arnsberg", slug="arnsberg", ags="05958004", ars="059580004004")
    kassel = make_municipality(
        name="Kassel", slug="kassel", ags="06611000", ars="066110000000", state=make_state("06", "HE", "Hessen")
    )
    kreis = make_region(name="Kreis Unna", slug="kreis-unna", ars="059780000000", nuts3="DEA5C", members=[unna, kamen])
    make_region(name="Hochsauerlandkreis", slug="hsk", ars="059580000000", nuts3="DEA57", members=[arnsberg])
    mitte = make_region(name="Region der Mitte", slug="region-der-mitte", kind="cooperation-area", members=[kassel])
    for title, municipality in (("In Unna", unna), ("In Kamen", kamen), ("In Arnsberg", arnsberg)):
        make_project(title=title, region=mitte).municipalities.add(municipality)
    make_project(title="In Kassel", region=mitte).municipalities.add(kassel)
    make_project(title="Kreisweit", region=kreis, is_region_wide=True)


SELECTIONS = [
    ("ags=05978", {"In Unna", "In Kamen", "Kreisweit"}),  # the district: its towns and what it leads
    ("ags=05978036", {"In Unna"}),  # one municipality
    ("ags=059", {"In Unna", "In Kamen", "In Arnsberg", "Kreisweit"}),  # the Regierungsbezirk Arnsberg
    ("ags=06", {"In Kassel"}),  # a Land
    ("ars=05978", {"In Unna", "In Kamen", "Kreisweit"}),
    ("ars=059780036036", {"In Unna"}),
    ("ars=059780036", {"In Unna"}),  # the Gemeindeverband part
    ("nuts=DEA5C", {"In Unna", "In Kamen", "Kreisweit"}),  # NUTS 3: a Kreis
    ("nuts=DEA57", {"In Arnsberg"}),
    ("nuts=DEA5", {"In Unna", "In Kamen", "In Arnsberg", "Kreisweit"}),  # NUTS 2: the Regierungsbezirk
    ("nuts=DEF", set()),  # Schleswig-Holstein: no region here carries such a code
    ("municipality=unna", {"In Unna"}),
    ("ags=05978&status=running&sort=title", {"In Unna", "In Kamen", "Kreisweit"}),
]


def list_page(client, query):
    response = client.get(f"{reverse('projects:list')}?{query}")
    assert response.status_code == 200, response.status_code
    return set(titles(response))


def api(client, query):
    response = client.get(f"{reverse('api:list', kwargs={'dataset': 'projects'})}?{query}&limit=100")
    assert response.status_code == 200, response.json()
    return {record["title"] for record in response.json()["results"]}


def csv_export(client, query):
    response = client.get(f"{reverse('opendata:export', kwargs={'dataset': 'projects', 'fmt': 'csv'})}?{query}")
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode()
    return {row["title"] for row in csv.DictReader(io.StringIO(text))}


def feed(client, query):
    response = client.get(f"{reverse('feeds:projects-atom')}?{query}")
    assert response.status_code == 200, response.content
    return {entry.title for entry in feedparser.parse(response.content).entries}


SURFACES = [list_page, api, csv_export, feed]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("query", "expected"), SELECTIONS)
def test_every_surface_filters_by_official_key_and_municipality(client, places, surface, query, expected):
    assert surface(client, query) == expected


def test_one_implementation_in_the_queryset(places):
    """The surfaces above all go through ``ProjectQuerySet.with_key``: it alone decides."""
    in_district = Project.objects.published().with_key(KeyKind.AGS, "05978")
    assert set(in_district.values_list("title", flat=True)) == {"In Unna", "In Kamen", "Kreisweit"}
    assert set(Municipality.objects.with_key(KeyKind.NUTS, "DEA5C").values_list("name", flat=True)) == {
        "Unna",
        "Kamen",
    }
    assert list(Region.objects.with_key(KeyKind.AGS, "05978000").values_list("slug", flat=True)) == ["kreis-unna"]


def test_an_unpublished_region_lends_no_key(client, places):
    Region.objects.filter(slug="kreis-unna").update(state="draft")
    assert api(client, "nuts=DEA5C") == set()
    assert api(client, "ags=05978") == {"In Unna", "In Kamen"}  # the towns keep their own keys


def test_news_and_municipalities_take_the_same_keys(client, places):
    make_article(title="Aus Unna").municipalities.add(Municipality.objects.get(slug="unna"))
    make_article(title="Aus dem Kreis").regions.add(Region.objects.get(slug="kreis-unna"))
    make_article(title="Aus Kassel").municipalities.add(Municipality.objects.get(slug="kassel"))

    news = client.get(reverse("api:list", kwargs={"dataset": "news"}), {"ags": "05978"}).json()["results"]
    news_feed = feedparser.parse(client.get(reverse("feeds:news-atom"), {"ars": "059780036"}).content)
    news_page = client.get(reverse("news:list"), {"nuts": "DEA5C"}).content.decode()
    towns = client.get(reverse("api:list", kwargs={"dataset": "municipalities"}), {"nuts": "DEA5C"}).json()

    assert {article["title"] for article in news} == {"Aus Unna", "Aus dem Kreis"}
    assert [entry.title for entry in news_feed.entries] == ["Aus Unna"]
    assert "Aus Unna" in news_page and "Aus dem Kreis" in news_page and "Aus Kassel" not in news_page
    assert [town["name"] for town in towns["results"]] == ["Kamen", "Unna"]


def test_the_list_page_shows_the_key_as_a_chip_and_in_an_open_form_section(client, places):
    page = client.get(reverse("projects:list"), {"ags": "05978"}).content.decode()
    assert "Gemeindeschlüssel (AGS): 05978" in page
    assert '<details class="filter-keys" open>' in page
    assert 'name="ags" value="05978"' in page
    closed = client.get(reverse("projects:list")).content.decode()
    assert '<details class="filter-keys">' in closed


# Malformed values


MALFORMED = [
    ("ags", "abc"),
    ("ags", "1234567890123"),
    ("ags", "0"),  # not even a Land
    ("ags", "99"),  # no Land 99
    ("ars", "0597800360361"),
    ("ars", "x5978"),
    ("nuts", "dea5c"),  # NUTS codes are upper case
    ("nuts", "FRA1"),  # not German
    ("nuts", "DEA5CX"),
    ("municipality", "gibt-es-nicht"),
]


@pytest.mark.parametrize(("name", "value"), MALFORMED)
def test_malformed_values_are_a_400_naming_the_parameter(client, places, name, value):
    api_response = client.get(reverse("api:list", kwargs={"dataset": "projects"}), {name: value})
    json_export = client.get(reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "json"}), {name: value})
    csv_response = client.get(reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "csv"}), {name: value})
    feed_response = client.get(reverse("feeds:projects-rss"), {name: value})
    page = client.get(reverse("projects:list"), {name: value})

    for response in (api_response, json_export):
        assert response.status_code == 400
        body = response.json()
        assert body["parameter"] == name
        assert f"„{name}“" in body["error"]
    for response in (csv_response, feed_response):
        assert response.status_code == 400
        assert f"{name}:" in response.content.decode()
    assert page.status_code == 400
    html = page.content.decode()
    assert "Einige Filterangaben sind ungültig" in html
    assert f'<a href="#id_{name}">' in html  # the message names the field and leads to it
    assert "0 Projekte" in html


# Unknown parameters


UNKNOWN_JSON = [
    reverse("api:list", kwargs={"dataset": "projects"}),
    reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "json"}),
]
UNKNOWN_TEXT = [
    reverse("opendata:export", kwargs={"dataset": "projects", "fmt": "csv"}),
    reverse("opendata:export", kwargs={"dataset": "programmes", "fmt": "csv"}),
    reverse("feeds:projects-atom"),
    reverse("feeds:news-rss"),
    reverse("feeds:region-news-atom", kwargs={"region": "kreis-unna"}),
]


@pytest.mark.parametrize("path", UNKNOWN_JSON)
@pytest.mark.parametrize(
    ("query", "name"),
    [("foo=1", "foo"), ("ags=05978036&foo=1", "foo"), ("page=2", "page"), ("region=kreis-unna&region=hsk", "region")],
)
def test_unknown_or_repeated_parameters_are_a_json_400(client, places, path, query, name):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == name
    assert f"„{name}“" in body["error"]
    assert set(body) == {"error", "parameter", "fields"}


def test_a_dataset_without_filters_takes_only_the_page_parameters(client, places):
    path = reverse("api:list", kwargs={"dataset": "regions"})
    assert client.get(path, {"limit": "1"}).status_code == 200
    assert client.get(path, {"ags": "05978"}).json()["parameter"] == "ags"


def test_the_api_detail_takes_no_parameters(client, places):
    project = Project.objects.get(title="In Unna")
    path = reverse("api:detail", kwargs={"dataset": "projects", "slug": project.slug})
    assert client.get(path).status_code == 200
    assert client.get(path, {"foo": "1"}).json()["parameter"] == "foo"


@pytest.mark.parametrize("path", UNKNOWN_TEXT)
def test_unknown_parameters_are_a_400_for_downloads_and_feeds(client, places, path):
    response = client.get(path, {"foo": "1"})
    assert response.status_code == 400
    assert "foo:" in response.content.decode()


@pytest.mark.parametrize("path", ["/projekte/", "/aktuelles/", "/en/projekte/"])
def test_an_unknown_parameter_on_a_list_page_is_a_german_page_in_the_portal_frame(client, places, path):
    response = client.get(path, {"foo": "1", "ags": "05978"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<main" in html and 'class="site-footer' in html  # the portal's frame
    assert "„foo“" in html or "“foo”" in html
    assert f'href="{path}?ags=05978"' in html  # the way on without it


def test_the_page_for_an_unknown_parameter_is_german_with_an_english_translation(client, places):
    german = client.get("/projekte/", {"foo": "1"}).content.decode()
    english = client.get("/en/projekte/", {"foo": "1"}).content.decode()
    assert "Ungültige Angabe in der Adresse" in german
    assert "Invalid information in the address" in english


@pytest.mark.parametrize(
    "query",
    [
        "page=1",
        "sort=title&page=1",
        "q=Unna&region=kreis-unna&municipality=unna&theme=&programme=&status=&start_year_min=&start_year_max=",
        "ags=&ars=&nuts=",  # what the form sends with the key section left empty
    ],
)
def test_what_the_list_page_itself_produces_is_accepted(client, places, query):
    assert client.get(f"/projekte/?{query}").status_code == 200
    assert client.get(f"/en/projekte/?{query}").status_code == 200


def test_campaign_parameters_lead_to_the_address_without_them(client, places):
    response = client.get("/projekte/?utm_source=newsletter&ags=05978&fbclid=abc")
    assert response.status_code == 301
    assert response["Location"] == "/projekte/?ags=05978"
    assert client.get("/aktuelles/?utm_campaign=x")["Location"] == "/aktuelles/"
    # machine interfaces know no campaigns
    assert client.get("/api/projects/?utm_source=x").status_code == 400
