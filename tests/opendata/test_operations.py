"""The EU list of operations, /offene-daten/vorhaben.csv and .json: the columns of the list-of-operations template
as the Kohesio validator reads them, the validator's rules on every row, the project list's filters, 400 for bad
parameters."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import timezone

from projects.filters import ProjectFilter
from projects.models import Currency, Fund, FundingLine, InterventionField, Project
from regionportal.publishing.models import PublicationState

from ..factories import (
    make_municipality,
    make_operation,
    make_organisation,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db

# The documented columns (docs/open-data.md, "operations"), in this order: a public interface like the others.
COLUMNS = [
    "Operation_Unique_Identifier",
    "Operation_Name_Programme_Language",
    "Operation_Summary_Programme_Language",
    "Beneficiary_Name",
    "Beneficiary_Unique_Identifier",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Total_Cost_amount",
    "Total_Eligible_Expenditure_amount",
    "Total_Eligible_Expenditure_Currency",
    "Total_Eligible_Expenditure_Exchange_Rate",
    "Project_EU_Budget",
    "Cofinancing_Rate",
    "Fund_Code",
    "Fund_Name",
    "Specific_Objective_Label",
    "Category_Of_Intervention",
    "Category_Label",
    "Country",
    "Location_Indicator_Postcode",
    "Location_Indicator_NUTS_code",
    "Location_Indicator_latitude_longitude",
    "Date_Of_Last_Update",
]
LOCATION = ["Location_Indicator_Postcode", "Location_Indicator_NUTS_code", "Location_Indicator_latitude_longitude"]


def url(fmt):
    return reverse("opendata:operations", kwargs={"fmt": fmt})


def download(client, fmt, query=None):
    response = client.get(url(fmt), query or {})
    assert response.status_code == 200, response
    assert response.streaming and not response.cookies
    assert response["Content-Disposition"] == f'attachment; filename="vorhaben.{fmt}"'
    return response, b"".join(response.streaming_content).decode("utf-8")


def read_csv(client, query=None):
    response, text = download(client, "csv", query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_json(client, query=None):
    response, text = download(client, "json", query)
    assert response["Content-Type"] == "application/json"
    return json.loads(text)


def kohesio_errors(rows):
    """The validator's checks of a CSV row (ISAITB/validator-plugin-kohesio: OperationDateRule, LocationIndicatorRule,
    TotalEligibleExpenditureRule) and the template's rate of 0 to 100, as (line, message) pairs."""
    errors = []
    for line, row in enumerate(rows, start=2):
        dates = []
        for column in ("Operation_Start_Date", "Operation_End_Date"):
            try:
                dates.append(datetime.strptime(row[column], "%d/%m/%Y").date() if row[column] else None)
            except ValueError:
                errors.append((line, f"{column} is not dd/MM/yyyy"))
                dates.append(None)
        if None not in dates and dates[0] > dates[1]:
            errors.append((line, "start after end"))
        if not any(row[column].strip() for column in LOCATION):
            errors.append((line, "no location indicator"))
        if (
            row["Total_Eligible_Expenditure_Currency"] not in ("", "EUR")
            and not row["Total_Eligible_Expenditure_Exchange_Rate"].strip()
        ):
            errors.append((line, "no exchange rate"))
        if not 0 <= Decimal(row["Cofinancing_Rate"]) <= 100:
            errors.append((line, "rate outside 0–100"))
    return errors


@pytest.fixture
def operations():
    """Two regions' projects with operations (EU and national, euro and krone, three kinds of location), and what
    the list leaves out: lines without a code, drafts."""
    unna = make_region(name="Kreis Unna", slug="kreis-unna", ars="059780000000", nuts3="DEA5C")
    unna_town = make_municipality(name="Unna", slug="unna", ags="05978036")
    energy = make_theme(name="Energie", slug="energie")
    smart = make_project(
        title="Smart Region", slug="smart-region", region=unna, summary="Digitale Dienste für den Kreis."
    )
    smart.municipalities.add(unna_town)
    smart.themes.add(energy)
    eu = make_operation(
        project=smart,
        operation_code="2021DE16RFPR001-0001",
        beneficiary=make_organisation(name="Kreis Unna"),
        intervention_fields=InterventionField.objects.filter(code__in=["016", "018"]),
        nuts_code="DEA5C",
        latitude=Decimal("51.53472"),
        longitude=Decimal("7.68889"),
    )
    FundingLine.objects.create(project=smart, programme=make_programme(), amount=Decimal("5000"), order=1)
    mitte = make_region(name="Region der Mitte", slug="region-der-mitte")
    national = make_operation(
        project=make_project(title="Region der Mitte", slug="region-der-mitte-projekt", region=mitte),
        operation_code="rdm-1",
        fund=Fund.NONE,
        cofinancing_rate=Decimal("0"),
        eligible_cost=None,
        total_cost=Decimal("700000"),
        beneficiary=make_organisation(name="Region Kassel-Land e.V.", state=PublicationState.DRAFT),
        postcode="34466",
        start_date=date(2021, 11, 30),
        end_date=date(2024, 5, 31),
    )
    krone = make_operation(
        project=make_project(title="Grenzüberschreitend", region=mitte),
        fund=Fund.INTERREG,
        currency=Currency.DKK,
        exchange_rate=Decimal("7.4609"),
        postcode="",
        latitude=Decimal("54.78"),
        longitude=Decimal("9.43"),
    )
    make_operation(project=make_project(title="Entwurf", region=unna, state=PublicationState.DRAFT))
    make_project(title="Ohne Vorhaben", region=unna, amount=Decimal("1"))
    return {"eu": eu, "national": national, "krone": krone, "unna": unna}


def test_url_round_trip():
    for fmt in ("csv", "json"):
        assert url(fmt) == f"/offene-daten/vorhaben.{fmt}"
        match = resolve(url(fmt))
        assert (match.view_name, match.kwargs["fmt"]) == ("opendata:operations", fmt)
    assert reverse("opendata:operations", kwargs={"fmt": "csv"}).startswith("/offene-daten/")


def test_the_columns_of_the_template_and_one_row_per_published_operation(client, operations):
    rows = read_csv(client)
    records = read_json(client)
    assert list(rows[0]) == COLUMNS == list(records[0])
    assert sorted(row["Operation_Unique_Identifier"] for row in rows) == sorted(
        [operations["eu"].operation_code, operations["national"].operation_code, operations["krone"].operation_code]
    )
    assert [record["Operation_Unique_Identifier"] for record in records] == [
        row["Operation_Unique_Identifier"] for row in rows
    ]


def test_an_eu_operation_in_csv_and_json(client, operations):
    line = operations["eu"]
    [row] = [row for row in read_csv(client) if row["Operation_Unique_Identifier"] == line.operation_code]
    assert row == {
        "Operation_Unique_Identifier": "2021DE16RFPR001-0001",
        "Operation_Name_Programme_Language": "Smart Region",
        "Operation_Summary_Programme_Language": "Digitale Dienste für den Kreis.",
        "Beneficiary_Name": "Kreis Unna",
        "Beneficiary_Unique_Identifier": f"http://testserver{line.beneficiary.get_absolute_url()}",
        "Operation_Start_Date": "01/03/2022",
        "Operation_End_Date": "30/06/2025",
        "Total_Cost_amount": "1250000.50",
        "Total_Eligible_Expenditure_amount": "1000000.00",
        "Total_Eligible_Expenditure_Currency": "EUR",
        "Total_Eligible_Expenditure_Exchange_Rate": "",
        "Project_EU_Budget": "805000.00",
        "Cofinancing_Rate": "80.50",
        "Fund_Code": "ERDF",
        "Fund_Name": "European Regional Development Fund",
        "Specific_Objective_Label": "RSO1.1",
        "Category_Of_Intervention": "016|018",
        "Category_Label": "Government ICT solutions, e-services, applications|"
        "IT services and applications for digital skills and digital inclusion",
        "Country": "Germany",
        "Location_Indicator_Postcode": "59423",
        "Location_Indicator_NUTS_code": "DEA5C",
        "Location_Indicator_latitude_longitude": "51.53472,7.68889",
        "Date_Of_Last_Update": timezone.localdate(line.project.updated_at).strftime("%d/%m/%Y"),
    }
    [record] = [record for record in read_json(client) if record["Operation_Unique_Identifier"] == line.operation_code]
    assert (record["Total_Cost_amount"], record["Project_EU_Budget"], record["Cofinancing_Rate"]) == (
        1250000.5,
        805000.0,
        80.5,
    )
    assert record["Category_Of_Intervention"] == ["016", "018"]
    assert record["Total_Eligible_Expenditure_Exchange_Rate"] is None
    assert record["Operation_Start_Date"] == "01/03/2022"


def test_national_funding_and_a_foreign_currency(client, operations):
    records = {record["Operation_Unique_Identifier"]: record for record in read_json(client)}
    national = records["rdm-1"]
    assert (national["Fund_Code"], national["Fund_Name"]) == (None, "No EU fund (national funding)")
    assert (national["Cofinancing_Rate"], national["Project_EU_Budget"]) == (0.0, 0.0)
    assert (national["Total_Cost_amount"], national["Total_Eligible_Expenditure_amount"]) == (700000.0, None)
    assert national["Beneficiary_Name"] == "Region Kassel-Land e.V."  # named, though its page is a draft
    assert national["Beneficiary_Unique_Identifier"] is None
    assert (national["Operation_Start_Date"], national["Operation_End_Date"]) == ("30/11/2021", "31/05/2024")
    krone = records[operations["krone"].operation_code]
    assert (krone["Total_Eligible_Expenditure_Currency"], krone["Total_Eligible_Expenditure_Exchange_Rate"]) == (
        "DKK",
        7.4609,
    )
    assert (krone["Fund_Code"], krone["Location_Indicator_Postcode"]) == ("Interreg", "")
    assert krone["Location_Indicator_latitude_longitude"] == "54.78000,9.43000"


def test_every_row_passes_the_validators_rules(client, operations):
    rows = read_csv(client)
    assert len(rows) == 3
    assert kohesio_errors(rows) == []


def test_the_rules_catch_what_they_check():
    good = {
        "Operation_Start_Date": "01/03/2022",
        "Operation_End_Date": "30/06/2025",
        "Location_Indicator_Postcode": "59423",
        "Location_Indicator_NUTS_code": "",
        "Location_Indicator_latitude_longitude": "",
        "Total_Eligible_Expenditure_Currency": "EUR",
        "Total_Eligible_Expenditure_Exchange_Rate": "",
        "Cofinancing_Rate": "80.50",
    }
    assert kohesio_errors([good]) == []
    assert kohesio_errors(
        [
            good | {"Operation_Start_Date": "01/07/2025"},
            good | {"Operation_End_Date": "2025-06-30"},
            good | {"Location_Indicator_Postcode": " "},
            good | {"Total_Eligible_Expenditure_Currency": "DKK"},
            good | {"Cofinancing_Rate": "100.01"},
        ]
    ) == [
        (2, "start after end"),
        (3, "Operation_End_Date is not dd/MM/yyyy"),
        (4, "no location indicator"),
        (5, "no exchange rate"),
        (6, "rate outside 0–100"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "kreis-unna"}, {"eu"}),
        ({"region": "region-der-mitte"}, {"national", "krone"}),
        ({"ags": "05978"}, {"eu"}),
        ({"ags": "05978036"}, {"eu"}),
        ({"ars": "05978"}, {"eu"}),
        ({"nuts": "DEA5"}, {"eu"}),
        ({"theme": "energie"}, {"eu"}),
        ({"municipality": "unna"}, {"eu"}),
        ({"q": "Grenzüberschreitend"}, {"krone"}),
        ({"status": "completed"}, set()),
        ({"ags": "06"}, set()),
    ],
)
def test_the_project_lists_filters_apply(client, operations, query, expected):
    codes = {operations[name].operation_code for name in expected}
    assert {row["Operation_Unique_Identifier"] for row in read_csv(client, query)} == codes
    assert {record["Operation_Unique_Identifier"] for record in read_json(client, query)} == codes


@pytest.mark.parametrize("sort", ["newest", "title", "start", "funding"])
def test_rows_follow_the_order_of_the_project_list(client, operations, sort):
    projects = list(ProjectFilter({"sort": sort}, queryset=Project.objects.published()).qs)
    order = [project.title for project in projects if project.funding_lines.exclude(operation_code=None).exists()]
    rows = read_csv(client, {"sort": sort})
    assert [row["Operation_Name_Programme_Language"] for row in rows] == order


@pytest.mark.parametrize(
    "query",
    [
        {"foo": "1"},
        {"region": "gibt-es-nicht"},
        {"ags": "abc"},
        {"nuts": "dea5"},
        {"start_year_min": "abc"},
        {"sort": "DROP TABLE"},
        {"limit": "10"},  # an API parameter: the download has all rows
    ],
)
def test_bad_or_unknown_parameters_are_a_400_naming_them(client, operations, query):
    name = next(iter(query))
    as_csv = client.get(url("csv"), query)
    as_json = client.get(url("json"), query)
    assert as_csv.status_code == 400 and as_csv["Content-Type"] == "text/plain; charset=utf-8"
    assert f"{name}:" in as_csv.content.decode()
    assert as_json.status_code == 400
    body = as_json.json()
    assert (body["parameter"], list(body["fields"])) == (name, [name])
    assert body["error"].startswith(f"Ungültige Angabe in der Adresse: „{name}“ – ")


def test_a_parameter_given_twice_and_an_unknown_csv_variant_are_refused(client, operations):
    twice = client.get(f"{url('json')}?region=kreis-unna&region=region-der-mitte")
    assert twice.status_code == 400 and twice.json()["parameter"] == "region"
    assert client.get(url("csv"), {"format": "xlsx"}).status_code == 400
    assert client.get(url("json"), {"format": "excel-de"}).status_code == 400  # JSON has no variants


def test_the_german_spreadsheet_variant(client, operations):
    _response, text = download(client, "csv", {"format": "excel-de"})
    assert text.startswith("\ufeffOperation_Unique_Identifier;Operation_Name_Programme_Language;")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    eu = next(row for row in rows if row["Operation_Unique_Identifier"] == operations["eu"].operation_code)
    assert (eu["Total_Cost_amount"], eu["Cofinancing_Rate"], eu["Operation_Start_Date"]) == (
        "1250000,50",
        "80,50",
        "01/03/2022",
    )


def test_an_empty_list_is_a_header_or_an_empty_array(client):
    _response, text = download(client, "csv")
    assert text == ",".join(COLUMNS) + "\r\n"
    assert read_json(client) == []


@pytest.mark.parametrize("count", [1, 12])
def test_queries_per_chunk_do_not_grow_with_the_rows(client, django_assert_max_num_queries, monkeypatch, count):
    monkeypatch.setattr("regionportal.opendata.exports.CHUNK_SIZE", 5)
    region = make_region(slug="kreis-unna")
    fields = InterventionField.objects.filter(code__in=["009", "010"])
    for _number in range(count):
        make_operation(project=make_project(region=region), intervention_fields=fields)
    chunks = -(-count // 5)
    # the region of the filter, then per chunk the projects, their operations and the operations' codes
    with django_assert_max_num_queries(1 + chunks * 3):
        rows = read_csv(client, {"region": "kreis-unna"})
    assert len(rows) == count


def test_the_demo_list_holds_the_region_gestalten_funding_and_passes_the_rules(client):
    call_command("load_demo", verbosity=0)
    rows = read_csv(client)
    assert kohesio_errors(rows) == []
    [row] = [row for row in rows if row["Operation_Unique_Identifier"] == "wirtschafts-region-der-mitte-1"]
    assert row["Operation_Name_Programme_Language"].startswith("(Wirtschafts-) Region der Mitte")
    assert (row["Beneficiary_Name"], row["Location_Indicator_Postcode"], row["Country"]) == (
        "Region Kassel-Land e.V.",
        "34466",
        "Germany",
    )
    assert (row["Operation_Start_Date"], row["Operation_End_Date"]) == ("30/11/2021", "31/05/2024")
    assert (row["Total_Cost_amount"], row["Cofinancing_Rate"], row["Project_EU_Budget"]) == (
        "700000.00",
        "0.00",
        "0.00",
    )
    assert (row["Fund_Code"], row["Fund_Name"]) == ("", "No EU fund (national funding)")
    assert [row["Operation_Unique_Identifier"] for row in read_csv(client, {"ags": "05978"})] == []
