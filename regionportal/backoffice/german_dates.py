"""Points in time as German editors type and read them, in the back office: 24.06.2026 14:00 · 24.6.2026, 9.30 Uhr.

Read: day.month.year with a four-digit year and a time (seconds optional), or ISO 8601 as a browser's date picker
sends it (2026-06-24T14:00). Refused with a German message, nothing guessed: a two-digit year, slashes (06/07/2026 is
the 6th of July to one reader and the 7th of June to another), a missing time, a day that does not exist
(31.02.2026), a time the clock skips when summer time begins, and a time that happens twice when it ends, unless
"MEZ" or "MESZ" says which one.

Shown: "24.06.2026, 14:00 Uhr (MESZ)" – with the zone, since a schedule half a year ahead crosses a clock change.
"""

import re
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EXAMPLE = "24.06.2026 14:00"
GERMAN = re.compile(
    r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}),?\s+(?:um\s+)?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*Uhr)?(?:\s*\(?(?P<zone>MESZ|MEZ)\)?)?$",
    re.IGNORECASE,
)
ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?$"
)
TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2}(?!\d)")
DATE_ONLY = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$")
SUMMER_TIME = {"MESZ": True, "MEZ": False}


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params={"example": EXAMPLE, **params})


def _check_shape(text):
    if not text:
        _refuse(_("Bitte geben Sie Datum und Uhrzeit ein, z. B. %(example)s."), "required")
    if "/" in text:
        _refuse(
            _(
                "„%(value)s“ ist mehrdeutig: Mit Schrägstrichen liest jeder Tag und Monat anders. Bitte schreiben Sie "
                "Tag.Monat.Jahr mit Uhrzeit, z. B. %(example)s."
            ),
            "ambiguous",
            value=text[:40],
        )
    if TWO_DIGIT_YEAR.match(text):
        _refuse(_("Bitte geben Sie das Jahr vierstellig an, z. B. %(example)s."), "short_year")
    if DATE_ONLY.match(text):
        _refuse(_("Bitte geben Sie auch die Uhrzeit an, z. B. %(example)s."), "no_time")


def _wall_clock(match):
    parts = {name: int(match[name] or 0) for name in ("year", "month", "day", "hour", "minute", "second")}
    try:
        datetime(parts["year"], parts["month"], parts["day"])
    except ValueError:
        _refuse(_("Den %(date)s gibt es nicht."), "no_such_day", date="{day:02}.{month:02}.{year}".format(**parts))
    try:
        return datetime(**parts)
    except ValueError:
        _refuse(_("Die Uhrzeit %(time)s gibt es nicht."), "no_such_time", time="{hour:02}:{minute:02}".format(**parts))


def parse_german_datetime(text):
    """The aware ``datetime`` ``text`` stands for in the portal's time zone; ``ValidationError`` if it is not one
    point in time (see the module)."""
    text = " ".join(str(text).replace("\u00a0", " ").split())
    _check_shape(text)
    match = GERMAN.match(text) or ISO.match(text)
    if match is None:
        _refuse(
            _("„%(value)s“ lässt sich nicht als Datum mit Uhrzeit lesen. Bitte so: %(example)s."),
            "invalid",
            value=text[:40],
        )
    naive = _wall_clock(match)
    zone = timezone.get_current_timezone()
    candidates = [naive.replace(tzinfo=zone, fold=fold) for fold in (0, 1)]
    day, clock = date_format(naive, "SHORT_DATE_FORMAT"), date_format(naive, "TIME_FORMAT")
    existing = [moment for moment in candidates if moment.astimezone(UTC).astimezone(zone) == moment]
    if not existing:
        _refuse(
            _(
                "Am %(date)s gibt es die Uhrzeit %(time)s nicht: Die Uhr wird auf Sommerzeit vorgestellt. Bitte "
                "wählen Sie eine andere Uhrzeit."
            ),
            "skipped",
            date=day,
            time=clock,
        )
    wanted = (match.groupdict().get("zone") or "").upper()
    if wanted:
        matching = [moment for moment in existing if bool(moment.dst()) == SUMMER_TIME[wanted]]
        if not matching:
            _refuse(
                _("Am %(date)s um %(time)s gilt %(right)s, nicht %(zone)s."),
                "wrong_zone",
                date=day,
                time=clock,
                right=zone_name(existing[0]),
                zone=wanted,
            )
        existing = matching
    if len({moment.utcoffset() for moment in existing}) > 1:
        _refuse(
            _(
                "Am %(date)s gibt es %(time)s zweimal, weil die Sommerzeit endet. Bitte schreiben Sie dazu, welche "
                "gemeint ist: „%(date)s %(time)s MESZ“ (die erste) oder „%(date)s %(time)s MEZ“ (die zweite)."
            ),
            "repeated",
            date=day,
            time=clock,
        )
    return existing[0]


def zone_name(moment):
    """MEZ or MESZ (CET or CEST in English) for an aware local time; the zone's own name elsewhere."""
    names = {"CET": gettext("MEZ"), "CEST": gettext("MESZ")}
    return names.get(moment.tzname(), moment.tzname())


def german_datetime(value):
    """``value`` as an editor reads it, with its zone: 24.06.2026, 14:00 Uhr (MESZ)."""
    local = timezone.localtime(value)
    return gettext("%(date)s, %(time)s Uhr (%(zone)s)") % {
        "date": date_format(local, "SHORT_DATE_FORMAT"),
        "time": date_format(local, "TIME_FORMAT"),
        "zone": zone_name(local),
    }
