"""Template helpers for project pages: dates as precise as they are known, the municipality map, timelines."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

from projects import charts, maps
from projects.models import DatePrecision

register = template.Library()


DATE_FORMATS = {
    DatePrecision.DAY: ("DATE_FORMAT", "Y-m-d"),
    DatePrecision.MONTH: ("YEAR_MONTH_FORMAT", "Y-m"),
    DatePrecision.YEAR: ("Y", "Y"),
}


@register.simple_tag
def precise_date(value, precision=DatePrecision.DAY):
    """``<time>`` showing only what is known: "23. Juni 2020", "November 2021" or "2021"."""
    if not value:
        return ""
    shown, machine = DATE_FORMATS.get(precision, DATE_FORMATS[DatePrecision.DAY])
    return format_html('<time datetime="{}">{}</time>', date_format(value, machine), date_format(value, shown))


@register.simple_tag
def municipality_map(municipalities, of, caption, heading_id, counts=False, highlighted=(), table=True):
    """Dots on an inline SVG map, each a link, plus a table with the same municipalities (see projects.maps)."""
    return maps.render(
        municipalities, of=of, caption=caption, map_id=heading_id, counts=counts, highlighted=highlighted, table=table
    )


@register.inclusion_tag("includes/gantt.html")
def milestone_timeline(project, milestones, caption):
    """The project's period and its milestones (as the page lists them) on a time axis, today marked."""
    return {
        "timeline": charts.milestone_timeline(project, milestones),
        "gantt_id": f"project-{project.pk}-gantt",
        "caption": caption,
    }
