"""Issue 13: an address once published keeps working after a slug change (301 to the current address)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import charts
from regionportal.publishing.models import FormerSlug, PublicationState
from tests.factories import (
    make_article,
    make_municipality,
    make_organisation,
    make_person,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db


def renamed(obj, slug="neu-benannt"):
    obj.slug = slug
    obj.save()
    return obj


PAGES = [
    (make_project, "/projekte/{}/"),
    (make_project, "/projekte/{}/termine.ics"),
    (make_region, "/regionen/{}/"),
    (make_region, "/regionen/{}/zahlen/"),
    (make_region, "/regionen/{}/termine.ics"),
    (make_region, "/regionen/{}/aktuelles.atom"),
    (make_region, "/regionen/{}/aktuelles.rss"),
    (make_municipality, "/kommunen/{}/"),
    (make_programme, "/foerderprogramme/{}/"),
    (make_theme, "/themen/{}/"),
    (make_theme, "/themen/{}/aktuelles.atom"),
    (make_theme, "/themen/{}/aktuelles.rss"),
    (make_person, "/kontakte/personen/{}/"),
    (make_person, "/kontakte/personen/{}/vcard.vcf"),
    (make_organisation, "/kontakte/organisationen/{}/"),
    (make_organisation, "/kontakte/organisationen/{}/vcard.vcf"),
    (make_project, "/vorschau/projekt/{}.png"),
    (make_region, "/vorschau/region/{}.png"),
    (make_theme, "/vorschau/thema/{}.png"),
    (make_project, "/api/projects/{}/"),
    (make_region, "/api/regions/{}/"),
    (make_programme, "/api/programmes/{}/"),
]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(("factory", "address"), PAGES)
def test_old_address_answers_301_to_the_current_one(client, factory, address, prefix):
    obj = factory(slug="alt-benannt")
    renamed(obj)
    if address.startswith(("/api/", "/vorschau/")):
        prefix = ""
    old, new = prefix + address.format("alt-benannt"), prefix + address.format("neu-benannt")
    assert client.get(new).status_code in (200, 302)  # a share image's address without its digest: 302 to it

    # feeds and the API refuse parameters they do not know (400); pages keep whatever the old link carried
    query = "" if address.startswith("/api/") or address.endswith((".atom", ".rss")) else "?seite=2&x=%C3%A4"
    response = client.get(old + query)

    assert response.status_code == 301
    assert response["Location"] == new + query


def test_region_figures_csv_keeps_its_chart(client):
    region = renamed(make_region(slug="alt-benannt"))
    chart = charts.figures(region)["charts"][0].slug
    assert client.get(f"/regionen/neu-benannt/zahlen/{chart}.csv").status_code == 200
    response = client.get(f"/regionen/alt-benannt/zahlen/{chart}.csv")
    assert response.status_code == 301
    assert response["Location"] == f"/regionen/neu-benannt/zahlen/{chart}.csv"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_news_article_keeps_its_year(client, prefix):
    article = renamed(make_article(slug="alt-benannt"))
    year = article.get_absolute_url().split("/")[2]

    response = client.get(f"{prefix}/aktuelles/{year}/alt-benannt/")

    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/aktuelles/{year}/neu-benannt/"
    assert client.get("/api/news/alt-benannt/")["Location"] == "/api/news/neu-benannt/"


def test_chain_answers_in_one_hop(client):
    project = make_project(slug="a")
    renamed(project, "b")
    renamed(project, "c")
    for old in ("a", "b"):
        response = client.get(f"/projekte/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/projekte/c/")


def test_back_to_a_former_slug_makes_no_loop(client):
    project = make_project(slug="a")
    renamed(project, "b")
    renamed(project, "a")

    assert client.get("/projekte/a/").status_code == 200
    response = client.get("/projekte/b/")
    assert (response.status_code, response["Location"]) == (301, "/projekte/a/")
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["b"]


def test_former_slug_taken_by_another_object_belongs_to_the_live_one(client):
    renamed(make_project(slug="a", title="Erstes"), "b")
    make_project(slug="a", title="Zweites")

    response = client.get("/projekte/a/")

    assert response.status_code == 200
    assert response.context["project"].title == "Zweites"


def test_reused_slug_given_up_again_follows_the_latest_owner(client):
    renamed(make_project(slug="a"), "b")
    renamed(make_project(slug="a"), "c")

    assert client.get("/projekte/a/")["Location"] == "/projekte/c/"


def test_archived_object_behind_a_former_slug_still_answers_410(client):
    project = renamed(make_project(slug="alt-benannt"))
    project.state = PublicationState.ARCHIVED
    project.save()

    assert client.get("/projekte/alt-benannt/", follow=True).status_code == 410
    assert client.get("/projekte/neu-benannt/").status_code == 410


def test_draft_behind_a_former_slug_stays_hidden(client):
    project = renamed(make_project(slug="alt-benannt"))
    project.state = PublicationState.DRAFT
    project.save()

    assert client.get("/projekte/alt-benannt/").status_code == 404


def test_unknown_slug_still_404(client):
    assert client.get("/projekte/gibt-es-nicht/").status_code == 404
    assert client.get("/api/projects/gibt-es-nicht/").status_code == 404


def test_a_normal_detail_page_pays_no_query_for_former_slugs(client):
    project = make_project(slug="bleibt")
    renamed(make_project(slug="x"), "y")
    client.get("/projekte/bleibt/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/projekte/bleibt/").status_code == 200
    assert not [q for q in queries.captured_queries if "formerslug" in q["sql"].lower()]
    assert project.slug == "bleibt"


def test_slug_change_saved_with_update_fields_is_recorded():
    project = make_project(slug="alt-benannt")
    project.slug = "neu-benannt"
    project.save(update_fields=["slug"])
    assert FormerSlug.objects.get().target == project


@pytest.mark.parametrize(
    "path", ["/api/projects/%00/", "/api/projects/a%00b/", "/projekte/a%00b/", "/en/regionen/%00/"]
)
def test_a_malformed_slug_is_a_404_without_a_former_slug_lookup(client, path):
    response = client.get(path)
    assert response.status_code == 404
