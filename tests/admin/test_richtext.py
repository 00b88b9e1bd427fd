"""Rich text: the WYSIWYG editor in the admin and sanitising on the server, proven with known XSS payloads.

Whatever the browser sends, what is stored and what the public page shows has no script, no event handler,
no javascript:/vbscript:/data: URL, no style attribute and no iframe, object, embed, svg or math element.
"""

import json
import re
from pathlib import Path

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from contacts.models import Organisation
from news.models import Article
from projects.models import FundingProgramme, Project, Region
from regionportal.backoffice.richtext import PROSE_TAGS, sanitize
from regionportal.publishing.models import PublicationState
from regionportal.templatetags.portal import prose
from tests.factories import make_programme, make_project

from .conftest import changeform_data, force_login_verified

pytestmark = pytest.mark.django_db

PAYLOADS = [line for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines() if line.strip()]
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "frame", "frameset", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "xlink:href", "data", "cite"}
FORBIDDEN_SCHEME = re.compile(r"^(javascript|vbscript|data):")
EVENT_HANDLER = re.compile(r"<[^<>]*\son\w+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^<>]*\sstyle\s*=", re.IGNORECASE)
BODY_FIELDS = {
    Project: "body",
    Article: "body",
    Region: "description",
    FundingProgramme: "description",
    Organisation: "description",
}


def problems(html):
    """Everything dangerous in ``html``, looked for in the markup and in the parsed elements."""
    found = []
    if re.search(r"<\s*script", html, re.IGNORECASE):
        found.append("<script")
    if EVENT_HANDLER.search(html):
        found.append("event handler")
    if STYLE_ATTRIBUTE.search(html):
        found.append("style attribute")
    if not html.strip():
        return found
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in FORBIDDEN_TAGS:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "style":
                found.append(f"{name}=")
            normalised = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in URL_ATTRIBUTES and FORBIDDEN_SCHEME.match(normalised):
                found.append(f"{name}={value}")
    return found


def test_there_are_at_least_100_distinct_payloads():
    assert len(set(PAYLOADS)) >= 100


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        '<p onclick="alert(1)">x</p>',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
        '<p style="color:red">x</p>',
        "<svg></svg>",
        "<math></math>",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_the_checker_itself_finds_what_it_looks_for(dangerous):
    assert problems(dangerous)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_and_filter_leave_nothing_dangerous(payload):
    stored = sanitize(payload)
    assert problems(stored) == []
    assert problems(str(prose(stored))) == []
    assert problems(str(prose(payload))) == []  # also for text that bypassed the admin (older data)


def test_saving_is_stable_and_keeps_the_allowed_markup():
    html = (
        '<h2>Ziele</h2><p><strong>Mehr</strong> <em>Rad</em> <a href="https://www.kreis-unna.de/">Link</a></p>'
        "<ul><li>eins</li></ul><ol><li>zwei</li></ol>"
        "<table><tbody><tr><th>Jahr</th><th>Mittel</th></tr><tr><td>2024</td><td>700.000 €</td></tr></tbody></table>"
    )

    stored = sanitize(html)

    assert sanitize(stored) == stored == str(prose(stored))
    assert '<a href="https://www.kreis-unna.de/" rel="noopener noreferrer">Link</a>' in stored
    assert "<table><tbody><tr><th>Jahr</th>" in stored and "<td>700.000 €</td>" in stored
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= PROSE_TAGS


def test_plain_text_is_stored_as_escaped_paragraphs_and_renders_once_escaped():
    stored = sanitize("Erster Absatz.\n\nZweiter <Absatz> & mehr.")

    assert stored == "<p>Erster Absatz.</p>\n\n<p>Zweiter &lt;Absatz&gt; &amp; mehr.</p>"
    assert str(prose(stored)) == stored


def test_empty_editor_stores_nothing():
    assert sanitize("<p></p>") == ""
    assert sanitize("   ") == ""


@pytest.fixture
def editable_project(unna):
    return make_project(region=unna.region, title="Radwege", slug="radwege", state=PublicationState.PUBLISHED)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_change_form_offers_the_restricted_editor_with_local_assets(client, unna, editable_project):
    client.force_login(unna.editor)

    response = client.get(change_url(editable_project))

    widget = lxml.html.fromstring(response.content).get_element_by_id("id_body")
    config = json.loads(widget.get("data-django-prose-editor-configurable"))
    extensions = config["extensions"]
    assert extensions["Heading"] == {"levels": [2, 3]}
    assert {"Bold", "Italic", "BulletList", "OrderedList", "Link", "Table"} <= extensions.keys()
    assert not {"HTML", "Image", "Figure", "TextAlign", "Color", "Highlight", "CodeBlock"} & extensions.keys()
    assert extensions["Link"]["enableTarget"] is False
    media = str(response.context["media"])
    assert "django_prose_editor/editor.js" in media
    assert "://" not in re.sub(r"https?://(127\.0\.0\.1|localhost|testserver)", "", media)  # no CDN
    assert finders.find("django_prose_editor/editor.js")


def save_body(client, obj, field, payload):
    response = client.get(change_url(obj))
    data = changeform_data(response, **{field: payload})
    return client.post(change_url(obj), data)


def test_payloads_saved_through_the_admin_form_never_reach_the_page(client, unna, editable_project):
    """Every payload, posted as the project's body to the admin, is stored and shown without anything dangerous."""
    client.force_login(unna.editor)
    scripts_on_page = client.get(editable_project.get_absolute_url()).content.decode().count("<script")

    for payload in PAYLOADS:
        response = save_body(client, editable_project, "body", payload)
        assert response.status_code == 302, payload

        editable_project.refresh_from_db()
        assert problems(editable_project.body) == [], payload
        page = client.get(editable_project.get_absolute_url()).content.decode()
        body = lxml.html.fromstring(page).find_class("prose")
        assert all(problems(lxml.html.tostring(part, encoding="unicode")) == [] for part in body), payload
        assert page.count("<script") == scripts_on_page, payload  # only the page's own (JSON-LD) scripts


@pytest.mark.parametrize("model", list(BODY_FIELDS))
def test_every_rich_text_field_is_sanitised_on_saving(client, unna, portal_admin, model):
    obj = {
        Project: lambda: make_project(region=unna.region),
        Article: lambda: unna.objects["news.article"],
        Region: lambda: unna.region,
        FundingProgramme: make_programme,
        Organisation: lambda: unna.objects["contacts.organisation"],
    }[model]()
    force_login_verified(client, portal_admin)
    field = BODY_FIELDS[model]

    for payload in PAYLOADS[::10]:
        response = save_body(client, obj, field, payload)
        assert response.status_code == 302, payload

        obj.refresh_from_db()
        assert problems(getattr(obj, field)) == [], payload


def test_contributors_proposal_is_sanitised_too(client, contributor, joint_project):
    client.force_login(contributor)

    save_body(client, joint_project, "body", '<p onclick="alert(1)">Neu</p><script>alert(1)</script>')

    proposal = joint_project.change_proposals.get()
    assert proposal.changes["body"] == "<p>Neu</p>"


def test_editor_dialogs_speak_german(client, unna, editable_project):
    """The editor's module reads ``window.gettext`` when it loads: the German catalogue comes before it."""
    client.force_login(unna.editor)
    page = client.get(change_url(editable_project)).content.decode()
    catalogue = reverse("editor-jsi18n")
    assert page.index(f'src="{catalogue}"') < page.index("django_prose_editor/editor.js")
    script = client.get(catalogue).content.decode()
    assert "Tabelle einf\\u00fcgen" in script or "Tabelle einfügen" in script
