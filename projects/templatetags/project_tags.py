"""Template helpers for project pages: dates as precise as they are known, and the municipality map."""

import math

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

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


MAP_WIDTH = 640
MAP_PADDING = {"left": 16, "right": 150, "top": 24, "bottom": 24}  # room on the right for the labels


def map_points(municipalities, width=MAP_WIDTH):
    """Equirectangular projection, corrected by cos(mean latitude), scaled to fit ``width``."""
    located = [m for m in municipalities if m.latitude is not None and m.longitude is not None]
    if not located:
        return [], 0
    squeeze = math.cos(math.radians(sum(float(m.latitude) for m in located) / len(located)))
    xs = [float(m.longitude) * squeeze for m in located]
    ys = [-float(m.latitude) for m in located]
    inner = width - MAP_PADDING["left"] - MAP_PADDING["right"]
    scale = inner / (max(max(xs) - min(xs), max(ys) - min(ys)) or 1)
    points = [
        {
            "municipality": m,
            "x": round(MAP_PADDING["left"] + (x - min(xs)) * scale, 1),
            "y": round(MAP_PADDING["top"] + (y - min(ys)) * scale, 1),
        }
        for m, x, y in zip(located, xs, ys, strict=True)
    ]
    height = round(MAP_PADDING["top"] + (max(ys) - min(ys)) * scale + MAP_PADDING["bottom"])
    return points, height


@register.inclusion_tag("includes/municipality_map.html")
def municipality_map(municipalities, caption, heading_id):
    """Dots on an inline SVG map, each a link, plus a table with the same municipalities."""
    municipalities = list(municipalities)
    points, height = map_points(municipalities)
    return {
        "municipalities": municipalities,
        "points": points,
        "width": MAP_WIDTH,
        "height": height,
        "caption": caption,
        "map_id": heading_id,
    }
