"""The EU list of operations on the funding lines (Regulation (EU) 2021/1060, Art. 49(3)): what an operation must
carry, refused with a German message at the field concerned and nothing stored; the database refuses it too."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Currency, Fund, FundingLine, InterventionField

from ..factories import make_operation, make_organisation, make_programme, make_project

pytestmark = pytest.mark.django_db


def test_a_complete_operation_is_stored_with_its_eu_share():
    line = make_operation(intervention_fields=InterventionField.objects.filter(code__in=["009", "010"]))
    line.refresh_from_db()
    assert line.eu_share == Decimal("805000.00")  # 80.5 % of the eligible 1.000.000,00
    assert [field.code for field in line.intervention_fields.all()] == ["009", "010"]
    assert FundingLine.objects.operations().get() == line


def test_national_funding_has_no_fund_and_no_eu_share():
    line = make_operation(fund=Fund.NONE, cofinancing_rate=Decimal("0"), eligible_cost=None)
    assert line.eu_share == Decimal("0.00")


def test_a_funding_line_without_operation_code_needs_none_of_it():
    line = FundingLine(project=make_project(), programme=make_programme(), amount=Decimal("1000"))
    line.full_clean()
    assert line.eu_share is None


def test_the_annex_codes_are_loaded_by_migration():
    assert InterventionField.objects.count() == 157
    assert str(InterventionField.objects.get(code="001")).startswith(
        "001 – Investment in fixed assets, including research infrastructure, in micro enterprises"
    )
    assert not InterventionField.objects.filter(code="015").exists()  # shortened in the source: left out


BAD_INPUT = [
    ({"end_date": date(2022, 2, 28)}, "end_date", "Das Ende liegt vor dem Beginn."),
    ({"eligible_cost": Decimal("1250000.51")}, "eligible_cost", "höher als die Gesamtkosten"),
    ({"cofinancing_rate": Decimal("100.01")}, "cofinancing_rate", "kleiner oder gleich 100"),
    ({"cofinancing_rate": Decimal("-0.5")}, "cofinancing_rate", "größer oder gleich 0"),
    ({"postcode": ""}, "postcode", "mindestens eine Ortsangabe"),
    ({"postcode": "5942"}, "postcode", "5 Ziffern"),
    ({"postcode": "D-59423"}, "postcode", "5 Ziffern"),
    ({"nuts_code": "DEZ5C"}, "nuts_code", "deutscher NUTS-Code"),
    ({"nuts_code": "dea5c"}, "nuts_code", "deutscher NUTS-Code"),
    ({"nuts_code": "DE"}, "nuts_code", "deutscher NUTS-Code"),
    ({"nuts_code": "FR101"}, "nuts_code", "deutscher NUTS-Code"),
    ({"latitude": Decimal("51.5")}, "longitude", "Breiten- und Längengrad"),
    ({"latitude": Decimal("40"), "longitude": Decimal("7")}, "latitude", "größer oder gleich 47"),
    ({"currency": Currency.DKK}, "exchange_rate", "Wechselkurs zum Euro nötig"),
    ({"exchange_rate": Decimal("1.1")}, "exchange_rate", "Beträge in Euro haben keinen Wechselkurs"),
    ({"currency": "XYZ", "exchange_rate": Decimal("2")}, "currency", "keine gültige Option"),
    ({"fund": Fund.NONE, "cofinancing_rate": Decimal("50")}, "cofinancing_rate", "Ohne EU-Fonds"),
    ({"fund": "ERDF+"}, "fund", "keine gültige Option"),
    ({"operation_code": "OP 1"}, "operation_code", "keine Leerzeichen"),
    ({"operation_code": "=HYPERLINK(1)"}, "operation_code", "am Anfang ein Buchstabe oder eine Ziffer"),
    ({"beneficiary": None}, "beneficiary", "nötig, weil ein Kennzeichen angegeben ist"),
    ({"fund": ""}, "fund", "nötig, weil ein Kennzeichen angegeben ist"),
    ({"total_cost": None}, "total_cost", "nötig, weil ein Kennzeichen angegeben ist"),
    ({"cofinancing_rate": None}, "cofinancing_rate", "nötig, weil ein Kennzeichen angegeben ist"),
    ({"start_date": None}, "start_date", "nötig, weil ein Kennzeichen angegeben ist"),
    ({"end_date": None}, "end_date", "nötig, weil ein Kennzeichen angegeben ist"),
    ({"eligible_cost": None}, "eligible_cost", "nötig, weil ein Kennzeichen angegeben ist"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT, ids=[case[1] for case in BAD_INPUT])
def test_bad_input_gets_a_german_message_at_its_field_and_nothing_is_stored(changes, field, message):
    before = FundingLine.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_operation(**changes)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert FundingLine.objects.count() == before


def test_an_operation_code_is_unique():
    make_operation(operation_code="2021DE16RFPR001-0001")
    with pytest.raises(ValidationError) as refused:
        make_operation(operation_code="2021DE16RFPR001-0001")
    assert "existiert bereits" in " ".join(refused.value.message_dict["operation_code"])


def test_lines_without_code_do_not_collide():
    project, programme = make_project(), make_programme()
    for _number in range(2):
        FundingLine(project=project, programme=programme).full_clean()
        FundingLine.objects.create(project=project, programme=programme)
    assert FundingLine.objects.filter(operation_code__isnull=True).count() == 2


def test_a_foreign_currency_with_its_rate_and_a_location_by_nuts_or_coordinates():
    line = make_operation(currency=Currency.DKK, exchange_rate=Decimal("7.4609"), postcode="", nuts_code="DEF0C")
    assert (line.currency, line.nuts_code, line.nuts_version) == ("DKK", "DEF0C", 2021)
    make_operation(postcode="", latitude=Decimal("51.28305"), longitude=Decimal("9.14218"))


def valid_row(**changes):
    """The fields of a complete operation, for rows written past the model's validation."""
    values = {
        "project": make_project(),
        "programme": make_programme(),
        "operation_code": "OP-1",
        "beneficiary": make_organisation(),
        "total_cost": Decimal("100"),
        "eligible_cost": Decimal("100"),
        "fund": Fund.ERDF,
        "cofinancing_rate": Decimal("60"),
        "start_date": date(2022, 1, 1),
        "end_date": date(2023, 1, 1),
        "postcode": "59423",
    }
    return values | changes


@pytest.mark.parametrize(
    "changes",
    [
        {"end_date": date(2021, 12, 31)},
        {"eligible_cost": Decimal("100.01")},
        {"total_cost": Decimal("-1"), "eligible_cost": None},
        {"cofinancing_rate": Decimal("100.5")},
        {"cofinancing_rate": Decimal("-1")},
        {"postcode": ""},
        {"postcode": "1234a"},
        {"nuts_code": "XX1"},
        {"latitude": Decimal("51.5")},
        {"currency": "DKK"},
        {"exchange_rate": Decimal("7.46")},
        {"currency": "DKK", "exchange_rate": Decimal("0")},
        {"currency": "usd", "exchange_rate": Decimal("1.1")},
        {"fund": "none", "cofinancing_rate": Decimal("10")},
        {"fund": "EFRE"},
        {"operation_code": "OP 1"},
        {"beneficiary": None},
        {"fund": ""},
        {"start_date": None},
        {"eligible_cost": None},
    ],
)
def test_the_database_refuses_what_validation_refuses(changes):
    row = valid_row(**changes)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingLine.objects.create(**row)


def test_the_database_takes_a_complete_operation():
    FundingLine.objects.create(**valid_row())
    FundingLine.objects.create(**valid_row(operation_code="OP-2", fund="none", cofinancing_rate=0, eligible_cost=None))
