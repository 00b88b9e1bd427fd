"""The EU list of operations in the back office: a collapsed section "EU-Kofinanzierung (Liste der Vorhaben)" in
the funding line of a project, amounts and rates typed in German, refused with a German message (and the section
open at the error) when they are wrong. The tests post what the rendered change page sends."""

from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse

from projects.models import Fund, FundingLine, InterventionField

from ..factories import make_organisation, make_programme
from .conftest import changeform_data

pytestmark = pytest.mark.django_db

SECTION = "EU-Kofinanzierung (Liste der Vorhaben)"
PREFIX = "funding_lines-0-"


@pytest.fixture
def line(unna):
    project = unna.objects["projects.project"]
    return FundingLine.objects.create(project=project, programme=make_programme(), amount=Decimal("1000.00"))


@pytest.fixture
def page(client, unna, line):
    client.force_login(unna.editor)
    url = reverse("admin:projects_project_change", args=[line.project.pk])
    return url, client.get(url)


def section_of(response):
    """The EU section of the first funding line as rendered, and whether it is collapsed (a closed <details>)."""
    tree = lxml.html.fromstring(response.content.decode())
    [fieldset] = tree.xpath('//fieldset[@aria-labelledby="funding_lines-0-1-heading"]')
    assert fieldset.xpath("string(.//h4)").strip() == SECTION
    return fieldset, bool(fieldset.xpath("./details"))


def operation_data(response, **changes):
    beneficiary = make_organisation(name="Wirtschaftsförderung Kreis Unna GmbH")
    fields = {
        "operation_code": "2021DE16RFPR001-0042",
        "beneficiary": str(beneficiary.pk),  # what the autocomplete puts into the select
        "total_cost": "1.250.000,50",
        "eligible_cost": "1.000.000",
        "fund": Fund.ERDF,
        "cofinancing_rate": "80,5",
        "specific_objective": "RSO1.1",
        "intervention_fields": [str(pk) for pk in InterventionField.objects.filter(code="009").values_list("pk")[0]],
        "postcode": "59423",
        "nuts_code": "DEA5C",
        "latitude": "51,53",
        "longitude": "7,69",
        "start_date": "2022-03-01",
        "end_date": "2025-06-30",
    }
    fields |= changes
    return changeform_data(
        response,
        **{f"{PREFIX}{name}": [value] if isinstance(value, str) else value for name, value in fields.items()},
        _continue=["Sichern"],
    )


def test_the_section_is_collapsed_and_holds_every_field(page):
    _url, response = page
    fieldset, collapsed = section_of(response)
    assert collapsed
    names = {element.get("name") for element in fieldset.xpath(".//input|.//select")}
    for name in (
        "operation_code",
        "beneficiary",
        "total_cost",
        "eligible_cost",
        "currency",
        "exchange_rate",
        "fund",
        "cofinancing_rate",
        "specific_objective",
        "intervention_fields",
        "postcode",
        "nuts_code",
        "nuts_version",
        "latitude",
        "longitude",
    ):
        assert f"{PREFIX}{name}" in names, name
    [total] = fieldset.xpath(f'.//input[@name="{PREFIX}total_cost"]')
    assert (total.get("type"), total.get("inputmode")) == ("text", "decimal")  # German numbers, not type=number
    options = fieldset.xpath(f'.//select[@name="{PREFIX}intervention_fields"]/option')
    assert len(options) == InterventionField.objects.count()
    assert options[0].text_content().startswith("001 – Investment in fixed assets")


def test_an_editor_enters_an_operation_in_german_numbers(client, page, line):
    url, response = page
    saved = client.post(url, operation_data(response))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    line.refresh_from_db()
    assert line.operation_code == "2021DE16RFPR001-0042"
    assert (line.total_cost, line.eligible_cost, line.cofinancing_rate) == (
        Decimal("1250000.50"),
        Decimal("1000000.00"),
        Decimal("80.50"),
    )
    assert (line.latitude, line.longitude, line.currency, line.exchange_rate) == (
        Decimal("51.53000"),
        Decimal("7.69000"),
        "EUR",
        None,
    )
    assert [field.code for field in line.intervention_fields.all()] == ["009"]
    assert line.eu_share == Decimal("805000.00")
    fieldset, _collapsed = section_of(client.get(url))
    shown = {element.get("name"): element.get("value") for element in fieldset.xpath(".//input")}
    assert shown[f"{PREFIX}total_cost"] == "1.250.000,50"
    assert shown[f"{PREFIX}cofinancing_rate"] == "80,50"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total_cost": "1250000.50"}, "ist keine Zahl in deutscher Schreibweise"),
        ({"cofinancing_rate": "80.5"}, "ist keine Zahl in deutscher Schreibweise"),
        ({"cofinancing_rate": "100,5"}, "kleiner oder gleich 100"),
        ({"eligible_cost": "1.250.000,51"}, "höher als die Gesamtkosten"),
        ({"postcode": "", "nuts_code": "", "latitude": "", "longitude": ""}, "mindestens eine Ortsangabe"),
        ({"nuts_code": "DEZ5C"}, "deutscher NUTS-Code"),
        ({"currency": "DKK"}, "Wechselkurs zum Euro nötig"),
        ({"exchange_rate": "7,4609"}, "Beträge in Euro haben keinen Wechselkurs"),
        ({"fund": Fund.NONE}, "Ohne EU-Fonds"),
        ({"end_date": "2022-02-28"}, "Das Ende liegt vor dem Beginn."),
    ],
)
def test_wrong_input_is_refused_in_german_the_section_open_and_nothing_stored(client, page, line, changes, message):
    url, response = page
    title = line.project.title
    data = operation_data(response, **changes)
    data["title"] = ["Neuer Titel"]
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert message in refused.content.decode()
    line.refresh_from_db()
    line.project.refresh_from_db()
    assert (line.operation_code, line.total_cost, line.project.title) == (None, None, title)
    if "end_date" not in changes:  # the period is in the first section
        _fieldset, collapsed = section_of(refused)
        assert not collapsed  # without JavaScript the editor sees the field with the error


def test_a_foreign_currency_with_its_exchange_rate(client, page, line):
    url, response = page
    saved = client.post(url, operation_data(response, currency="DKK", exchange_rate="7,4609"))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    line.refresh_from_db()
    assert (line.currency, line.exchange_rate) == ("DKK", Decimal("7.4609"))


def test_two_lines_with_the_same_operation_code_are_refused(client, page, line):
    FundingLine.objects.create(project=line.project, programme=make_programme(), order=1)
    url, _response = page
    response = client.get(url)
    data = operation_data(response)
    data |= {  # the second line a complete operation with the same code
        name.replace(PREFIX, "funding_lines-1-"): value
        for name, value in data.items()
        if name.startswith(PREFIX) and not name.endswith(("-id", "-project", "-programme", "-order"))
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert not FundingLine.objects.filter(operation_code="2021DE16RFPR001-0042").exists()
    errors = lxml.html.fromstring(refused.content.decode()).xpath('//ul[contains(@class, "errorlist")]//text()')
    assert any("Kennzeichen des Vorhabens" in error for error in errors), errors


def test_the_codes_are_reference_data_editors_may_only_view(client, unna):
    client.force_login(unna.editor)
    assert client.get(reverse("admin:projects_interventionfield_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_interventionfield_add")).status_code == 403
