"""The site search on PostgreSQL: the demo examples, plurals, compound parts, umlauts, typos, the trigram index.

Run with DATABASE_URL=postgres://… (``.ci/run`` does); on SQLite these tests are skipped.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Organisation
from news.models import Article
from projects.filters import ProjectFilter
from projects.models import Municipality, Project, Region, Theme
from regionportal.search.index import rebuild_search_index
from regionportal.search.query import SiteSearch
from tests.factories import make_municipality, make_project, make_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def found(queryset, query):
    return [str(obj) for obj in SiteSearch(query).ranked(queryset)]


@pytest.mark.parametrize(
    ("query", "model", "expected"),
    [
        ("Kohleausstieg", Theme, "Strukturwandel/Kohleausstieg"),
        ("Kohleausstieg", Region, "Kreis Unna"),
        ("Kohleausstieg", Project, "Regionales Entwicklungskonzept (REK) Kreis Unna"),
        ("Fröndenberg", Municipality, "Fröndenberg/Ruhr"),
        ("Frondenberg", Municipality, "Fröndenberg/Ruhr"),
        ("Froendenberg", Municipality, "Fröndenberg/Ruhr"),
        ("Smart Regoin", Project, "Interkommunale Zusammenarbeit (IKZ) Smart Region Kreis Unna"),
        ("Smart Regoin", Organisation, "Projektleitstelle Smart Region Kreis Unna"),
        ("Förderung Strukturwandel", Theme, "Strukturwandel/Kohleausstieg"),
        # "Kraftwerksstandorten" is in the Kreis Unna region's description and the REK project's body
        ("Kraftwerk", Region, "Kreis Unna"),
        ("Kraftwerk", Project, "Regionales Entwicklungskonzept (REK) Kreis Unna"),
    ],
)
def test_the_issues_examples_in_the_demo_content(demo, query, model, expected):
    assert expected in found(model._default_manager.all(), query)


def test_foerderung_strukturwandel_finds_content_with_both_words(demo):
    projects = found(Project.objects.published(), "Förderung Strukturwandel")
    assert projects
    for title in projects:
        text = Project.objects.get(title=title).search_text  # title, summary, body, goals, themes, programmes …
        assert "forder" in text and "strukturwandel" in text


def test_stemming_projekte_finds_projekt():
    only_singular = make_project(title="Ein Projekt", summary="Kurz.", body="")
    assert only_singular in SiteSearch("Projekte").filter(Project.objects.all())


def test_prefix_kraftwerk_finds_the_compound_word():
    region = make_region(name="Revier", description="Mit 4 Kraftwerksstandorten besonders betroffen.")
    assert list(SiteSearch("Kraftwerk").filter(Region.objects.all())) == [region]
    assert list(SiteSearch("kraftwerks").filter(Region.objects.all())) == [region]


def test_text_is_updated_on_save_and_when_relations_change():
    project = make_project(title="Alter Titel")
    assert project in SiteSearch("Alter").filter(Project.objects.all())
    project.title = "Neuer Titel"
    project.save()
    assert project not in SiteSearch("Alter").filter(Project.objects.all())
    assert project in SiteSearch("Neuer").filter(Project.objects.all())
    project.municipalities.add(make_municipality(name="Holzwickede"))
    assert project in SiteSearch("Holzwickede").filter(Project.objects.all())
    municipality = Municipality.objects.get(name="Holzwickede")
    municipality.name = "Bönen"
    municipality.save()
    assert municipality in SiteSearch("Boenen").filter(Municipality.objects.all())


def test_rebuild_search_index_catches_up_after_raw_writes():
    project = make_project(title="Vorher", body="")
    Project.objects.filter(pk=project.pk).update(body="Zeppelinlandeplatz")  # bypasses save()
    assert project not in SiteSearch("Zeppelin").filter(Project.objects.all())
    assert rebuild_search_index() >= 1
    assert project in SiteSearch("Zeppelin").filter(Project.objects.all())


def test_project_list_uses_the_same_search(demo, client, rf):
    data = QueryDict("q=Smart Regoin")
    found_by_filter = ProjectFilter(data, queryset=Project.objects.published(), request=rf.get("/", data)).qs
    assert [project.title for project in found_by_filter] == [
        "Interkommunale Zusammenarbeit (IKZ) Smart Region Kreis Unna"
    ]
    content = client.get(reverse("projects:list"), {"q": "Kraftwerk"}).content.decode()
    assert "Regionales Entwicklungskonzept (REK) Kreis Unna" in content


def test_snippet_marks_the_compound_word(demo, client):
    response = client.get(reverse("portal:search"), {"q": "Kraftwerk", "type": "regions"})
    assert "<mark>Kraftwerksstandorten</mark>" in response.content.decode()


def test_search_uses_the_gin_indexes_over_bulk_data(demo):
    """A small bulk data set, analysed, with sequential scans switched off: the planner must use the indexes."""
    call_command("generate_bulk_data", projects=300, articles=300, regions=5, municipalities=50, verbosity=0)
    assert not Article.objects.filter(search_text="").exists()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")
        for model in (Project, Article):
            searched = SiteSearch("Digitalisierung").filter(model.objects.all()).order_by()
            sql, params = searched.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Bitmap Index Scan on" in plan and "Seq Scan on" not in plan.split("Bitmap")[0], plan


def test_the_search_page_corrects_typos_only_when_the_words_find_nothing(demo, client):
    def search_page(query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:search"), {"q": query})
        titles = [str(item) for group in response.context["results"] for item in group["items"]]
        return titles, any("regionportal_searchword" in query["sql"] for query in queries.captured_queries)

    titles, similar = search_page("Kohleausstieg")
    assert "Kreis Unna" in titles and not similar  # the words found something: no similarity checks at all

    titles, similar = search_page("Smart Regoin")  # "regoin" is in no title: the similar title words instead
    assert "Projektleitstelle Smart Region Kreis Unna" in titles and similar
    response = client.get(reverse("portal:search"), {"q": "Smart Regoin"})
    assert "<mark>Smart</mark> <mark>Region</mark>" in response.content.decode()  # the corrected word marked
    assert search_page("Xyzzyplugh")[0] == []  # nothing similar: nothing found


def test_the_search_page_leaves_sequential_scans_on_for_the_rest_of_the_transaction(demo, client):
    """The page's query switches sequential scans off for itself only (each kind then uses its own index)."""
    assert client.get(reverse("portal:search"), {"q": "Kohleausstieg"}).context["total"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)
