"""Long German words are hyphenated in their language, never broken anywhere (issue 13)."""

import re

import pytest
from django.conf import settings

from projects.models import FundingLine
from tests.factories import make_organisation, make_programme, make_project, make_theme

STYLESHEET = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()


def rule(selector):
    """The declarations of the rule whose selector list is exactly ``selector``."""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S)):
        if selectors.strip() == selector:
            return dict(
                (name.strip(), value.strip())
                for name, value in (item.split(":", 1) for item in body.split(";") if item.strip())
            )
    raise AssertionError(f"no rule for {selector}")


def test_no_rule_breaks_words_anywhere():
    assert not re.search(r"(overflow-wrap|word-wrap)\s*:\s*anywhere|word-break\s*:\s*break-(all|word)", STYLESHEET)


def test_text_is_hyphenated_and_broken_only_as_a_last_resort():
    body = rule("body")

    assert body["hyphens"] == "auto" and body["-webkit-hyphens"] == "auto"
    assert body["overflow-wrap"] == "break-word"


def test_addresses_are_not_hyphenated():
    """A hyphen inside an e-mail address or a URL would change it."""
    (selectors,) = [s for s in re.findall(r"([^{}]+)\{[^{}]*hyphens: manual", STYLESHEET)]
    for selector in ('a[href^="mailto:"]', 'a[href^="tel:"]', ".url", ".shortlink"):
        assert selector in selectors


@pytest.mark.django_db
def test_english_pages_mark_german_names_in_the_side_boxes(client):
    partner = make_organisation(name="Wirtschaftsförderungsgesellschaft Kreis Unna")
    project = make_project(lead_organisation=partner)
    project.partners.add(partner)
    project.themes.add(make_theme(name="Strukturwandel/Kohleausstieg"))
    FundingLine.objects.create(project=project, programme=make_programme(name="Strukturstärkung Kohleregionen"))

    german = client.get(project.get_absolute_url()).content.decode()
    english = client.get(f"/en{project.get_absolute_url()}").content.decode()

    assert '<html lang="en">' in english
    assert english.count('lang="de">Wirtschaftsförderungsgesellschaft Kreis Unna<') == 2  # lead and partner
    assert re.search(r'<ul class="plain" lang="de"><li><a [^>]+>Strukturwandel/Kohleausstieg</a>', english)
    assert re.search(r'<dd lang="de"><a [^>]+>Strukturstärkung Kohleregionen</a>', english)
    assert 'lang="de"' not in german.partition("<main")[2]  # German pages need no marks
