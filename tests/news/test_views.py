"""Public news pages: list with filters, yearly archive, article page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from news.models import ArticlePerson
from regionportal.publishing.models import PublicationState

from ..factories import (
    make_article,
    make_document,
    make_image,
    make_municipality,
    make_organisation,
    make_person,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db


def at(year, month=6, day=15):
    """Noon in Berlin, far from any year boundary."""
    return timezone.make_aware(datetime(year, month, day, 12))


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("news:list", {}, "/aktuelles/"),
        ("news:archive-year", {"year": 2024}, "/aktuelles/2024/"),
        ("news:detail", {"year": 2024, "slug": "neue-halle"}, "/aktuelles/2024/neue-halle/"),
    ],
)
def test_url_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


class TestList:
    def test_shows_published_articles_newest_first(self, client):
        make_article(title="Ältere Nachricht", date=at(2023))
        make_article(title="Neuere Nachricht", date=at(2024))
        response = client.get(reverse("news:list"))
        assert response.status_code == 200
        titles = [article.title for article in response.context["articles"]]
        assert titles == ["Neuere Nachricht", "Ältere Nachricht"]
        assert response.content.decode().count("<h1") == 1
        assert '<time datetime="2024-06-15T12:00:00+02:00">' in response.content.decode()

    @pytest.mark.parametrize(
        "hidden",
        [
            {"state": PublicationState.DRAFT},
            {"state": PublicationState.ARCHIVED},
            {"state": PublicationState.UNPUBLISHED},
            {"publish_at": timezone.now() + timedelta(days=1)},
            {
                "unpublish_at": timezone.now() - timedelta(days=1),
                "publish_at": timezone.now() - timedelta(days=2),
            },
        ],
    )
    def test_hides_what_is_not_public(self, client, hidden):
        make_article(title="Sichtbar")
        make_article(title="Versteckt", **hidden)
        content = client.get(reverse("news:list")).content.decode()
        assert "Sichtbar" in content
        assert "Versteckt" not in content

    def test_empty_state(self, client):
        response = client.get(reverse("news:list"))
        assert response.status_code == 200
        assert 'class="empty"' in response.content.decode()

    def test_filters_by_region_theme_and_year_with_chips(self, client):
        region, theme = (
            make_region(name="Kreis Unna", slug="kreis-unna"),
            make_theme(name="Energie", slug="energie"),
        )
        match = make_article(title="Treffer", date=at(2024))
        match.regions.add(region)
        match.themes.add(theme)
        make_article(title="Andere Region", date=at(2024)).themes.add(theme)
        make_article(title="Anderes Jahr", date=at(2023)).regions.add(region)
        response = client.get(reverse("news:list"), {"region": "kreis-unna", "theme": "energie", "year": "2024"})
        assert response.status_code == 200
        assert [article.title for article in response.context["articles"]] == ["Treffer"]
        chips = dict(response.context["chips"])
        assert chips == {
            "Region: Kreis Unna": "theme=energie&year=2024",
            "Thema: Energie": "region=kreis-unna&year=2024",
            "Jahr: 2024": "region=kreis-unna&theme=energie",
        }
        assert "1 Nachricht" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            {"region": "gibt-es-nicht"},
            {"theme": "gibt-es-nicht"},
            {"year": "abc"},
            {"year": "1999"},
            {"year": "-1"},
            {"region": "kreis\x00unna"},
            {"year": "2024\x00"},
            {"region": "'\"&|!:*<script>"},
        ],
    )
    def test_invalid_filters_answer_with_a_message(self, client, query):
        make_article(date=at(2024))
        response = client.get(reverse("news:list"), query)
        assert response.status_code == 400
        content = response.content.decode()
        assert 'class="errorlist' in content
        assert 'role="alert"' in content
        assert "<script>" not in content

    def test_unpublished_region_is_no_filter_value(self, client):
        make_region(slug="entwurf", state=PublicationState.DRAFT)
        response = client.get(reverse("news:list"), {"region": "entwurf"})
        assert response.status_code == 400
        assert response.context["filter"].form.errors

    def test_pagination_keeps_filters(self, client):
        theme = make_theme(slug="energie")
        for day in range(25):
            make_article(date=at(2024, 1, day + 1)).themes.add(theme)
        first = client.get(reverse("news:list"), {"theme": "energie"})
        assert len(first.context["articles"]) == 20
        assert "25 Nachrichten" in first.content.decode()
        assert 'href="?theme=energie&amp;page=2"' in first.content.decode()
        second = client.get(reverse("news:list"), {"theme": "energie", "page": "2"})
        assert len(second.context["articles"]) == 5

    @pytest.mark.parametrize("page", ["-1", "0", "99999", "abc", "1\x00"])
    def test_bad_page_numbers_are_not_found(self, client, page):
        make_article()
        assert client.get(reverse("news:list"), {"page": page}).status_code == 404

    def test_english(self, client):
        make_article()
        response = client.get("/en/aktuelles/")
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, count):
        region, theme = make_region(), make_theme()
        for _ in range(count):
            article = make_article()
            article.regions.add(region, make_region())
            article.themes.add(theme)
        # with cold caches: the next scheduled change, options, years and count are read once per content version
        with django_assert_max_num_queries(8):
            assert client.get(reverse("news:list"), {"theme": theme.slug}).status_code == 200


class TestArchive:
    def test_lists_the_year_with_year_navigation(self, client):
        make_article(title="Aus 2024", date=at(2024))
        make_article(title="Aus 2023", date=at(2023))
        response = client.get(reverse("news:archive-year", kwargs={"year": 2024}))
        assert response.status_code == 200
        assert [article.title for article in response.context["articles"]] == ["Aus 2024"]
        content = response.content.decode()
        assert 'href="/aktuelles/2023/"' in content
        assert '<span aria-current="page">2024</span>' in content

    def test_local_time_decides_the_year(self, client):
        # 31 Dec 2023, 23:30 UTC is already 2024 in Berlin.
        make_article(title="Silvester", date=datetime(2023, 12, 31, 23, 30, tzinfo=UTC))
        assert client.get(reverse("news:archive-year", kwargs={"year": 2024})).status_code == 200
        assert client.get(reverse("news:archive-year", kwargs={"year": 2023})).status_code == 404

    @pytest.mark.parametrize("year", [0, 1, 2022, 9999, 99999])
    def test_years_without_articles_are_not_found(self, client, year):
        make_article(date=at(2024))
        make_article(date=at(2022), state=PublicationState.DRAFT)
        assert client.get(f"/aktuelles/{year}/").status_code == 404

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, count):
        region = make_region()
        for _ in range(count):
            make_article(date=at(2024)).regions.add(region)
        with django_assert_max_num_queries(5):
            assert client.get(reverse("news:archive-year", kwargs={"year": 2024})).status_code == 200


@pytest.fixture
def full_article():
    """An article with everything the page can show."""
    region, theme = make_region(name="Hochsauerlandkreis"), make_theme(name="Digitalisierung")
    article = make_article(
        title="Neue Halle eröffnet",
        slug="neue-halle",
        date=at(2024, 3, 5),
        teaser="Die Halle ist offen.",
        body="Erster Absatz.\n\nZweiter Absatz.",
        image=make_image(caption="Bildunterschrift des Bildes", credit_line="Foto: Hans Blossey"),
        image_caption="Die neue Halle von Süden",
        source="Pressestelle Hochsauerlandkreis",
        source_url="https://www.hochsauerlandkreis.de/presse",
        author="Maria Schreiber",
    )
    article.regions.add(region, make_region(name="Entwurfsregion", state=PublicationState.DRAFT))
    article.themes.add(theme)
    article.municipalities.add(make_municipality(name="Brilon"))
    article.attachments.add(make_document(title="Pressemappe", size_bytes=2 * 1024 * 1024))
    article.related_projects.add(
        make_project(title="Digitales Rathaus", region=region),
        make_project(title="Geheimes Projekt", state=PublicationState.DRAFT),
    )
    organisation = make_organisation(name="Kreisverwaltung")
    contact = make_person(academic_title="Dr.", first_name="Erika", last_name="Muster", organisation=organisation)
    ArticlePerson.objects.create(article=article, person=contact, role="Auskunft", is_contact=True)
    ArticlePerson.objects.create(article=article, person=make_person(last_name="Redner"), role="Festrede")
    ArticlePerson.objects.create(
        article=article,
        person=make_person(last_name="Verborgen", state=PublicationState.DRAFT),
        is_contact=True,
    )
    return article


class TestDetail:
    def test_shows_everything(self, client, full_article):
        response = client.get(full_article.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert "<title>Neue Halle eröffnet – Regionportal</title>" in content
        assert '<meta property="og:type" content="article">' in content
        assert '<meta name="description" content="Die Halle ist offen.">' in content
        assert '<time datetime="2024-03-05T12:00:00+01:00">' in content
        assert "<p>Erster Absatz.</p>" in content
        assert "Die neue Halle von Süden" in content
        assert "Bildunterschrift des Bildes" not in content
        assert "Foto: Hans Blossey" in content
        source_link = '<a href="https://www.hochsauerlandkreis.de/presse" rel="noopener">'
        assert f"{source_link}Pressestelle Hochsauerlandkreis</a>" in content
        assert "Maria Schreiber" in content
        assert "Pressemappe" in content and "2,0" in content and "PDF" in content
        assert "Digitales Rathaus" in content
        assert "Geheimes Projekt" not in content
        assert "Hochsauerlandkreis" in content and "Entwurfsregion" not in content
        assert "Brilon" in content and "Digitalisierung" in content
        assert "Dr. Erika Muster" in content and 'href="tel:+492303271461"' in content
        assert "Kreisverwaltung" in content
        assert "Redner" in content and "Festrede" in content
        assert "Verborgen" not in content
        assert f"http://testserver/x/pk-{full_article.short_code}" in content
        assert [label for label, _url in response.context["breadcrumbs"]] == [
            "Aktuelles",
            2024,
            "Neue Halle eröffnet",
        ]

    def test_source_without_link(self, client):
        article = make_article(source="Pressestelle Kreis Unna")
        content = client.get(article.get_absolute_url()).content.decode()
        assert "<dd>Pressestelle Kreis Unna</dd>" in content

    def test_expired_image_is_not_shown(self, client):
        image = make_image(credit_line="Foto: Abgelaufen", rights_expire_on=timezone.localdate() - timedelta(days=1))
        article = make_article(image=image)
        assert "Foto: Abgelaufen" not in client.get(article.get_absolute_url()).content.decode()

    def test_more_articles_share_a_region_or_theme(self, client):
        region, theme = make_region(), make_theme()
        article = make_article()
        article.regions.add(region)
        article.themes.add(theme)
        for _ in range(3):
            make_article(title="Gleiche Region").regions.add(region)
        make_article(title="Gleiches Thema", date=timezone.now() + timedelta(hours=1)).themes.add(theme)
        make_article(title="Ohne Bezug")
        make_article(title="Entwurf", state=PublicationState.DRAFT).regions.add(region)
        more = client.get(article.get_absolute_url()).context["more_articles"]
        titles = [other.title for other in more]
        assert len(titles) == 3
        assert titles[0] == "Gleiches Thema"
        assert "Ohne Bezug" not in titles and "Entwurf" not in titles and article.title not in titles

    def test_wrong_year_redirects_permanently(self, client):
        article = make_article(slug="neue-halle", date=at(2024))
        response = client.get("/aktuelles/2019/neue-halle/")
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url() == "/aktuelles/2024/neue-halle/"

    def test_wrong_year_redirect_keeps_the_language(self, client):
        make_article(slug="neue-halle", date=at(2024))
        response = client.get("/en/aktuelles/2019/neue-halle/")
        assert response.status_code == 301
        assert response["Location"] == "/en/aktuelles/2024/neue-halle/"

    @pytest.mark.parametrize(
        "hidden",
        [
            {"state": PublicationState.DRAFT},
            {"state": PublicationState.REVIEW},
            {"state": PublicationState.ARCHIVED},
            {"publish_at": timezone.now() + timedelta(days=1)},
        ],
    )
    def test_not_public_is_not_found(self, client, hidden):
        article = make_article(slug="geheim", date=at(2024), **hidden)
        expected = 410 if hidden.get("state") == PublicationState.ARCHIVED else 404  # archived: gone for good
        assert client.get(article.get_absolute_url()).status_code == expected
        assert client.get("/aktuelles/2019/geheim/").status_code == expected

    def test_unknown_slug_is_not_found(self, client):
        assert client.get("/aktuelles/2024/gibt-es-nicht/").status_code == 404

    def test_english(self, client, full_article):
        response = client.get("/en" + full_article.get_absolute_url())
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()

    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, full_article):
        simple = make_article()
        with django_assert_max_num_queries(13):
            assert client.get(simple.get_absolute_url()).status_code == 200
        for _ in range(10):
            full_article.related_projects.add(make_project())
            full_article.attachments.add(make_document())
            ArticlePerson.objects.create(
                article=full_article, person=make_person(organisation=make_organisation()), is_contact=True
            )
        with django_assert_max_num_queries(13):
            assert client.get(full_article.get_absolute_url()).status_code == 200
