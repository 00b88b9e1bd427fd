"""Every public page can carry an editor-written version in Leichte Sprache at ``<page>leichte-sprache/``: shown
while the page is public, linked from the page only when there is one, in the sitemap, 404 (410) otherwise."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import resolve, reverse
from django.utils import timezone

from regionportal.publishing.models import EasyLanguageVersion, PublicationState
from regionportal.publishing.views import EasyLanguageView

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

TEXT = "<h2>Worum geht es?</h2><p>Die Region arbeitet zusammen.</p><ul><li>Sie plant.</li></ul>"
LINK_TEXT = "Diese Seite in Leichter Sprache"
FACTORIES = {
    "projects.region": make_region,
    "projects.municipality": make_municipality,
    "projects.project": make_project,
    "projects.fundingprogramme": make_programme,
    "projects.theme": make_theme,
    "news.article": make_article,
    "contacts.person": make_person,
    "contacts.organisation": make_organisation,
}


def test_every_kind_of_page_can_carry_a_version():
    with_version = {
        model._meta.label_lower
        for model in apps.get_models()
        if issubclass(model, EasyLanguageVersion) and not model._meta.label_lower.split(".")[1].startswith("historical")
    }
    assert with_version == set(FACTORIES)


@pytest.mark.parametrize("label", FACTORIES)
def test_the_version_has_its_sub_address_and_is_linked_from_its_page(client, label):
    page = FACTORIES[label](easy_language=TEXT, easy_language_title="Die Seite in Leichter Sprache")
    url = page.get_easy_language_url()

    assert url == f"{page.get_absolute_url()}leichte-sprache/"
    match = resolve(url)
    assert match.func.view_class is EasyLanguageView and match.func.view_initkwargs["model"] is type(page)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<article class="easy-language" lang="de">' in content
    assert "<h1>Die Seite in Leichter Sprache</h1>" in content
    assert "<h2>Worum geht es?</h2>" in content and "<li>Sie plant.</li>" in content
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in content
    assert f'href="{page.get_absolute_url()}"' in content  # back to the page

    page_content = client.get(page.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page_content and LINK_TEXT in page_content


@pytest.mark.parametrize("label", FACTORIES)
def test_without_a_version_the_page_links_none_and_the_address_is_404(client, label):
    page = FACTORIES[label]()

    assert LINK_TEXT not in client.get(page.get_absolute_url()).content.decode()
    response = client.get(f"{page.get_absolute_url()}leichte-sprache/")
    assert response.status_code == 404
    assert "Diese Seite gibt es noch nicht in Leichter Sprache." in response.content.decode()


def test_an_unknown_page_has_no_version(client):
    assert client.get("/projekte/gibt-es-nicht/leichte-sprache/").status_code == 404


def test_the_title_defaults_to_the_pages_name(client):
    project = make_project(title="Smart Region", easy_language=TEXT)
    assert "<h1>Smart Region</h1>" in client.get(project.get_easy_language_url()).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"state": PublicationState.DRAFT},
        {"state": PublicationState.REVIEW},
        {"state": PublicationState.UNPUBLISHED},
        {"publish_at": timezone.now() + timedelta(days=1)},  # scheduled
        {"unpublish_at": timezone.now() - timedelta(minutes=1), "publish_at": timezone.now() - timedelta(days=1)},
    ],
)
def test_the_version_of_a_page_that_is_not_public_is_not_shown(client, change):
    project = make_project(easy_language=TEXT, **change)
    url = project.get_easy_language_url()

    response = client.get(url)

    assert response.status_code == 404
    assert "Diese Seite gibt es noch nicht in Leichter Sprache." not in response.content.decode()
    assert url not in client.get(reverse("sitemap", kwargs={"section": "leichte-sprache"})).content.decode()


def test_the_version_of_an_archived_page_is_gone(client):
    project = make_project(easy_language=TEXT, state=PublicationState.ARCHIVED)
    assert client.get(project.get_easy_language_url()).status_code == 410


def test_an_articles_version_with_another_year_leads_to_its_year(client):
    article = make_article(easy_language=TEXT, date=timezone.now().replace(year=2023))
    wrong = reverse("news:detail-easy-language", kwargs={"year": 2021, "slug": article.slug})

    response = client.get(wrong)

    assert response.status_code == 301
    assert response["Location"] == article.get_easy_language_url()


def test_a_former_slug_leads_to_the_current_version(client):
    project = make_project(slug="alter-name", easy_language=TEXT)
    project.slug = "neuer-name"
    project.save()

    response = client.get("/projekte/alter-name/leichte-sprache/")

    assert response.status_code == 301
    assert response["Location"] == "/projekte/neuer-name/leichte-sprache/"


def test_the_english_page_shows_the_german_version_marked_german(client):
    project = make_project(easy_language=TEXT)
    page, version = project.get_absolute_url(), project.get_easy_language_url()

    response = client.get(f"/en{version}")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content and '<article class="easy-language" lang="de">' in content
    assert '<p class="message" lang="en">This page is only available in German.</p>' in content
    assert f'href="/en{page}"' in content
    assert "This page in Easy German" in client.get(f"/en{page}").content.decode()


def test_what_editors_write_is_cleaned_on_the_page_too(client):
    project = make_project(easy_language='<p onclick="alert(1)">Hallo.</p><script>alert(2)</script>')
    content = client.get(project.get_easy_language_url()).content.decode()
    assert "<p>Hallo.</p>" in content and "alert(" not in content


def test_the_sitemap_lists_the_versions_there_are_in_both_languages(client):
    project = make_project(easy_language=TEXT)
    theme = make_theme(easy_language=TEXT)
    make_project()  # no version

    content = client.get(reverse("sitemap", kwargs={"section": "leichte-sprache"})).content.decode()

    locations = {
        f"http://127.0.0.1:8000{prefix}{page.get_easy_language_url()}"
        for page in (project, theme)
        for prefix in ("", "/en")
    }
    assert {line for line in locations if f"<loc>{line}</loc>" in content} == locations
    assert content.count("<loc>") == 4
    assert "sitemap-leichte-sprache.xml" in client.get(reverse("sitemap-index")).content.decode()


def test_without_versions_the_sitemap_index_leaves_the_section_out(client):
    make_project()
    assert "sitemap-leichte-sprache.xml" not in client.get(reverse("sitemap-index")).content.decode()
