"""Atom and RSS feeds parse in a real feed reader, show only what is public and follow the list filters."""

from datetime import timedelta

import feedparser
import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from lxml import etree, html

from news.models import Article
from projects.models import Project
from regionportal.publishing.models import PublicationState

from ..factories import make_article, make_organisation, make_project, make_region, make_theme

pytestmark = pytest.mark.django_db

HIDDEN = [
    {"state": PublicationState.DRAFT},
    {"state": PublicationState.ARCHIVED},
    {"publish_at": timezone.now() + timedelta(days=1)},
    {"publish_at": timezone.now() - timedelta(days=2), "unpublish_at": timezone.now() - timedelta(days=1)},
]


def read(client, path, query=None):
    response = client.get(path, query or {})
    assert response.status_code == 200, response.content
    assert not response.cookies
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    return feed


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("feeds:projects-atom", {}, "/projekte/feed.atom"),
        ("feeds:projects-rss", {}, "/projekte/feed.rss"),
        ("feeds:news-atom", {}, "/aktuelles/feed.atom"),
        ("feeds:news-rss", {}, "/aktuelles/feed.rss"),
        ("feeds:region-news-atom", {"region": "kreis-unna"}, "/regionen/kreis-unna/aktuelles.atom"),
        ("feeds:region-news-rss", {"region": "kreis-unna"}, "/regionen/kreis-unna/aktuelles.rss"),
        ("feeds:theme-news-atom", {"theme": "energie"}, "/themen/energie/aktuelles.atom"),
        ("feeds:theme-news-rss", {"theme": "energie"}, "/themen/energie/aktuelles.rss"),
        ("feeds:project-calendar", {"slug": "smart-region"}, "/projekte/smart-region/termine.ics"),
        ("feeds:region-calendar", {"slug": "kreis-unna"}, "/regionen/kreis-unna/termine.ics"),
    ],
)
def test_url_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert (match.view_name, match.kwargs) == (name, kwargs)


class TestNewsFeed:
    @pytest.mark.parametrize("name", ["feeds:news-atom", "feeds:news-rss"])
    def test_entries_carry_title_link_date_summary_author_and_themes(self, client, name):
        article = make_article(
            title="Neue Halle in Lünen", teaser="Die Halle <öffnet> bald.", author="Pressestelle Kreis Unna"
        )
        article.themes.add(make_theme(name="Energie"))

        feed = read(client, reverse(name))

        assert feed.feed.title == "Nachrichten – Regionportal"
        [entry] = feed.entries
        assert entry.title == "Neue Halle in Lünen"
        assert entry.link == f"http://127.0.0.1:8000{article.get_absolute_url()}"
        assert entry.summary == "Die Halle &lt;öffnet&gt; bald."
        assert entry.author == "Pressestelle Kreis Unna"
        assert entry.published_parsed
        assert [tag.term for tag in entry.tags] == ["Energie"]

    def test_atom_entries_have_updated_and_published(self, client):
        article = make_article()
        [entry] = read(client, reverse("feeds:news-atom")).entries
        assert entry.updated == article.updated_at.isoformat()
        assert entry.published_parsed

    @pytest.mark.parametrize("hidden", HIDDEN)
    def test_shows_only_what_is_public(self, client, hidden):
        make_article(title="Sichtbar")
        make_article(title="Versteckt", **hidden)
        assert [entry.title for entry in read(client, reverse("feeds:news-atom")).entries] == ["Sichtbar"]

    def test_region_and_theme_feeds(self, client):
        region, theme = (
            make_region(name="Kreis Unna", slug="kreis-unna"),
            make_theme(name="Energie", slug="energie"),
        )
        in_region = make_article(title="In der Region")
        in_region.regions.add(region)
        with_theme = make_article(title="Zum Thema")
        with_theme.themes.add(theme)

        by_region = read(client, reverse("feeds:region-news-atom", kwargs={"region": "kreis-unna"}))
        by_theme = read(client, reverse("feeds:theme-news-rss", kwargs={"theme": "energie"}))

        assert [entry.title for entry in by_region.entries] == ["In der Region"]
        assert by_region.feed.title == "Nachrichten (Region: Kreis Unna) – Regionportal"
        assert by_region.feed.link == "http://127.0.0.1:8000/aktuelles/?region=kreis-unna"
        assert [entry.title for entry in by_theme.entries] == ["Zum Thema"]

    @pytest.mark.parametrize("slug", ["gibt-es-nicht", "entwurf"])
    def test_unknown_or_unpublished_region_is_a_404(self, client, slug):
        make_region(slug="entwurf", state=PublicationState.DRAFT)
        assert client.get(reverse("feeds:region-news-rss", kwargs={"region": slug})).status_code == 404

    def test_filtered_feed_has_the_same_articles_as_the_list_page(self, client):
        region, theme = make_region(slug="kreis-unna"), make_theme(slug="energie")
        for number in range(4):
            article = make_article(title=f"Treffer {number}", date=timezone.now() - timedelta(days=number))
            article.regions.add(region)
            article.themes.add(theme)
        make_article(title="Andere Region").themes.add(theme)
        query = {"region": "kreis-unna", "theme": "energie"}

        page = client.get(reverse("news:list"), query | {"page": "1"}).context["articles"]
        feed = read(client, reverse("feeds:news-atom"), query)

        assert [entry.title for entry in feed.entries] == [article.title for article in page]
        assert feed.feed.links[0].href.endswith("/aktuelles/?region=kreis-unna&theme=energie")

    def test_english_feed_links_to_english_pages(self, client):
        german_path = make_article().get_absolute_url()
        feed = read(client, "/en/aktuelles/feed.atom")
        assert feed.feed.language == "en"
        assert feed.entries[0].link == f"http://127.0.0.1:8000/en{german_path}"


class TestProjectFeed:
    def test_new_and_updated_projects_newest_change_first(self, client):
        older = make_project(title="Älteres Projekt", lead_organisation=make_organisation(name="WFG Kreis Unna"))
        make_project(title="Neueres Projekt", summary="Kurz und gut.")
        Project.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=3))

        feed = read(client, reverse("feeds:projects-atom"))

        assert [entry.title for entry in feed.entries] == ["Neueres Projekt", "Älteres Projekt"]
        assert feed.entries[0].summary == "Kurz und gut."
        assert feed.entries[1].author == "WFG Kreis Unna"
        assert feed.feed.author == "Regionportal"

    @pytest.mark.parametrize("hidden", HIDDEN)
    def test_shows_only_what_is_public(self, client, hidden):
        make_project(title="Sichtbar")
        make_project(title="Versteckt", **hidden)
        assert [entry.title for entry in read(client, reverse("feeds:projects-rss")).entries] == ["Sichtbar"]

    def test_filtered_feed_has_the_projects_of_the_filtered_list(self, client):
        region = make_region(name="Kreis Unna", slug="kreis-unna")
        theme = make_theme(name="Energie", slug="energie")
        for number in range(3):
            make_project(title=f"Treffer {number}", region=region, status="planned").themes.add(theme)
        make_project(title="Andere Region", status="planned").themes.add(theme)
        make_project(title="Anderer Stand", region=region, status="completed").themes.add(theme)
        query = {"region": "kreis-unna", "theme": "energie", "status": "planned"}

        page = client.get(reverse("projects:list"), query).context["projects"]
        feed = read(client, reverse("feeds:projects-atom"), query)

        assert {entry.title for entry in feed.entries} == {project.title for project in page}
        assert len(feed.entries) == 3
        assert feed.feed.title == (
            "Neue und aktualisierte Projekte (Region: Kreis Unna, Thema: Energie, Projektstand: geplant) – Regionportal"
        )

    @pytest.mark.parametrize(
        "query",
        [
            {"region": "gibt-es-nicht"},
            {"status": "vielleicht"},
            {"start_year_min": "abc"},
            {"start_year_min": "99999999999999999999"},
            {"q": "x" * 500},
            {"municipality": "kreis\x00unna"},
        ],
    )
    def test_invalid_filters_are_a_400_with_the_reason(self, client, query):
        response = client.get(reverse("feeds:projects-atom"), query)
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert next(iter(query)) in response.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_query_count_does_not_grow_with_the_entries(client, django_assert_max_num_queries, count):
    region, theme = make_region(slug="kreis-unna"), make_theme(slug="energie")
    organisation = make_organisation()
    for _number in range(count):
        make_project(region=region, lead_organisation=organisation).themes.add(theme)
        article = make_article()
        article.regions.add(region)
        article.themes.add(theme)

    with django_assert_max_num_queries(5):
        client.get(reverse("feeds:projects-atom"), {"region": "kreis-unna", "theme": "energie"})
    with django_assert_max_num_queries(4):
        client.get(reverse("feeds:news-rss"), {"region": "kreis-unna", "theme": "energie"})
    with django_assert_max_num_queries(4):
        client.get(reverse("feeds:region-news-atom", kwargs={"region": "kreis-unna"}))
    assert Article.objects.count() == count


class TestLinks:
    def render(self, template, path):
        request = RequestFactory().get(path)
        return Template("{% load i18n %}" + template).render(RequestContext(request))

    def test_every_page_links_the_news_feed(self, client):
        html = client.get(reverse("portal:home")).content.decode()
        assert (
            '<link rel="alternate" type="application/atom+xml" title="Nachrichten – Regionportal" '
            'href="/aktuelles/feed.atom">' in html
        )

    def test_feed_links_carry_the_selection_without_the_page(self):
        html = self.render(
            '{% include "includes/feed_links.html" with dataset="projects" title=_("Projekte") %}',
            "/projekte/?region=kreis-unna&theme=energie&page=3",
        )
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            'title="Projekte – diese Auswahl als Atom-Feed" '
            'href="/projekte/feed.atom?region=kreis-unna&amp;theme=energie">'
        ) in html
        assert (
            'type="application/rss+xml"' in html
            and 'href="/projekte/feed.rss?region=kreis-unna&amp;theme=energie"' in html
        )

    def test_feed_links_without_a_selection(self):
        html = self.render(
            '{% include "includes/feed_links.html" with dataset="news" title="Nachrichten" %}', "/aktuelles/"
        )
        assert 'href="/aktuelles/feed.atom"' in html
        assert 'href="/aktuelles/feed.rss"' in html


HOSTILE_TITLE = "A < B & C – <script>alert(1)</script>"
HOSTILE_TEXT = "Wir <script>alert('feed')</script> & <b>fett</b> – 1 < 2"
ALL_FEEDS = [
    ("feeds:projects-atom", {}),
    ("feeds:projects-rss", {}),
    ("feeds:news-atom", {}),
    ("feeds:news-rss", {}),
    ("feeds:region-news-atom", {"region": "kreis-unna"}),
    ("feeds:region-news-rss", {"region": "kreis-unna"}),
    ("feeds:theme-news-atom", {"theme": "energie"}),
    ("feeds:theme-news-rss", {"theme": "energie"}),
]


@pytest.mark.parametrize(("name", "kwargs"), ALL_FEEDS)
def test_titles_are_text_and_descriptions_carry_the_plain_text_as_html(client, name, kwargs):
    """A feed reader shows exactly what the editor typed: a title escaped once, a summary that is text, not markup."""
    region, theme = make_region(slug="kreis-unna"), make_theme(slug="energie")
    article = make_article(title=HOSTILE_TITLE, teaser=HOSTILE_TEXT)
    article.regions.add(region)
    article.themes.add(theme)
    make_project(title=HOSTILE_TITLE, summary=HOSTILE_TEXT)

    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == f"{atom}feed":
        [entry] = root.findall(f"{atom}entry")
        title, summary = entry.find(f"{atom}title"), entry.find(f"{atom}summary")
        assert summary.get("type") == "html"
    else:
        [entry] = root.findall("channel/item")
        title, summary = entry.find("title"), entry.find("description")

    assert title.text == HOSTILE_TITLE
    shown = html.fragment_fromstring(summary.text, create_parent="div")
    assert shown.xpath("//script|//b") == []
    assert shown.text_content() == HOSTILE_TEXT
    assert feedparser.parse(response.content).entries[0].title == HOSTILE_TITLE
