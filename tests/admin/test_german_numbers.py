"""German numbers in the back office (regionportal.backoffice.german_numbers): typed as editors type them, shown as
they read
them, refused when ambiguous – with a German message and nothing stored. The form test posts what the rendered
change page sends."""

from decimal import Decimal

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import FundingLine, Municipality
from regionportal.backoffice.german_numbers import german_notation, parse_german_number
from tests.factories import make_programme
from tests.pages import sent_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.250.000,50", Decimal("1250000.50")),
        ("1250000,50", Decimal("1250000.50")),
        ("1 250 000,50", Decimal("1250000.50")),
        ("1.250.000", Decimal("1250000")),
        ("1.250", Decimal("1250")),
        ("80,5", Decimal("80.5")),
        ("80,5 %", Decimal("80.5")),
        ("700.000 €", Decimal("700000")),
        ("  42 ", Decimal("42")),
        ("-3,25", Decimal("-3.25")),
        ("51,5361", Decimal("51.5361")),
    ],
)
def test_german_notation_is_read(typed, value):
    assert parse_german_number(typed) == value


@pytest.mark.parametrize(
    "typed",
    [
        "1250000.00",
        "1.25",
        "80.5",
        "1,2,3",
        "12.34.567",
        "1.2345",
        "1 25",
        "12,",
        ",5",
        "1e6",
        "zwölf",
        "1.250,50,1",
        "∞",
    ],
)
def test_ambiguous_or_wrong_numbers_are_refused(typed):
    with pytest.raises(ValidationError) as refused:
        parse_german_number(typed)
    assert "deutscher Schreibweise" in refused.value.messages[0]


def test_stored_values_are_shown_in_german():
    assert german_notation(Decimal("1250000.00"), 2) == "1.250.000,00"
    assert german_notation(Decimal("80.50"), 2) == "80,50"
    assert german_notation(12345) == "12.345"


def change_page_form(client, url):
    """What the browser sends for the change form (``{name: [values]}``), and the parsed form."""
    form = lxml.html.fromstring(client.get(url).content).get_element_by_id("project_form")
    return sent_values(form), form


@pytest.fixture
def funded(unna):
    project = unna.objects["projects.project"]
    line = FundingLine.objects.create(project=project, programme=make_programme(), amount=Decimal("1000.00"))
    return project, line


@pytest.mark.parametrize(
    ("amount", "rate", "stored_amount", "stored_rate"),
    [
        ("1.250.000,50", "80,5", Decimal("1250000.50"), Decimal("80.50")),
        ("1250000,50", "80", Decimal("1250000.50"), Decimal("80.00")),
        ("1.250.000", "", Decimal("1250000.00"), None),
    ],
)
def test_an_editor_saves_german_amounts(client, unna, funded, amount, rate, stored_amount, stored_rate):
    project, line = funded
    client.force_login(unna.editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data, form = change_page_form(client, url)
    amount_input = form.xpath(".//input[@name='funding_lines-0-amount']")[0]
    assert amount_input.get("type") == "text" and amount_input.get("inputmode") == "decimal"
    assert amount_input.get("value") == "1.000,00"  # the stored amount in German notation
    data |= {"funding_lines-0-amount": [amount], "funding_lines-0-funding_rate": [rate], "_continue": ["Sichern"]}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    line.refresh_from_db()
    assert (line.amount, line.funding_rate) == (stored_amount, stored_rate)
    _data, form = change_page_form(client, url)
    assert form.xpath(".//input[@name='funding_lines-0-amount']")[0].get("value") == german_notation(stored_amount, 2)


@pytest.mark.parametrize("amount", ["1250000.00", "1.25", "1,2,3"])
def test_an_ambiguous_amount_is_refused_and_nothing_is_stored(client, unna, funded, amount):
    project, line = funded
    client.force_login(unna.editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data, _form = change_page_form(client, url)
    title = project.title
    data |= {"title": ["Neuer Titel"], "funding_lines-0-amount": [amount], "_continue": ["Sichern"]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ist keine Zahl in deutscher Schreibweise" in response.content.decode()
    line.refresh_from_db()
    project.refresh_from_db()
    assert (line.amount, project.title) == (Decimal("1000.00"), title)


def test_a_rate_above_100_is_refused_in_german(client, unna, funded):
    project, line = funded
    client.force_login(unna.editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data, _form = change_page_form(client, url)
    data |= {"funding_lines-0-funding_rate": ["805"], "_continue": ["Sichern"]}
    response = client.post(url, data)
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.funding_rate is None


def test_population_with_thousands_dots(portal_admin, client):
    from tests.admin.conftest import force_login_verified
    from tests.factories import make_municipality

    town = make_municipality(name="Kamen", population=None)
    force_login_verified(client, portal_admin)
    url = reverse("admin:projects_municipality_change", args=[town.pk])
    data = sent_values(lxml.html.fromstring(client.get(url).content).get_element_by_id("municipality_form"))
    data |= {"population": ["42.811"], "_continue": ["Sichern"]}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Municipality.objects.get(pk=town.pk).population == 42811
