"""Portal-wide pages: search, image credits and the legal flat pages."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import timezone

from regionportal.publishing.models import PublicationState

from .factories import (
    make_article,
    make_image,
    make_municipality,
    make_organisation,
    make_person,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("portal:search", "/suche/"),
        ("portal:credits", "/bildnachweise/"),
        ("portal:imprint", "/impressum/"),
        ("portal:privacy", "/datenschutz/"),
        ("portal:accessibility", "/barrierefreiheit/"),
    ],
)
def test_url_round_trip(name, path):
    assert reverse(name) == path
    assert resolve(path).view_name == name


def search(client, q, **extra):
    return client.get(reverse("portal:search"), {"q": q, **extra})


class TestSearch:
    def test_without_query_shows_the_form(self, client):
        response = client.get(reverse("portal:search"))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert '<label for="search-q">' in content
        assert 'class="empty"' in content
        assert '<meta name="robots" content="noindex, follow">' in content

    def test_finds_every_kind_of_public_content_grouped_with_counts(self, client):
        region = make_region(name="Energieregion Süd")
        make_project(title="Energiepark Nord", region=region)
        make_project(title="Schule", summary="Neue Energie für die Schule", region=region)
        make_article(title="Energiewende im Kreis")
        make_municipality(name="Energiestadt")
        make_theme(name="Energie")
        make_programme(name="Förderung Energieeffizienz")
        make_organisation(name="Energieagentur")
        make_person(last_name="Meier", position="Energieberaterin")
        response = search(client, "energie")
        assert response.status_code == 200
        counts = {group["key"]: group["count"] for group in response.context["results"]}
        assert counts == {
            "projects": 2,
            "articles": 1,
            "regions": 1,
            "municipalities": 1,
            "themes": 1,
            "programmes": 1,
            "organisations": 1,
            "people": 1,
        }
        assert response.context["total"] == 9
        content = response.content.decode()
        assert "9 Treffer für „energie“" in content
        assert '<h2 id="results-projects">Projekte <span class="meta">(2)</span></h2>' in content

    def test_every_word_must_match(self, client):
        make_person(first_name="Erika", last_name="Muster")
        make_person(first_name="Erika", last_name="Beispiel")
        response = search(client, "  erika   MUSTER ")
        assert response.context["query"] == "erika MUSTER"
        assert [str(person) for person in response.context["results"][0]["items"]] == ["Erika Muster"]

    def test_only_public_content(self, client):
        make_project(title="Geheimprojekt", state=PublicationState.DRAFT)
        make_article(title="Geheimnachricht", publish_at=timezone.now() + timedelta(days=1))
        make_region(name="Geheimregion", state=PublicationState.ARCHIVED)
        make_person(last_name="Geheimperson", state=PublicationState.DRAFT)
        make_organisation(name="Geheimorganisation", state=PublicationState.UNPUBLISHED)
        make_programme(name="Geheimprogramm", state=PublicationState.REVIEW)
        response = search(client, "geheim")
        assert response.context["results"] == []
        assert 'class="empty"' in response.content.decode()

    def test_at_most_ten_per_type_with_a_link_to_all_projects(self, client):
        region = make_region()
        for _ in range(12):
            make_project(title="Radweg", region=region)
        for n in range(11):
            make_theme(name=f"Radverkehr {n}")
        response = search(client, "rad")
        projects, themes = response.context["results"][0], response.context["results"][1]
        assert (projects["count"], len(projects["items"])) == (12, 10)
        assert (themes["count"], len(themes["items"])) == (11, 10)
        content = response.content.decode()
        assert f'href="{reverse("projects:list")}?q=rad"' in content
        assert "Alle 12 Projekte zu „rad“" in content
        assert "10 von 11 Treffern gezeigt" in content

    def test_long_query_is_shortened_with_a_message(self, client):
        response = search(client, "a" * 5000)
        assert response.status_code == 200
        assert len(response.context["query"]) == 200
        assert "länger als 200 Zeichen" in response.content.decode()

    @pytest.mark.parametrize(
        "q",
        [
            "\x00",
            "ab\x00cd",
            "'",
            '"',
            "&|!:*",
            "foo & bar | !baz:*",
            "%",
            "_",
            "\\",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "ä" * 300,
            "\ufffd",
            "   ",
        ],
    )
    def test_odd_input_never_fails(self, client, q):
        make_project(title="Projekt mit 100% Förderung")
        response = search(client, q)
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()

    def test_several_q_parameters(self, client):
        assert client.get(reverse("portal:search") + "?q=a&q=b").status_code == 200

    def test_english(self, client):
        response = client.get("/en/suche/", {"q": "x"})
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, count):
        theme = make_theme(name="Wasser")
        for n in range(count):
            project = make_project(title=f"Wasser {n}")
            project.themes.add(theme)
            make_article(title=f"Wasser {n}").regions.add(project.lead_region)
            make_person(last_name=f"Wasser{n}")
        with django_assert_max_num_queries(20):
            assert search(client, "wasser").status_code == 200


class TestCredits:
    def test_lists_images_shown_on_public_pages(self, client):
        shown = make_image(
            title="Halle",
            caption="Die neue Halle",
            credit_line="Foto: Hans Blossey",
            creator="Hans Blossey",
            licence="cc-by-4.0",
            source_url="https://example.org/halle",
        )
        make_article(image=shown)
        make_article(image=make_image(credit_line="Foto: Entwurf"), state=PublicationState.DRAFT)
        make_region(
            image=make_image(credit_line="Foto: Abgelaufen", rights_expire_on=timezone.localdate() - timedelta(days=1))
        )
        response = client.get(reverse("portal:credits"))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert (
            '<caption id="credits-caption">' in content
            and '<th scope="col">' in content
            and '<th scope="row">Die neue Halle</th>' in content
        )
        assert "Foto: Hans Blossey" in content and "CC BY 4.0" in content
        assert 'href="https://example.org/halle"' in content
        assert "Foto: Entwurf" not in content and "Foto: Abgelaufen" not in content

    def test_empty_state(self, client):
        assert 'class="empty"' in client.get(reverse("portal:credits")).content.decode()

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, count):
        for _ in range(count):
            make_article(image=make_image())
        with django_assert_max_num_queries(3):
            assert client.get(reverse("portal:credits")).status_code == 200


class TestLegalPages:
    @pytest.fixture(autouse=True)
    def legal_pages(self):
        call_command("loaddata", settings.BASE_DIR / "fixtures" / "06_legal_pages.json", verbosity=0)

    @pytest.mark.parametrize(
        ("name", "heading", "text"),
        [
            ("portal:imprint", "Impressum", "§ 5 Digitale-Dienste-Gesetz"),
            ("portal:privacy", "Datenschutzerklärung", "keine Cookies"),
            ("portal:accessibility", "Erklärung zur Barrierefreiheit", "EN 301 549"),
        ],
    )
    def test_renders(self, client, name, heading, text):
        response = client.get(reverse(name))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert f"<h1>{heading}</h1>" in content
        assert f"<title>{heading} – " in content
        assert text in content

    def test_english_marks_the_german_text(self, client):
        response = client.get("/en/impressum/")
        assert response.status_code == 200
        content = response.content.decode()
        assert '<html lang="en">' in content
        assert '<article class="prose" lang="de">' in content
