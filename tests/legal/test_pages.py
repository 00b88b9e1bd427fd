"""The legal pages of the demo content are complete, reachable from every page and shown in both languages."""

import pytest
from django.urls import resolve, reverse

from regionportal.legal.models import PLACEHOLDER_MARKER, AccessibilityStatement, Conformance, NonAccessibleContent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("portal:accessibility-feedback", "/barrierefreiheit/barriere-melden/"),
        ("portal:accessibility-feedback-thanks", "/barrierefreiheit/barriere-melden/danke/"),
    ],
)
def test_url_round_trip(name, path):
    assert reverse(name) == path
    assert resolve(path).view_name == name


# What each page must say by law: § 5 DDG and § 18 MStV, Art. 13 GDPR, the EU model statement.
REQUIRED = {
    "portal:imprint": [
        "Friedrich-Ebert-Straße 17",  # postal address
        "Körperschaft des öffentlichen Rechts",  # legal form
        "vertreten durch den Landrat",  # representative
        "mailto:gert.kozik@kreis-unna.de",  # fast electronic contact
        "0 23 03 / 27-14 61",
        "Aufsichtsbehörde",
        "Bezirksregierung Arnsberg",
        "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV",
    ],
    "portal:privacy": [
        "Verantwortliche Stelle",
        "Datenschutzbeauftragte",
        "Zweck",
        "Rechtsgrundlage",
        "Speicherdauer",
        "Art. 15 DSGVO",  # rights
        "Art. 77 DSGVO",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",  # supervisory authority
        "Formular „Barriere melden“",  # the feedback form's processing
        "csrftoken",
    ],
    "portal:accessibility": [
        "<strong>teilweise vereinbar</strong>",  # status
        "Nicht barrierefreie Inhalte",
        "unverhältnismäßige Belastung",  # why
        "Sie beruht auf einer Selbstbewertung vom 1. Dezember 2026.",  # method and date of the assessment
        "Diese Erklärung wurde am 7. Dezember 2026 erstellt.",  # date of the statement
        "mailto:gert.kozik@kreis-unna.de",  # feedback contact
        'action="/barrierefreiheit/barriere-melden/"',  # the feedback form
        'href="https://www.schlichtungsstelle-bgg.de"',  # § 16 BGG
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
    ],
}


@pytest.mark.parametrize("name", REQUIRED)
def test_the_demo_pages_are_complete(client, legal_pages, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert PLACEHOLDER_MARKER not in content and "<mark>" not in content
    assert [text for text in REQUIRED[name] if text not in content] == []


@pytest.mark.parametrize("path", ["/", "/projekte/", "/en/", "/barrierefreiheit/barriere-melden/"])
def test_every_page_links_the_legal_pages_in_its_language(client, legal_pages, path):
    content = client.get(path).content.decode()
    prefix = "/en" if path.startswith("/en/") else ""
    for page in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert f'href="{prefix}{page}"' in content, page
    if prefix:
        assert ">Accessibility<" in content and ">Legal notice<" in content and ">Privacy<" in content


def test_the_english_statement_is_english_and_marks_the_german_fields(client, legal_pages):
    content = client.get("/en/barrierefreiheit/").content.decode()
    assert "<h1>Accessibility statement</h1>" in content
    assert "<strong>partially compliant</strong>" in content
    assert '<span lang="de">Kreis Unna (Demo-Betrieb)</span>' in content
    assert '<label for="id_description">What did you notice?</label>' in content


def test_the_statement_shows_its_fields_whatever_they_say(client, legal_pages):
    AccessibilityStatement.objects.update(
        conformance=Conformance.FULL, reviewed_on="2027-01-15", assessment_method="external"
    )
    NonAccessibleContent.objects.all().delete()
    content = client.get(reverse("portal:accessibility")).content.decode()
    assert "<strong>vollständig vereinbar</strong>" in content
    assert "Nicht barrierefreie Inhalte" not in content
    assert "Sie beruht auf einer Prüfung durch Dritte vom 1. Dezember 2026." in content
    assert "Zuletzt überprüft wurde sie am 15. Januar 2027." in content


def test_without_a_statement_the_page_is_missing(client):
    assert client.get(reverse("portal:accessibility")).status_code == 404


def test_the_non_accessible_parts_are_listed_by_reason_in_the_model_statements_order(client, legal_pages):
    content = client.get(reverse("portal:accessibility")).content.decode()
    headings = [
        content.index("<h3>Unvereinbarkeit mit den Anforderungen</h3>"),
        content.index("<h3>Unverhältnismäßige Belastung</h3>"),
    ]
    assert headings == sorted(headings)
    assert "<h3>Nicht im Anwendungsbereich der Vorschriften</h3>" not in content  # no part gives that reason
    burden = content[headings[1] :]
    assert burden.index("Dokumente zum Herunterladen") < burden.index("Zugängliche Alternative:")
