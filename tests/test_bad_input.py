"""Every list page answers hostile or broken query strings with 200 or 4xx and a message – never a 500."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_project, make_region

pytestmark = pytest.mark.django_db

LISTS = ["projects:list", "news:list", "portal:search", "projects:region-list", "projects:programme-list"]
ENGLISH = ["/en/projekte/", "/en/aktuelles/"]
BAD_QUERIES = [
    "region=999999&theme=gibt-es-nicht&municipality=-1&programme=%27%3B--&status=evil",
    "page=-1",
    "page=0",
    "page=99999",
    "page=abc",
    "page=1e9",
    "q=" + "Strukturwandel" * 715,  # 10 010 characters
    "q=%ff%fe%C3%28",  # broken UTF-8
    "q=%00",
    "start_year_min=abc&start_year_max=-5",
    "start_year_min=3000&start_year_max=1000",
    "sort=title%27%20OR%201%3D1",
    "year=abc",
    "region[]=a&region=b",
    "q=%22%27%3C%3E%26%7C%21%3A%2A",
    # NUL bytes: PostgreSQL refuses them in any query parameter (psycopg2 raises), so they must never reach one
    "municipality=%00",
    "municipality=a%00b&region=kreis-unna",
    "region=%00&theme=%00&programme=%00&status=%00&sort=%00",
    "year=%00&page=%00",
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_query_strings_never_break_a_list(client, name, query):
    make_project(title="Glasfaser für Gewerbegebiete", region=make_region(slug="kreis-unna"))
    make_article(title="Förderbescheid übergeben")

    response = client.get(f"{reverse(name)}?{query}")

    assert response.status_code < 500
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 200:
        assert "Seite nicht gefunden" in response.content.decode() or response.status_code == 400


def test_an_invalid_filter_value_is_explained_in_the_form(client):
    make_project()

    response = client.get(reverse("projects:list") + "?start_year_min=abc&region=gibt-es-nicht")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert "0 Projekte" in html


@pytest.mark.parametrize("path", ENGLISH)
@pytest.mark.parametrize("query", ["municipality=%00", "municipality=a%00b&region=kreis-unna"])
def test_nul_bytes_in_the_english_lists_are_no_500(client, path, query):
    make_project(region=make_region(slug="kreis-unna"))
    assert client.get(f"{path}?{query}").status_code in (200, 400)


@pytest.mark.parametrize("poison", ["sort=x", "sort=%00", "page=abc&sort=x", "start_year_min=abc"])
@pytest.mark.parametrize("selection", ["", "region=kreis-unna"])
def test_an_invalid_request_never_changes_the_count_others_see(client, poison, selection):
    """An invalid sort lists nothing; that 0 must not be kept as the count of the valid selection."""
    make_project(region=make_region(slug="kreis-unna"))
    for _ in range(3):
        client.get(f"/projekte/?{selection}&{poison}")
    for page in (f"/projekte/?{selection}", f"/projekte/?{selection}&page=1", f"/en/projekte/?{selection}"):
        html = client.get(page).content.decode()
        assert "0 Projekte" not in html and "0 projects" not in html, page
        assert ("1 Projekt" in html) or ("1 project" in html), page
