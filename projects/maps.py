"""Municipality maps drawn on the server: projected coordinates, sized dots, labels that do not overlap.

Projection: the coordinates are projected to ETRS89 / UTM zone 32N (EPSG:25832), the transverse Mercator grid
German surveying authorities publish their geodata in. Zone 32 (central meridian 9° E) is used for all of
Germany, as the federal agencies do: it is conformal, so shapes and bearings stay true, and the scale error at
15° E is under 0.1 %, far below what a drawing a few hundred pixels wide can show. The forward formulas are
Krüger's series to the third order in the third flattening (Snyder 1987; Karney 2011), accurate to a
millimetre within the zone.
"""

import hashlib
import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import get_language

from regionportal.caching.cache import cached

from .models import Membership, Municipality

# GRS80 ellipsoid, UTM zone 32N.
SEMI_MAJOR_AXIS = 6_378_137.0
FLATTENING = 1 / 298.257222101
SCALE_FACTOR = 0.9996
CENTRAL_MERIDIAN = math.radians(9)
FALSE_EASTING = 500_000.0

_N = FLATTENING / (2 - FLATTENING)
_RECTIFYING_RADIUS = SEMI_MAJOR_AXIS / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ALPHA = (_N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16, 13 * _N**2 / 48 - 3 * _N**3 / 5, 61 * _N**3 / 240)
_E = 2 * math.sqrt(_N) / (1 + _N)  # first eccentricity


def utm32(latitude, longitude):
    """(easting, northing) in metres of a point given in degrees, in ETRS89 / UTM zone 32N."""
    phi = math.radians(latitude)
    delta = math.radians(longitude) - CENTRAL_MERIDIAN
    t = math.sinh(math.atanh(math.sin(phi)) - _E * math.atanh(_E * math.sin(phi)))
    xi = math.atan2(t, math.cos(delta))
    eta = math.atanh(math.sin(delta) / math.sqrt(1 + t * t))
    easting = eta + sum(a * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, a in enumerate(_ALPHA, 1))
    northing = xi + sum(a * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, a in enumerate(_ALPHA, 1))
    return FALSE_EASTING + SCALE_FACTOR * _RECTIFYING_RADIUS * easting, SCALE_FACTOR * _RECTIFYING_RADIUS * northing


WIDTH = 640
MAX_HEIGHT = 520
MARGIN = 20
FONT_SIZE = 12
CHAR_WIDTH = 0.58 * FONT_SIZE  # an estimate of the average glyph width of the portal's sans-serif fonts
MAX_LABELS = 60  # at most: highlighted places first, then those with most projects, then the largest
CACHE_SECONDS = 60 * 60

# Dot size by number of projects: (at least, radius, legend key). The legend shows the same sizes.
SIZE_CLASSES = [(5, 11, "many"), (2, 8, "some"), (1, 6, "one"), (0, 4, "none")]
HIGHLIGHT_RADIUS = 7
# Without counts (the project page) the dots only say whether the municipality takes part.
LEGEND_ORDER = ["none", "one", "some", "many", "involved", "other"]


@dataclass
class Point:
    municipality: Municipality
    x: float
    y: float
    radius: int
    size: str
    count: int | None
    highlighted: bool
    label: dict | None = field(default=None)


def size_class(count):
    return next((radius, key) for at_least, radius, key in SIZE_CLASSES if count >= at_least)


def _label_box(point, placement):
    """The label's bounding box for a placement (dx, dy, anchor) around its dot."""
    width = len(point.municipality.name) * CHAR_WIDTH
    dx, dy, anchor = placement
    x = point.x + dx * (point.radius + 3)
    y = point.y + dy * (point.radius + 3) + (FONT_SIZE / 2 - 2 if dy == 0 else (FONT_SIZE - 2 if dy > 0 else 0))
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return {"x": round(x, 1), "y": round(y, 1), "anchor": anchor}, (left, y - FONT_SIZE + 2, left + width, y + 2)


PLACEMENTS = [(1, 0, "start"), (-1, 0, "end"), (0, -1, "middle"), (0, 1, "middle"), (1, -1, "start"), (-1, -1, "end")]


def _overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points, width, height):
    """Greedy placement: the most important dots first, each label where it hits no other label or dot."""
    candidates = sorted(
        points, key=lambda p: (not p.highlighted, -(p.count or 0), -(p.municipality.population or 0), p.x)
    )
    dots = [(p.x - p.radius, p.y - p.radius, p.x + p.radius, p.y + p.radius) for p in points]
    taken = []
    for point in candidates[:MAX_LABELS]:
        for placement in PLACEMENTS:
            label, box = _label_box(point, placement)
            inside = box[0] >= 2 and box[1] >= 2 and box[2] <= width - 2 and box[3] <= height - 2
            own = (point.x - point.radius, point.y - point.radius, point.x + point.radius, point.y + point.radius)
            if inside and not any(_overlaps(box, other) for other in taken + [d for d in dots if d != own]):
                point.label = label
                taken.append(box)
                break


def layout(municipalities, counts=None, highlighted=()):
    """Project, scale to fit ``WIDTH`` × at most ``MAX_HEIGHT``, size the dots and place the labels."""
    located = [m for m in municipalities if m.latitude is not None and m.longitude is not None]
    if not located:
        return [], 0
    grid = [utm32(float(m.latitude), float(m.longitude)) for m in located]
    east = [e for e, _n in grid]
    north = [n for _e, n in grid]
    span_x, span_y = max(east) - min(east), max(north) - min(north)
    inner_width, inner_height = WIDTH - 2 * MARGIN * 4, MAX_HEIGHT - 2 * MARGIN  # room for labels at the sides
    scale = min(inner_width / span_x if span_x else math.inf, inner_height / span_y if span_y else math.inf)
    if scale == math.inf:
        scale = 0
    height = max(round(span_y * scale + 2 * MARGIN), 4 * MARGIN)
    offset_x = (WIDTH - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2
    highlighted = {m.pk for m in highlighted}
    points = []
    for municipality, (e, n) in zip(located, grid, strict=True):
        count = None if counts is None else counts.get(municipality.pk, 0)
        is_highlighted = municipality.pk in highlighted
        if count is None:
            radius, size = (HIGHLIGHT_RADIUS, "involved") if is_highlighted else (4, "other")
        else:
            radius, size = size_class(count)
        points.append(
            Point(
                municipality=municipality,
                x=round(offset_x + (e - min(east)) * scale, 1),
                y=round(offset_y + (max(north) - n) * scale, 1),
                radius=radius,
                size=size,
                count=count,
                highlighted=is_highlighted,
            )
        )
    place_labels(points, WIDTH, height)
    return points, height


def region_members(regions):
    """Current members of the regions, as the region page lists them, each once."""
    current = Membership.objects.members().filter(region__in=regions)
    return Municipality.objects.filter(memberships__in=current).select_related("state").distinct().order_by("name")


def render(municipalities, *, of, caption, map_id, counts=False, highlighted=(), table=True):
    """The map's HTML (figure, legend, table) on the page of ``of``, kept until the content changes.

    The cache key names the page's object and what the template asks for, so querysets given as ``municipalities``
    or ``highlighted`` run only when the map is drawn; any edit changes the content version and with it the key
    (regionportal.caching.cache.cached). With ``counts``, the dots are sized by each municipality's ``project_count``.
    """
    key = ":".join(
        ["map", get_language(), of._meta.label_lower, str(of.pk), map_id, str(table), str(counts)]
        + [hashlib.sha256(str(caption).encode()).hexdigest()]
    )
    return cached(key, lambda: draw(municipalities, caption, map_id, counts, highlighted, table), limit=CACHE_SECONDS)


def draw(municipalities, caption, map_id, counts, highlighted, table):
    highlighted = [highlighted] if isinstance(highlighted, Municipality) else list(highlighted)
    municipalities = list(municipalities)
    shown = {m.pk for m in municipalities}
    municipalities += [m for m in highlighted if m.pk not in shown]  # e.g. a project's town outside its region
    counts = {m.pk: getattr(m, "project_count", 0) for m in municipalities} if counts else None
    points, height = layout(municipalities, counts, highlighted)
    return render_to_string(
        "includes/municipality_map.html",
        {
            "points": points,
            "labelled": [p for p in points if p.label],
            "width": WIDTH,
            "height": height,
            "sizes": sorted({p.size for p in points}, key=LEGEND_ORDER.index),
            "rows": [(m, None if counts is None else counts[m.pk]) for m in municipalities],
            "counts": counts is not None,
            "highlighted": bool(highlighted),
            "table": table,
            "caption": caption,
            "map_id": map_id,
            "unlabelled": len(points) - sum(1 for p in points if p.label),
        },
    )
