"""Points in time as German editors type and read them (regionportal.backoffice.german_dates)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regionportal.backoffice.german_dates import german_datetime, parse_german_datetime


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("24.06.2030 14:00", datetime(2030, 6, 24, 12, 0, tzinfo=UTC)),
        ("24.6.2030, 9.05 Uhr", datetime(2030, 6, 24, 7, 5, tzinfo=UTC)),
        ("24.06.2030 um 14:00:30 Uhr", datetime(2030, 6, 24, 12, 0, 30, tzinfo=UTC)),
        ("2030-06-24T14:00", datetime(2030, 6, 24, 12, 0, tzinfo=UTC)),  # a date picker's value
        ("15.01.2031 09:30 (MEZ)", datetime(2031, 1, 15, 8, 30, tzinfo=UTC)),
        ("27.10.2030 02:30 MESZ", datetime(2030, 10, 27, 0, 30, tzinfo=UTC)),  # the first 02:30
        ("27.10.2030 02:30 mez", datetime(2030, 10, 27, 1, 30, tzinfo=UTC)),  # the second
    ],
)
def test_german_input_is_read(typed, utc):
    assert parse_german_datetime(typed).astimezone(UTC) == utc


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("31.02.2030 10:00", "no_such_day"),
        ("24.06.2030 24:00", "no_such_time"),
        ("06/07/2030 10:00", "ambiguous"),
        ("24.06.30 10:00", "short_year"),
        ("24.06.2030", "no_time"),
        ("", "required"),
        ("morgen früh", "invalid"),
        ("31.03.2030 02:30", "skipped"),
        ("27.10.2030 02:30", "repeated"),
        ("24.06.2030 14:00 MEZ", "wrong_zone"),
    ],
)
def test_what_is_not_one_point_in_time_is_refused(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_german_datetime(typed)
    assert refused.value.code == code


def test_shown_with_its_zone_in_german_and_english():
    summer, winter = datetime(2030, 6, 24, 12, 0, tzinfo=UTC), datetime(2031, 1, 15, 8, 30, tzinfo=UTC)

    assert german_datetime(summer) == "24.06.2030, 14:00 Uhr (MESZ)"
    assert german_datetime(winter) == "15.01.2031, 09:30 Uhr (MEZ)"
    with translation.override("en"):
        assert german_datetime(summer) == "24 Jun 2030, 14:00 (CEST)"
