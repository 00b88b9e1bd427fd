"""Figures about funding and projects ("Zahlen und Fakten") and timelines, as data ready for SVG templates.

The numbers come from the pages' own published querysets (``Project.objects.published()``, optionally
``.in_region(region)``, and their funding lines), aggregated in the database; nothing is stored twice. A region's
(or the portal's) figures are cached together under the portal's content version (``regionportal.caching.cache``), so an
edit, a publication or a withdrawal shows at once.

The SVG layout uses percentages of the drawing's width for everything horizontal, so bars and time axes
stretch to the column while the text keeps its size and stays readable on a phone.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regionportal.caching.cache import cached
from regionportal.publishing.spreadsheets import spreadsheet_safe

from .models import FundingLevel, FundingLine, FundingProgramme, Project, ProjectStatus

EURO = "euro"
COUNT = "count"

# Fill colours of the series, each at least 4.5:1 against the white background; adjacent bars are kept apart
# by a white gap and differ in pattern too (see PATTERNS and includes/stacked_bar_chart.html).
PALETTE = ["#0b4f6c", "#b34700", "#1d6b35", "#6b3fa0", "#4a535c"]
PATTERNS = ["solid", "diagonal", "vertical", "crosshatch", "dots"]
# Project statuses look the same here and on the timelines (includes/gantt.html): running solid blue, planned
# hatched orange, completed dotted grey.
STYLES = {ProjectStatus.RUNNING: 0, ProjectStatus.PLANNED: 1, ProjectStatus.COMPLETED: 4}

ROW_HEIGHT = 46  # label line, bar, gap
BAR_TOP = 20
BAR_HEIGHT = 16
BAR_SHARE = 70  # per cent of the width the longest bar takes; the rest is room for its value


@dataclass
class Series:
    label: str
    style: int  # index into PALETTE and PATTERNS

    @property
    def colour(self):
        return PALETTE[self.style]

    @property
    def pattern(self):
        return PATTERNS[self.style]


@dataclass
class Row:
    label: str
    values: list
    url: str = ""

    @property
    def total(self):
        return sum(self.values)


@dataclass
class Chart:
    slug: str
    title: str
    category: str
    unit: str
    series: list[Series]
    rows: list[Row]
    note: str = ""
    stacked: bool = False  # one bar per row made of one segment per series, with a legend and a sum column

    @property
    def height(self):
        return len(self.rows) * ROW_HEIGHT

    def header(self):
        return [self.category, *(s.label for s in self.series), *([_("Summe")] if self.stacked else [])]

    def table(self):
        """The rows as the table and the CSV show them: label, each series' value, the sum when stacked."""
        return [[row.label, *row.values, *([row.total] if self.stacked else [])] for row in self.rows]

    def bars(self):
        """Geometry for the template: per row its segments (x, width in per cent), the value label and y."""
        largest = max((row.total for row in self.rows), default=0) or 1
        bars = []
        for index, row in enumerate(self.rows):
            x, segments = 0.0, []
            for series, value in zip(self.series, row.values, strict=True):
                width = float(value) / float(largest) * BAR_SHARE
                if value:
                    segments.append({"series": series, "x": round(x, 2), "width": round(width, 2), "value": value})
                x += width
            top = index * ROW_HEIGHT
            bars.append(
                {
                    "row": row,
                    "segments": segments,
                    "end": round(x, 2),
                    "label_y": top + 14,
                    "bar_y": top + BAR_TOP,
                    "value_y": top + BAR_TOP + BAR_HEIGHT - 3,
                }
            )
        return bars

    def csv(self):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([spreadsheet_safe(cell) for cell in self.header()])
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in self.table())
        return out.getvalue()


def scope(region=None):
    """The published projects a figures page is about: the portal's, or one region's (as the region page)."""
    projects = Project.objects.published()
    return projects.in_region(region) if region is not None else projects


def _series(choices, keys):
    """One series per choice among ``keys``, in the choices' order; a choice keeps its colour on every chart."""
    order = list(choices)
    return [Series(str(choices(key).label), STYLES.get(key, order.index(key))) for key in sorted(keys, key=order.index)]


def _by_year(cells, series_keys):
    """{(series key, year): value} as rows per year, oldest first, unknown years last."""
    years = sorted({year for _key, year in cells}, key=lambda year: (year is None, year or 0))
    return [
        Row(_("ohne Jahresangabe") if y is None else str(y), [cells.get((key, y), 0) for key in series_keys])
        for y in years
    ]


def programme_url(slug):
    return reverse("projects:programme", kwargs={"slug": slug})


def funding_charts(projects):
    lines = FundingLine.objects.filter(project__in=projects, amount__isnull=False).order_by()
    amount = Series(_("Fördersumme"), 0)
    funding_note = _("Summe der Fördersummen veröffentlichter Projekte; gerundete Beträge zählen mit ihrem Wert.")

    programmes = (
        lines.values("programme", "programme__name", "programme__slug")
        .annotate(
            total=Sum("amount"),
            public=Exists(FundingProgramme.objects.published().filter(pk=OuterRef("programme"))),
        )
        .order_by("-total", "programme__name")
    )
    by_programme = Chart(
        "foerderung-programme",
        _("Förderung nach Förderprogramm"),
        _("Förderprogramm"),
        EURO,
        [amount],
        [
            Row(p["programme__name"], [p["total"]], programme_url(p["programme__slug"]) if p["public"] else "")
            for p in programmes
        ],
        funding_note,
    )

    cells = {
        (row["programme__level"], row["year"]): row["total"]
        for row in lines.annotate(year=ExtractYear(Coalesce("start_date", "project__start_date")))
        .values("programme__level", "year")
        .annotate(total=Sum("amount"))
    }
    main_levels = [FundingLevel.EU, FundingLevel.FEDERAL, FundingLevel.STATE, FundingLevel.COUNTY]
    present = {level for level, _year in cells}
    by_level = Chart(
        "foerderung-ebenen",
        _("Förderung nach Förderebene"),
        _("Förderebene"),
        EURO,
        [amount],
        [
            Row(str(FundingLevel(level).label), [sum((v for (lv, _y), v in cells.items() if lv == level), Decimal(0))])
            for level in FundingLevel
            if present and (level in main_levels or level in present)
        ],
        funding_note,
    )
    levels = _series(FundingLevel, present)
    by_year = Chart(
        "foerderung-jahre",
        _("Förderung nach Jahr und Förderebene"),
        _("Jahr"),
        EURO,
        levels,
        _by_year(cells, sorted(present, key=list(FundingLevel).index)),
        _("Jahr des Förderbeginns, sonst des Projektbeginns.") + " " + funding_note,
        stacked=True,
    )

    themes = (
        lines.values("project__themes__name").annotate(total=Sum("amount")).order_by("-total", "project__themes__name")
    )
    by_theme = Chart(
        "foerderung-themen",
        _("Förderung nach Thema"),
        _("Thema"),
        EURO,
        [amount],
        [Row(t["project__themes__name"] or _("ohne Thema"), [t["total"]]) for t in themes],
        _("Ein Projekt mit mehreren Themen zählt bei jedem seiner Themen mit voller Summe.") + " " + funding_note,
    )
    return [by_programme, by_level, by_theme, by_year]


def project_charts(projects):
    cells = {
        (row["status"], row["year"]): row["count"]
        for row in projects.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("status", "year")
        .annotate(count=Count("pk"))
    }
    statuses = sorted({status for status, _year in cells}, key=list(ProjectStatus).index)
    number = Series(_("Projekte"), 0)  # every status is listed, 0 too, as soon as there is any project
    by_status = Chart(
        "projekte-stand",
        _("Projekte nach Stand"),
        _("Projektstand"),
        COUNT,
        [number],
        [
            Row(str(ProjectStatus(status).label), [sum(v for (s, _y), v in cells.items() if s == status)])
            for status in ProjectStatus
            if cells
        ],
    )
    by_start = Chart(
        "projekte-startjahr",
        _("Projekte nach Startjahr und Stand"),
        _("Startjahr"),
        COUNT,
        _series(ProjectStatus, statuses),
        _by_year(cells, statuses),
        stacked=True,
    )
    return [by_status, by_start]


# --- Timelines ----------------------------------------------------------------------------------------------

TIMELINE_ROW = 40
TIMELINE_AXIS = 28  # room for the year labels above the rows


@dataclass
class TimelineRow:
    label: str
    start: date
    end: date | None
    style: str  # CSS modifier: a project status, "period" or "milestone"
    url: str = ""
    obj: object = None
    geometry: dict = field(default_factory=dict)


@dataclass
class Timeline:
    rows: list[TimelineRow]
    ticks: list
    today: float | None
    height: int
    styles: list[str]


def timeline(rows, today=None):
    """Lay rows out on a common time axis of whole years; a row without end is open towards the right edge."""
    if not rows:
        return None
    today = today or timezone.localdate()
    dates = [d for row in rows for d in (row.start, row.end) if d] + [today]
    first, last = date(min(dates).year, 1, 1), date(max(dates).year + 1, 1, 1)
    span = (last - first).days

    def pct(day):
        return round(1 + (day - first).days / span * 97, 2)

    for index, row in enumerate(rows):
        top = TIMELINE_AXIS + index * TIMELINE_ROW
        end = pct(row.end) if row.end else 99
        row.geometry = {"x": pct(row.start), "width": max(round(end - pct(row.start), 2), 0.4), "label_y": top + 14}
        row.geometry |= {"bar_y": top + 20, "mid_y": top + 27, "end": end}
    years = range(first.year, last.year + 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if len(years) / s <= 9)
    # A line at each year's start; the label right of it names the year that begins there (none after the end).
    ticks = [(year if year % step == 0 and year < last.year else "", pct(date(year, 1, 1))) for year in years]
    height = TIMELINE_AXIS + len(rows) * TIMELINE_ROW
    return Timeline(rows, ticks, pct(today), height, sorted({row.style for row in rows}))


def region_timeline(projects):
    """The region's projects with a known start, each as a bar from start to end, styled by status."""
    rows = [
        TimelineRow(p.title, p.start_date, p.end_date, p.status, p.get_absolute_url(), p)
        for p in projects.filter(start_date__isnull=False)
        .only("title", "slug", "status", "start_date", "start_precision", "end_date", "end_precision")
        .order_by("start_date", "title")
    ]
    return timeline(rows)


def milestone_timeline(project, milestones):
    """The project's period as the first row, then each milestone as a point in time."""
    rows = []
    if project.start_date:
        rows.append(TimelineRow(_("Projektlaufzeit"), project.start_date, project.end_date, "period"))
    rows += [TimelineRow(m.title, m.date, m.date, "milestone", m.url, m) for m in milestones]
    return timeline(rows)


def figures(region=None):
    """All charts of a figures page (and the region's timeline), cached until the content changes."""

    def compute():
        projects = scope(region)
        return {
            "charts": funding_charts(projects) + project_charts(projects),
            "timeline": region_timeline(projects) if region is not None else None,
        }

    return cached(f"figures:{region.pk if region else 'all'}:{get_language()}", compute)
