"""The portal explained in Leichte Sprache (BITV 2.0 § 4): ``/leichte-sprache/``, a flat page like the imprint,
reachable from the home page and from every page's header and footer; and the Leichte-Sprache versions of the
imprint and privacy notice, flat pages at their address + ``leichte-sprache/``, linked only when they exist."""

import re

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import translation

from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS
from regionportal.legal.easy_language import easy_language_flatpage
from regionportal.legal.models import AccessibilityStatement, NonAccessibleContent
from tests import easy_language
from tests.admin.conftest import changeform_data, force_login_verified, make_staff
from tests.factories import make_region

pytestmark = pytest.mark.django_db

LINK_TEXT = "Diese Seite in Leichter Sprache"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("portal:easy-language", "/leichte-sprache/"),
        ("portal:imprint-easy-language", "/impressum/leichte-sprache/"),
        ("portal:privacy-easy-language", "/datenschutz/leichte-sprache/"),
    ],
)
def test_url_round_trip(name, path):
    assert reverse(name) == path
    assert resolve(path).view_name == name and resolve(path).func is easy_language_flatpage


def test_the_portal_explained_in_leichte_sprache(client, legal_pages):
    response = client.get(reverse("portal:easy-language"))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<article class="easy-language" lang="de">' in content
    assert "<h1>Informationen in Leichter Sprache</h1>" in content
    assert "<title>Informationen in Leichter Sprache – Leichte Sprache – " in content
    # what the portal holds, how to use it, the essentials of the accessibility statement
    for heading in (
        "Was ist das Regionportal?",
        "Das finden Sie hier",
        "Die Suche",
        "Projekte auswählen",
        "Die Seite von einem Projekt",
        "Ansprech·personen",
        "Barriere·freiheit",
        "Sie finden eine Barriere?",
        "Sie sind mit der Antwort unzufrieden?",
    ):
        assert re.search(rf"<h[23]>{re.escape(heading)}</h[23]>", content), heading
    for link in ('href="/projekte/"', 'href="/kontakte/"', 'href="/barrierefreiheit/barriere-melden/"'):
        assert link in content
    # back to the page it is the version of: the home page
    assert '<p class="page-version"><a href="/">' in content and "Diese Seite in Alltagssprache" in content


def test_its_sentences_are_short_and_its_words_divided(legal_pages):
    """Leichte Sprache: a statement a line, no long lines, no hard words; long compounds divided by a Mediopunkt."""
    page = FlatPage.objects.get(url="/leichte-sprache/")
    assert len(easy_language.lines(page.content)) > 60
    assert easy_language.problems(page.content) == []
    assert "Förder·programm" in page.content and "Barriere·freiheit" in page.content


def test_it_gives_the_statements_contact_and_bodies(client, legal_pages):
    """The contact, the non-accessible parts and the arbitration bodies are the statement's own."""
    statement = AccessibilityStatement.objects.get()
    content = client.get(reverse("portal:easy-language")).content.decode()

    assert f'href="mailto:{statement.feedback_email}"' in content
    assert statement.feedback_phone in content
    assert f'href="{statement.enforcement_url}"' in content
    assert 'href="https://www.schlichtungsstelle-bgg.de/"' in content
    assert 'href="/barrierefreiheit/"' in content
    # the statement's non-accessible parts, in Leichte Sprache
    assert NonAccessibleContent.objects.count() == 3
    for part in ("Dokumente zum Herunter·laden", "Gebärden·sprache", "Texte von den Regionen"):
        assert f"<strong>{part}</strong>" in content


@pytest.mark.parametrize("path", ["/", "/projekte/", "/barrierefreiheit/", "/diese-seite-gibt-es-nicht/", "/en/"])
def test_every_page_links_it_in_header_and_footer(client, legal_pages, path):
    content = client.get(path).content.decode()
    # by its own name, marked German on pages in other languages
    link = '<a href="/en/leichte-sprache/" lang="de">' if path.startswith("/en/") else '<a href="/leichte-sprache/">'
    header, footer = content.split('<main id="main"')
    assert f"{link}Leichte Sprache</a>" in header and f"{link}Leichte Sprache</a>" in footer.split("<footer")[1]


def test_the_header_marks_it_as_the_current_page(client, legal_pages):
    content = client.get("/leichte-sprache/").content.decode()
    assert '<a href="/leichte-sprache/" aria-current="page">Leichte Sprache</a>' in content


def test_the_home_page_explains_itself_in_short_and_links_it(client, legal_pages):
    content = client.get("/").content.decode()
    teaser = content[content.index('<section class="easy-language-teaser"') :].split("</section>")[0]

    assert '<h2 id="home-easy-language">Leichte Sprache</h2>' in teaser
    assert "Auf dieser Internet·seite finden Sie Projekte aus Regionen in Deutschland." in teaser
    assert '<a href="/leichte-sprache/">Hier lesen Sie die Erklärung in Leichter Sprache.</a>' in teaser
    assert "Easy German" in client.get("/en/").content.decode()


def test_the_statement_links_its_essentials_in_leichte_sprache(client, legal_pages):
    content = client.get(reverse("portal:accessibility")).content.decode()
    assert (
        'Das Wichtigste aus dieser Erklärung steht auch in <a href="/leichte-sprache/">Leichter Sprache</a>.' in content
    )


def test_the_english_page_shows_it_in_german(client, legal_pages):
    content = client.get("/en/leichte-sprache/").content.decode()
    assert '<html lang="en">' in content and '<article class="easy-language" lang="de">' in content
    assert '<p class="message" lang="en">This page is only available in German.</p>' in content
    assert '<p class="page-version"><a href="/en/">' in content


def test_without_the_page_its_address_is_404(client):
    assert client.get("/leichte-sprache/").status_code == 404


@pytest.mark.parametrize(("page", "version"), [("/impressum/", "imprint"), ("/datenschutz/", "privacy")])
def test_a_legal_page_links_its_version_only_when_there_is_one(client, legal_pages, page, version):
    url = reverse(f"portal:{version}-easy-language")
    assert LINK_TEXT not in client.get(page).content.decode()
    assert client.get(url).status_code == 404

    written = FlatPage.objects.create(
        url=f"{page}leichte-sprache/", title="Wer macht die Internet·seite?", content="<p>Der Kreis Unna.</p>"
    )
    written.sites.add(Site.objects.get_current())

    assert f'<p class="page-version"><a href="{url}">' in client.get(page).content.decode()
    content = client.get(url).content.decode()
    assert "<h1>Wer macht die Internet·seite?</h1>" in content and "<p>Der Kreis Unna.</p>" in content
    assert f'<p class="page-version"><a href="{page}">' in content
    assert f'href="/en{url}"' in client.get(f"/en{page}").content.decode()


def test_the_pages_sitemap_lists_it(client, legal_pages):
    content = client.get(reverse("sitemap", kwargs={"section": "pages"})).content.decode()
    assert "<loc>http://127.0.0.1:8000/leichte-sprache/</loc>" in content
    assert "<loc>http://127.0.0.1:8000/en/leichte-sprache/</loc>" in content


def test_the_portal_administration_edits_it_region_editors_may_not(client, legal_pages):
    page = FlatPage.objects.get(url="/leichte-sprache/")
    url = reverse("admin:flatpages_flatpage_change", args=[page.pk])
    client.force_login(make_staff("redaktion", REGION_EDITORS, [make_region()]))
    assert client.get(url).status_code == 403

    force_login_verified(client, make_staff("portal-admin", PORTAL_ADMINISTRATION))
    data = changeform_data(client.get(url), content="<h2>Neu</h2><p>Das ist neu.</p>")
    assert client.post(url, data).status_code == 302
    assert "<p>Das ist neu.</p>" in client.get("/leichte-sprache/").content.decode()


def test_the_error_page_leads_to_the_statement_and_to_leichte_sprache():
    with translation.override("de"):
        content = render_to_string("500.html")
    assert 'href="/barrierefreiheit/"' in content and 'href="/leichte-sprache/"' in content
