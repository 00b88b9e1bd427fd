"""``check --deploy`` warns (regionportal.W103) while a legal page is missing, empty, still the demo operator's
or holds a placeholder, or a required field of the accessibility statement is empty."""

import json

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.checks import run_checks
from django.core.management import call_command

from regionportal.legal.models import AccessibilityStatement, NonAccessibleContent
from tests.security.test_deployment_checks import deployment_problems

from .conftest import LEGAL_FIXTURE

pytestmark = pytest.mark.django_db
LEGAL_CHECK = "regionportal.W103"


@pytest.fixture
def public_address(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.de"
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1


def legal_messages():
    return [m.msg for m in run_checks(tags=["deployment"], include_deployment_checks=True) if m.id == LEGAL_CHECK]


@pytest.fixture
def operators_pages(tmp_path):
    """The demo content as an operator who filled it in would have it: no demo marker, no placeholder."""
    text = LEGAL_FIXTURE.read_text(encoding="utf-8").replace("Demo-Betrieb", "Betrieb")
    path = tmp_path / "legal.json"
    path.write_text(text, encoding="utf-8")
    call_command("loaddata", path, verbosity=0)


def test_complete_pages_pass(public_address, operators_pages):
    assert legal_messages() == []
    assert deployment_problems() == set()


def test_the_demo_operator_is_reported(public_address, legal_pages):
    messages = legal_messages()
    assert "The legal page /impressum/ still contains the demo content's operator ('Demo-Betrieb')." in messages
    assert "The legal page /leichte-sprache/ still contains the demo content's operator ('Demo-Betrieb')." in messages
    assert any("field operator of the accessibility statement" in message for message in messages)


def test_a_placeholder_is_reported(public_address, operators_pages):
    page = FlatPage.objects.get(url="/datenschutz/")
    page.content += "<p>Stand: <mark>[Vom Betreiber einzutragen: Datum]</mark></p>"
    page.save()
    AccessibilityStatement.objects.update(feedback_phone="[Vom Betreiber einzutragen: Telefon]")

    assert legal_messages() == [
        "The legal page /datenschutz/ still contains placeholders ([Vom Betreiber einzutragen: …]).",
        "The field feedback_phone of the accessibility statement (/barrierefreiheit/) still contains placeholders "
        "([Vom Betreiber einzutragen: …]).",
    ]


def test_missing_pages_and_empty_required_fields_are_reported(public_address, operators_pages):
    FlatPage.objects.filter(url="/impressum/").delete()
    FlatPage.objects.filter(url="/datenschutz/").update(content="<p> </p>")
    AccessibilityStatement.objects.update(feedback_email="", legal_basis="")
    NonAccessibleContent.objects.all().delete()

    assert legal_messages() == [
        "The legal page /impressum/ is missing or empty.",
        "The legal page /datenschutz/ is missing or empty.",
        "Required fields of the accessibility statement (/barrierefreiheit/) are empty: legal_basis, feedback_email.",
        "The accessibility statement (/barrierefreiheit/) names no non-accessible content although the portal is "
        "not fully compliant.",
    ]


def test_a_placeholder_in_a_non_accessible_part_is_reported(public_address, operators_pages):
    NonAccessibleContent.objects.filter(content="Texte der Regionen").update(
        alternative="[Vom Betreiber einzutragen: Alternative]"
    )
    assert legal_messages() == [
        "The non-accessible part 'Texte der Regionen' of the accessibility statement (/barrierefreiheit/) still "
        "contains placeholders ([Vom Betreiber einzutragen: …]) in alternative."
    ]


def test_without_the_portal_in_leichte_sprache_the_check_warns(public_address, operators_pages):
    FlatPage.objects.filter(url="/leichte-sprache/").delete()
    assert legal_messages() == ["The legal page /leichte-sprache/ is missing or empty."]


def test_without_a_statement_the_check_warns(public_address, operators_pages):
    AccessibilityStatement.objects.all().delete()
    assert legal_messages() == ["The accessibility statement (/barrierefreiheit/) has not been set up."]


def test_the_fixture_has_no_placeholder():
    assert "[Vom Betreiber" not in json.dumps(json.loads(LEGAL_FIXTURE.read_text(encoding="utf-8")))
