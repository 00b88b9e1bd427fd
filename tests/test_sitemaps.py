"""sitemap.xml and robots.txt: every public page in both languages, valid against the sitemap schema."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import resolve, reverse
from django.utils import timezone
from lxml import etree

from regionportal.pages.sitemaps import SITEMAPS
from regionportal.publishing.models import PublicationState

from .factories import (
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

XSD = Path(__file__).parent / "xsd"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "http://127.0.0.1:8000"


def day(moment):
    """Django's sitemap gives the day of the last change."""
    return timezone.localtime(moment).date().isoformat()


def validated(client, path, schema):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    document = etree.fromstring(response.content)
    etree.XMLSchema(etree.parse(XSD / schema)).assertValid(document)
    return document


def sitemap(client, section):
    return validated(client, reverse("sitemap", kwargs={"section": section}), "sitemap-with-alternates.xsd")


def entries(document):
    """{location: (lastmod or None, {hreflang: alternate})}"""
    return {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext("sm:lastmod", namespaces=NS),
            {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)},
        )
        for url in document.findall("sm:url", NS)
    }


def everything(client):
    index = validated(client, reverse("sitemap-index"), "siteindex.xsd")
    found = {}
    for location in index.findall("sm:sitemap/sm:loc", NS):
        found |= entries(sitemap(client, resolve(location.text.removeprefix(BASE)).kwargs["section"]))
    return found


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("sitemap-index", {}, "/sitemap.xml"),
        ("sitemap", {"section": "projects"}, "/sitemap-projects.xml"),
        ("robots", {}, "/robots.txt"),
    ],
)
def test_url_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).url_name == name


def test_index_lists_one_valid_sitemap_per_kind_of_page_that_has_any(client):
    make_project().themes.add(make_theme())
    index = validated(client, reverse("sitemap-index"), "siteindex.xsd")
    locations = [location.text for location in index.findall("sm:sitemap/sm:loc", NS)]
    sections = ["overview", "regions", "projects", "themes"]
    assert locations == [f"{BASE}/sitemap-{section}.xml" for section in sections]
    assert set(sections) < set(SITEMAPS)


def test_every_public_page_in_both_languages_with_alternates_and_lastmod(client):
    municipality = make_municipality(slug="froendenberg")
    region = make_region(slug="kreis-unna", members=[municipality])
    theme = make_theme(slug="energie")
    project = make_project(slug="smart-region", region=region)
    project.municipalities.add(municipality)
    project.themes.add(theme)
    pages = [
        region,
        municipality,
        theme,
        project,
        make_programme(slug="region-gestalten"),
        make_article(slug="neue-halle"),
        make_person(slug="erika-muster"),
        make_organisation(slug="wfg"),
    ]
    FlatPage.objects.create(url="/impressum/", title="Impressum").sites.add(Site.objects.get_current())

    found = everything(client)

    for page in pages:
        path = page.get_absolute_url()
        lastmod, alternates = found[f"{BASE}{path}"]
        assert alternates == {"de": f"{BASE}{path}", "en": f"{BASE}/en{path}", "x-default": f"{BASE}{path}"}
        assert f"{BASE}/en{path}" in found
        changed = project if page in (municipality, theme) else page
        assert lastmod == day(changed.updated_at)
    for path in (
        "/",
        "/regionen/",
        "/projekte/",
        "/foerderprogramme/",
        "/themen/",
        "/aktuelles/",
        "/kontakte/",
        "/offene-daten/",
        "/impressum/",
        "/en/impressum/",
        "/en/projekte/",
    ):
        assert f"{BASE}{path}" in found, path
    assert found[f"{BASE}/projekte/"][0] == day(project.updated_at)


@pytest.mark.parametrize(
    "hidden",
    [
        {"state": PublicationState.DRAFT},
        {"state": PublicationState.REVIEW},
        {"state": PublicationState.UNPUBLISHED},
        {"publish_at": timezone.now() + timedelta(hours=1)},
        {
            "publish_at": timezone.now() - timedelta(days=2),
            "unpublish_at": timezone.now() - timedelta(days=1),
        },
    ],
)
def test_nothing_unpublished_is_listed(client, hidden):
    hidden_pages = [
        make_region(slug="versteckt-region", **hidden),
        make_project(slug="versteckt-projekt", **hidden),
        make_programme(slug="versteckt-programm", **hidden),
        make_article(slug="versteckt-nachricht", **hidden),
        make_person(slug="versteckt-person", **hidden),
        make_organisation(slug="versteckt-organisation", **hidden),
    ]
    site = Site.objects.get_current()
    FlatPage.objects.create(url="/intern/", title="Intern", registration_required=True).sites.add(site)
    FlatPage.objects.create(url="/ohne-adresse/", title="Ohne Adresse").sites.add(site)  # no route serves it

    listed = "\n".join(everything(client))

    assert "versteckt" not in listed
    assert "/intern/" not in listed
    assert "/ohne-adresse/" not in listed
    assert len(hidden_pages) == 6


@pytest.mark.parametrize("count", [1, 25])
def test_query_count_does_not_grow_with_the_pages(client, django_assert_max_num_queries, count):
    for _number in range(count):
        make_project().municipalities.add(make_municipality())
    for section in ("projects", "municipalities", "themes", "news"):
        with django_assert_max_num_queries(2):  # the pages, and the current Site until it is cached
            client.get(reverse("sitemap", kwargs={"section": section}))


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert not response.cookies
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /suche/", "Disallow: /en/suche/", "Disallow: /api/"} <= set(lines)
    assert {"Disallow: /*/export.", "Disallow: /*offene-daten/vorhaben."} <= set(lines)  # downloads
