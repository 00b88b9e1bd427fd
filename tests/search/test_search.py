"""The site search on any database: query parsing, odd input, types, regions, paging, snippets, query counts, the
stored folded text the words are looked up in, kept current.

What only PostgreSQL does (stemming, ranking by weight, typo tolerance, the stored vector) is in test_postgres.py.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.filters import ProjectFilter
from projects.models import Project, Theme
from regionportal.pages.views import RESULT_TYPES
from regionportal.publishing.models import PublicationState
from regionportal.search.index import fold, rebuild_search_index, searchable_models
from regionportal.search.models import KINDS, SearchEntry
from regionportal.search.query import SiteSearch, clean_query, query_terms
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

SEARCH = reverse("portal:search")


def search(client, q="", **params):
    return client.get(SEARCH, {"q": q, **params})


def hits(response, key):
    return [str(item) for group in response.context["results"] if group["key"] == key for item in group["items"]]


class TestQueryParsing:
    def test_clean_query_removes_nul_and_white_space_and_cuts(self):
        assert clean_query("  Kreis\x00Unna \n ") == ("Kreis Unna", False)
        assert clean_query("a" * 250) == ("a" * 200, True)

    def test_only_letters_and_digits_become_terms(self):
        assert query_terms("Kraftwerk & 'Unna' | !x:* (2038) -- OR 1=1; 😀 foo_bar") == [
            "kraftwerk",
            "unna",
            "x",
            "2038",
            "or",
            "1",
            "foo",
            "bar",
        ]

    def test_terms_are_distinct_and_limited(self):
        assert query_terms("Unna unna UNNA") == ["unna"]
        assert len(query_terms(" ".join(f"w{n}" for n in range(30)))) == 10
        assert query_terms("x" * 200) == ["x" * 60]

    def test_fold_treats_umlauts_spelled_out_and_accents_alike(self):
        assert fold("Fröndenberg") == fold("Froendenberg") == fold("FRONDENBERG") == "frondenberg"
        assert fold("Straße") == fold("strasse")
        assert fold("Café") == "cafe"

    @pytest.mark.parametrize("before", ["Wort", "Wörter"])  # plain ASCII (folded at once) or not (word by word)
    def test_snippet_starts_shortly_before_the_first_match(self, before):
        text = " ".join([before] * 40 + ["Nachbarschaftsforen", "und"] + ["mehr"] * 40)
        snippet = SiteSearch("Foren").snippet(text)
        assert snippet.startswith(f"… {before} ") and snippet.endswith(" …")
        assert snippet.split().index("<mark>Nachbarschaftsforen</mark>") == 1 + 10  # the ellipsis, ten words
        assert SiteSearch("Foren").snippet("Nichts davon") == "Nichts davon"


@pytest.fixture
def catalogue():
    """Published content of every kind that contains "Wasser", in two regions."""
    unna = make_region(name="Kreis Unna", slug="kreis-unna")
    soest = make_region(name="Kreis Soest", slug="kreis-soest")
    town = make_municipality(name="Fröndenberg/Ruhr", slug="froendenberg")
    project = make_project(
        title="Wasserstoff im Kreis",
        body="Ein Netz < 10 km für Wasserstoff & mehr. <script>alert(1)</script>",
        region=unna,
    )
    project.municipalities.add(town)
    make_project(title="Radweg", summary="Am Wasser entlang.", region=soest)
    make_article(title="Wasserstoffzentrum eröffnet").regions.add(unna)
    make_theme(name="Wasserwirtschaft")
    make_programme(name="Wasser für alle")
    make_organisation(name="Wasserverband")
    make_person(last_name="Brunnen", position="Wasserbeauftragte")
    return {"unna": unna, "soest": soest, "project": project}


class TestSearchPage:
    def test_counts_per_type_and_links_to_each_type(self, client, catalogue):
        response = search(client, "wasser")
        assert response.status_code == 200
        counts = {kind["key"]: kind["count"] for kind in response.context["counts"]}
        assert counts == {
            "projects": 2,
            "articles": 1,
            "themes": 1,
            "programmes": 1,
            "organisations": 1,
            "people": 1,
        }
        content = response.content.decode()
        assert "7 Treffer für „wasser“" in content
        assert 'href="?q=wasser&amp;type=people"' in content
        assert '<meta name="robots" content="noindex, follow">' in content

    def test_type_shows_one_kind_with_all_counts(self, client, catalogue):
        response = search(client, "wasser", type="projects")
        assert [group["key"] for group in response.context["results"]] == ["projects"]
        assert len(response.context["counts"]) == 6
        assert '<span aria-current="page">Projekte (2)</span>' in response.content.decode()

    def test_region_narrows_every_kind(self, client, catalogue):
        response = search(client, "wasser", region="kreis-unna")
        assert hits(response, "projects") == ["Wasserstoff im Kreis"]
        assert hits(response, "articles") == ["Wasserstoffzentrum eröffnet"]
        assert response.context["total"] == 2
        assert hits(search(client, "radweg", region="kreis-soest"), "projects") == ["Radweg"]

    def test_umlauts_spelled_out_or_left_off(self, client, catalogue):
        for query in ("Fröndenberg", "Frondenberg", "Froendenberg", "FRÖNDENBERG"):
            assert hits(search(client, query), "municipalities") == ["Fröndenberg/Ruhr"], query

    def test_place_names_find_the_projects_there(self, client, catalogue):
        assert hits(search(client, "Froendenberg"), "projects") == ["Wasserstoff im Kreis"]

    def test_snippet_and_title_mark_the_words_and_stay_escaped(self, client, catalogue):
        content = search(client, "netz wasserstoff").content.decode()
        assert "<mark>Wasserstoff</mark> im Kreis" in content
        assert "<mark>Netz</mark> &lt; 10 km für <mark>Wasserstoff</mark> &amp; mehr" in content
        assert "<script>alert" not in content

    def test_paging_within_a_type(self, client):
        region = make_region()
        for n in range(25):
            make_project(title=f"Brücke {n}", region=region)
        first = search(client, "brücke", type="projects")
        assert len(first.context["results"][0]["items"]) == 20
        assert first.context["page_obj"].paginator.num_pages == 2
        second = search(client, "brücke", type="projects", page=2)
        assert len(second.context["results"][0]["items"]) == 5
        assert 'rel="prev"' in second.content.decode()
        assert search(client, "brücke", type="projects", page=3).status_code == 404
        assert search(client, "brücke", type="projects", page="abc").status_code == 404

    def test_overview_links_to_all_hits_of_a_kind(self, client):
        for n in range(12):
            make_theme(name=f"Brücke {n}")
        content = search(client, "brücke").content.decode()
        assert "10 von 12 Treffern gezeigt." in content
        assert 'href="?q=br%C3%BCcke&amp;type=themes">Alle 12 Treffer: Themen</a>' in content

    @pytest.mark.parametrize("params", [{"type": "nonsense"}, {"region": "nowhere"}, {"region": "\x00"}])
    def test_unknown_type_or_region_is_a_400_with_a_message(self, client, catalogue, params):
        response = search(client, "wasser", **params)
        assert response.status_code == 400
        content = response.content.decode()
        assert "Diese Auswahl gibt es nicht." in content
        assert 'class="form-field form-field--error"' in content

    def test_empty_state_suggests_dropping_filters(self, client, catalogue):
        response = search(client, "gibtesnicht", region="kreis-soest")
        content = response.content.decode()
        assert response.status_code == 200
        assert "Zu „gibtesnicht“ haben wir nichts gefunden." in content
        assert f'href="{SEARCH}?q=gibtesnicht">Ohne Einschränkung auf Art und Region suchen' in content

    @pytest.mark.parametrize(
        "query",
        [
            "q=",
            "q=" + "Wasser%20" * 2000,  # 14 000 characters
            "q=" + "x" * 10_000,
            "q=%22Wasserstoff%20im%20Kreis%22",
            "q='Wasser'",
            "q=%26%7C!%3A*",
            "q=Wasser%3A*%20%26%20!Kreis%20%7C%20(x",
            "q=%27%3B%20DROP%20TABLE%20projects_project%3B%20--",
            "q=%27%20OR%201%3D1%20--",
            "q=%F0%9F%98%80%F0%9F%92%A7",  # emoji
            "q=Wasser%F0%9F%92%A7",
            "q=%00",
            "q=Was%00ser",
            "q=%C3%28",  # broken UTF-8
            "q=%FF%FE%FD",
            "q=%E2%82",
            "q=%25%5F%5C",
            "q=a&q=b",
            "q=wasser&type=projects&page=1",
            "q=%C3%28&type=people",
        ],
    )
    def test_odd_queries_give_results_or_an_empty_state(self, client, catalogue, query):
        response = client.get(f"{SEARCH}?{query}")
        assert response.status_code == 200
        content = response.content.decode()
        assert "Treffer für" in content or 'class="empty"' in content

    @pytest.mark.parametrize("count", [1, 30])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, count):
        region = make_region(name="Seeland", slug="seeland")
        for n in range(count):
            make_project(title=f"See {n}", region=region)
            make_article(title=f"See {n}").regions.add(region)
            make_municipality(name=f"Seestadt {n}")
            make_theme(name=f"Seen {n}")
            make_programme(name=f"Seeprogramm {n}")
            make_organisation(name=f"Seeverband {n}")
            make_person(last_name=f"Seemann{n}")
        for params in ({}, {"type": "projects"}, {"region": "seeland"}, {"type": "people", "region": "seeland"}):
            with django_assert_max_num_queries(12):
                assert search(client, "see", **params).status_code == 200
        assert search(client, "see").context["total"] == 1 + 7 * count


class TestProjectList:
    def test_text_box_uses_the_site_search(self, rf, catalogue):
        for query in ("Froendenberg", "frondenberg wasser"):
            data = QueryDict(f"q={query}")
            found = ProjectFilter(data, queryset=Project.objects.published(), request=rf.get("/", data)).qs
            assert [project.title for project in found] == ["Wasserstoff im Kreis"]
        assert list(SiteSearch("Froendenberg").filter(Project.objects.published())) == [catalogue["project"]]

    def test_list_page(self, client, catalogue):
        content = client.get(reverse("projects:list"), {"q": "Frondenberg"}).content.decode()
        assert "Wasserstoff im Kreis" in content
        assert "Radweg" not in content


def found(queryset, query):
    return [str(obj) for obj in SiteSearch(query).filter(queryset)]


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the folded text is stored on SQLite only")


class TestStoredDocument:
    def test_saving_replaces_the_old_words_with_the_new(self):
        theme = make_theme(name="Wasserwirtschaft")
        project = make_project(title="Wasserstoff im Kreis", summary="")
        theme.name = "Bodenkunde"
        theme.save()
        project.title = "Radschnellweg Ruhr"
        project.save()
        assert found(Theme.objects.all(), "Bodenkunde") == ["Bodenkunde"]
        assert found(Project.objects.all(), "radschnellweg") == ["Radschnellweg Ruhr"]
        assert found(Theme.objects.all(), "Wasserwirtschaft") == []
        assert found(Project.objects.all(), "Wasserstoff") == []

    def test_related_names_follow_adding_and_removing(self):
        project = make_project(title="Breitband")
        town = make_municipality(name="Holzwickede")
        project.municipalities.add(town)
        assert found(Project.objects.all(), "holzwickede") == ["Breitband"]
        project.municipalities.remove(town)
        assert found(Project.objects.all(), "holzwickede") == []
        town.projects.add(project)  # the reverse side
        assert found(Project.objects.all(), "holzwickede") == ["Breitband"]
        project.municipalities.clear()
        assert found(Project.objects.all(), "holzwickede") == []

    def test_child_rows_and_renamed_related_rows_refresh_the_project(self):
        """Goals, milestones and funding lines are saved after the project; themes, programmes and partners are
        renamed on their own pages: each refreshes the projects that show it."""
        project = make_project(title="Breitband", summary="")

        def words(query):
            return [str(obj) for obj in SiteSearch(query, typos=False).filter(Project.objects.all())]

        goal = project.goals.create(title="Nachbarschaftsforum gründen", description="Mit Vereinen")
        milestone = project.milestones.create(date=date(2021, 6, 1), title="Kreistagsbeschluss")
        programme = make_programme(name="Region gestalten", short_name="RG")
        project.funding_lines.create(programme=programme)
        partner = make_organisation(name="Heimatverein Bönen")
        project.partners.add(partner)
        theme = make_theme(name="Daseinsvorsorge")
        project.themes.add(theme)
        for query in ("Nachbarschaftsforen", "Vereine", "Kreistag", "gestalten", "Heimatverein", "Daseinsvorsorge"):
            assert words(query) == ["Breitband"], query
        programme.name, partner.name, theme.name = "Stadtumbau West", "Sportverein", "Klimaschutz"
        for renamed in (programme, partner, theme):
            renamed.save()
        for query in ("Stadtumbau", "Sportverein", "Klimaschutz"):
            assert words(query) == ["Breitband"], query
        for query in ("gestalten", "Heimatverein", "Daseinsvorsorge"):
            assert words(query) == [], query
        goal.delete()
        milestone.delete()
        assert words("Nachbarschaftsforum") == words("Kreistag") == []

    def test_every_value_is_stored_as_folded_words(self):
        region = make_region(name="Kreis Soest")
        project = make_project(
            title="Straße nach Fröndenberg", summary="Café", body="<p>Ein <b>Weg</b></p>", region=region
        )
        project.municipalities.add(make_municipality(name="Bönen"), make_municipality(name="Unna"))
        text = Project.objects.get(pk=project.pk).search_text
        assert text.startswith(" strasse nach frondenberg cafe ein weg kreis sost ")  # title, summary, body, region
        assert text.endswith((" bonen unna ", " unna bonen "))  # the municipalities; a space at each end
        make_theme(name="1.50")
        assert Theme.objects.get(name="1.50").search_text == " 1 50 "

    def test_words_are_looked_up_in_the_stored_text(self):
        project = make_project(title="Vorher", summary="")
        Project.objects.filter(pk=project.pk).update(title="Zeppelinlandeplatz")  # bypasses save()

        def words(query):  # without PostgreSQL's similar titles
            return [str(obj) for obj in SiteSearch(query, typos=False).filter(Project.objects.all())]

        assert words("vorher") == ["Zeppelinlandeplatz"]
        assert words("zeppelin") == []
        assert rebuild_search_index() >= 1
        assert words("vorher") == []
        assert words("zeppelin") == ["Zeppelinlandeplatz"]

    def test_the_search_page_reads_only_the_stored_words_of_the_search_entries(self, client, catalogue):
        with CaptureQueriesContext(connection) as queries:
            assert search(client, "wasser").context["total"] == 7
        sql = [query["sql"] for query in queries]
        entries = [query for query in sql if "regionportal_searchentry" in query]
        assert len(entries) == 1  # every kind counted and its best hits ranked, in one query
        assert entries[0].count("words LIKE '%wass%'") == len(RESULT_TYPES)  # per kind, in the folded, stemmed words
        tables = ("projects_project", "news_article", "projects_theme", "contacts_person", "contacts_organisation")
        assert [query for query in sql if any(f'"{table}"."id"' in query for table in tables)] == []  # no row read

    def test_title_matches_rank_above_summary_and_body_matches(self):
        region = make_region()
        in_body = make_project(
            title="Breitband", summary="Schnelles Netz.", body="Auch für Wasserstoff.", region=region
        )
        in_title = make_project(title="Wasserstoff-Hub", summary="Ein Hub.", body="", region=region)
        in_summary = make_project(title="Energie", summary="Wasserstoff für die Industrie.", body="", region=region)
        ranked = list(SiteSearch("Wasserstoff", typos=False).ranked(Project.objects.all()))
        assert ranked == [in_title, in_summary, in_body]
        assert ranked[0].search_rank < ranked[1].search_rank < ranked[2].search_rank  # where the word first occurs


class TestSearchEntries:
    """The search page's table: written when the content is saved, never while a page is read."""

    def test_every_searchable_model_has_its_own_index_of_entries(self):
        assert sorted(KINDS) == sorted(model._meta.label_lower for model in searchable_models())
        assert sorted(KINDS) == sorted(result_type.kind for result_type in RESULT_TYPES)

    def test_saving_writes_the_entry_and_deleting_removes_it(self, client):
        region = make_region(name="Kreis Soest")
        project = make_project(title="Radweg <Ost>", summary="Kurz & gut.", body="<p>Ein <b>Weg</b></p>", region=region)
        entry = SearchEntry.objects.get(kind="projects.project", object_id=project.pk)
        assert (entry.title, entry.path, entry.text) == (
            "Radweg <Ost>",
            project.get_absolute_url(),
            "Kurz & gut. Ein Weg",
        )
        assert entry.words == Project.objects.get(pk=project.pk).search_text
        assert entry.meta == {"de": f"{project.get_status_display()} · Kreis Soest", "en": entry.meta["en"]}
        region.name = "Kreis Unna"
        region.save()  # the meta line shows the region: its entry follows
        assert "Kreis Unna" in SearchEntry.objects.get(pk=entry.pk).meta["de"]
        with CaptureQueriesContext(connection) as queries:
            client.get(SEARCH, {"q": "radweg"})
        assert not [query for query in queries if query["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
        project.delete()
        assert not SearchEntry.objects.filter(pk=entry.pk).exists()

    def test_the_page_compares_the_publication_window_with_the_time_of_the_request(self, client, time_machine):
        later = timezone.now() + timedelta(hours=1)
        make_project(title="Radweg geplant", publish_at=later)
        make_project(title="Radweg Entwurf", state=PublicationState.DRAFT)
        make_project(title="Radweg offen")
        assert [str(item) for item in search(client, "radweg").context["results"][0]["items"]] == ["Radweg offen"]
        time_machine.move_to(later + timedelta(minutes=1))
        titles = [str(item) for item in search(client, "radweg").context["results"][0]["items"]]
        assert sorted(titles) == ["Radweg geplant", "Radweg offen"]

    def test_english_pages_link_to_english_addresses(self, client):
        path = make_project(title="Radweg").get_absolute_url()
        content = client.get(f"/en{SEARCH}", {"q": "radweg"}).content.decode()
        assert f'href="/en{path}"' in content
