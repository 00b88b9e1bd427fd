"""Every page of the back office speaks German: each role's admin pages, crawled from the start page, show no
English interface text (the editors are German public-sector staff; Sie, never du)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from contacts.models import Organisation
from projects.models import InterventionField, Project, Region, State
from regionportal.backoffice.models import ProjectContributor

from .conftest import PORTAL_ADMINISTRATION, REGION_EDITORS, REGION_PUBLISHERS, force_login_verified, make_staff

# Words of English interface text that German interface text never contains (checked as whole words, any case).
ENGLISH = re.compile(
    r"\b(the|and|of|by|with|your|you|are|is|this|these|select|option|run|filter by|save|delete|add|change|changes|"
    r"search|show|undo|redo|insert|heading|table|forbidden|error|history|view|yes|none|all|today|now|clear|"
    r"choose|remove|edit|home|log ?out|password|welcome|action|actions|go|selected|bold|italic|page|"
    r"not found|please|enter|required|field|date|currently|results?|items?)\b",
    re.IGNORECASE,
)
# Attributes whose text people read or hear.
# Names that are English by definition: licences ("CC BY-SA 4.0").
PROPER_NAMES = re.compile(r"\bCC BY(-[A-Z]+)*\b")
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "value"}
SKIPPED_ELEMENTS = {"script", "style", "textarea", "code", "pre"}
PAGES_PER_ROLE = 160
# The start page, the error pages of the back office (forbidden for most roles, not found for all), the password reset.
START_PAGES = ["/admin/", "/admin/auth/user/", "/admin/gibt-es-nicht/", "/admin/passwort-vergessen/"]


class Texts(HTMLParser):
    """The interface text of a page: text nodes and read attributes, without what editors wrote (form values,
    option labels of content) and without scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self._skip = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # an option is content (a region, a theme), except the empty choice, which the interface words
        content_option = tag == "option" and attrs.get("value") != ""
        # text marked as another language is content in that language (the EU regulation's English titles)
        other_language = not (attrs.get("lang") or "de").startswith("de")
        if tag in SKIPPED_ELEMENTS or content_option or other_language or attrs.get("data-content") is not None:
            self._skip.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name, value in attrs.items():
            # button labels and submit values are interface text; the values of text inputs are content
            if value and name in READ_ATTRIBUTES and (name != "value" or attrs.get("type") in {"submit", "button"}):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def english_in(html, content):
    parser = Texts()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for name in sorted(content, key=len, reverse=True):  # the longest first: one title can begin another
            if name in text:  # also inside a page title
                text = text.replace(name, "")
        shortened = text.removesuffix("…").rstrip()
        if shortened != text and any(name.startswith(shortened) for name in content):
            continue  # a name the breadcrumbs shortened
        for match in ENGLISH.finditer(PROPER_NAMES.sub("", text)):
            found.append(f"{match.group()!r} in {text[:120]!r}")
    return found, parser.links


def crawl(client, content):
    """Admin pages reachable from the start page, one page per URL shape (numbers replaced)."""
    seen_shapes, queue, problems, visited = set(), list(START_PAGES), {}, 0
    while queue and visited < PAGES_PER_ROLE:
        url = queue.pop(0)
        parts = urlsplit(url)
        keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair} - {"_changelist_filters"})
        shape = re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = client.get(url)
        visited += 1
        if response.status_code in (301, 302):
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        found, links = english_in(response.content.decode(), content)
        if found:
            problems[url] = found
        for link in links:
            link = urldefrag(link)[0]
            if link.startswith("?"):
                link = urlsplit(url).path + link
            if link.startswith("/admin/") and "logout" not in link and "/delete/" not in link[:-8]:
                queue.append(link)
    return problems, visited


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    # What editors wrote is theirs, in whatever language: names and titles are not interface text.
    names = {str(obj) for model in (Project, Region, Organisation) for obj in model.objects.all()}
    # The EU regulation's intervention fields carry the English titles of its Annex I (reference data).
    titles = {text for field in InterventionField.objects.all() for text in (str(field), field.title)}
    return names | titles | set(State.objects.values_list("abbreviation", flat=True))


def role_users(region):
    editor = make_staff("redaktion", REGION_EDITORS, [region])
    publisher = make_staff("freigabe", REGION_PUBLISHERS, [region])
    contributor = make_staff("mitwirkend")
    ProjectContributor.objects.create(user=contributor, project=region.projects.first())
    admin = make_staff("portal-admin", PORTAL_ADMINISTRATION)
    return {"editor": editor, "publisher": publisher, "contributor": contributor, "portal administrator": admin}


@pytest.mark.parametrize("role", ["editor", "publisher", "contributor", "portal administrator"])
def test_admin_pages_speak_german(client, demo, role):
    region = Region.objects.get(slug="kreis-unna")
    force_login_verified(client, role_users(region)[role])
    problems, visited = crawl(client, demo)
    assert visited > 5
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())
