"""Municipality maps: UTM 32N projection, sized dots with a legend, labels without overlap, data as in the table."""

import re

import pytest
from django.core.management import call_command

from projects import maps
from projects.models import Membership, Region
from regionportal.publishing.models import PublicationState
from tests.charts.helpers import SVG, svg_elements, table_rows
from tests.factories import make_municipality, make_project, make_region

pytestmark = pytest.mark.django_db


def test_utm32_matches_the_reference_values():
    # On the central meridian the northing is the meridian arc times the scale factor:
    # 4 984 944.378 m from the equator to 45° N on the GRS80 ellipsoid.
    easting, northing = maps.utm32(45, 9)
    assert easting == pytest.approx(500_000, abs=0.001)
    assert northing == pytest.approx(0.9996 * 4_984_944.378, abs=0.01)
    west, east = maps.utm32(51.5, 7), maps.utm32(51.5, 11)
    assert west[0] + east[0] == pytest.approx(1_000_000, abs=0.01) and west[1] == pytest.approx(east[1], abs=0.01)
    # A degree of longitude is shorter than a degree of latitude in Germany.
    assert maps.utm32(51.5, 8)[0] - west[0] < maps.utm32(52.5, 7)[1] - west[1]


def test_layout_puts_north_up_and_east_right_and_fits_the_width():
    west = make_municipality(name="West", latitude="51.5", longitude="7.0")
    east = make_municipality(name="Ost", latitude="51.5", longitude="8.0")
    north = make_municipality(name="Nord", latitude="52.0", longitude="7.5")
    nowhere = make_municipality(name="Ohne Lage", latitude=None, longitude=None)
    points, height = maps.layout([west, east, north, nowhere], counts={west.pk: 3})
    by_name = {point.municipality.name: point for point in points}
    assert set(by_name) == {"West", "Ost", "Nord"}
    assert by_name["West"].x < by_name["Nord"].x < by_name["Ost"].x
    assert by_name["Nord"].y < by_name["West"].y
    assert all(0 < p.x < maps.WIDTH and 0 < p.y < height <= maps.MAX_HEIGHT for p in points)
    assert (by_name["West"].size, by_name["Ost"].size) == ("some", "none")
    assert by_name["West"].radius > by_name["Ost"].radius
    assert maps.layout([nowhere]) == ([], 0)
    (single,), _height = maps.layout([west])
    assert single.x == maps.WIDTH / 2


def label_boxes(points):
    return [maps._label_box(p, (dx, dy, p.label["anchor"]))[1] for p in points if p.label for dx, dy in [_dxdy(p)]]


def _dxdy(point):
    """The placement a label was given, recovered from its position relative to the dot."""
    return next(
        (dx, dy)
        for dx, dy, anchor in maps.PLACEMENTS
        if anchor == point.label["anchor"] and maps._label_box(point, (dx, dy, anchor))[0] == point.label
    )


def test_labels_never_overlap_each_other_for_a_crowded_region():
    towns = [
        make_municipality(
            name=f"Ort {n:02d}", latitude=f"{51 + (n % 8) * 0.05:.5f}", longitude=f"{7 + n // 8 * 0.1:.5f}"
        )
        for n in range(60)
    ]
    points, _height = maps.layout(towns, counts={})
    boxes = label_boxes(points)
    assert len(boxes) > 20  # most get a label
    for i, a in enumerate(boxes):
        assert not any(maps._overlaps(a, b) for b in boxes[i + 1 :])


def test_region_page_map_links_every_member_and_agrees_with_its_table(client):
    unna = make_municipality(name="Unna", latitude="51.53", longitude="7.69")
    selm = make_municipality(name="Selm", latitude="51.69", longitude="7.47")
    region = make_region(members=[unna, selm], name="Kreis Unna")
    make_project(region=region).municipalities.add(unna)
    make_project(region=region).municipalities.add(unna)
    make_project(region=region, state=PublicationState.DRAFT).municipalities.add(selm)  # not counted
    page = client.get(region.get_absolute_url()).content.decode()
    (svg,) = svg_elements(page, "map")
    links = {a.get("href"): a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")}
    assert links == {unna.get_absolute_url(): "Unna (2 Projekte)", selm.get_absolute_url(): "Selm (0 Projekte)"}
    rows = {row[0]: row[-1] for row in table_rows(page, "region-map-rows")}
    assert rows == {"Selm": "0", "Unna": "2"}
    assert "2 bis 4 Projekte (mittlerer Punkt)" in page and "kein Projekt (hohler Kreis)" in page


def test_municipality_page_shows_it_ringed_among_its_regions_members(client):
    town = make_municipality(name="Bergkamen")
    region = make_region(members=[town, make_municipality(name="Kamen", latitude="51.59", longitude="7.66")])
    page = client.get(town.get_absolute_url()).content.decode()
    (svg,) = svg_elements(page, "map")
    assert len(list(svg.iter(f"{SVG}a"))) == 2
    assert len([c for c in svg.iter(f"{SVG}circle") if c.get("class") == "ring"]) == 1
    assert "diese Kommune (mit Ring)" in page and region.name in page


def test_project_page_highlights_its_municipalities_within_the_lead_region(client):
    involved = make_municipality(name="Werne", latitude="51.66", longitude="7.63")
    other = make_municipality(name="Bönen", latitude="51.6", longitude="7.76")
    outside = make_municipality(name="Hamm", latitude="51.68", longitude="7.82")  # not a member, still shown
    project = make_project(region=make_region(members=[involved, other]))
    project.municipalities.add(involved, outside)
    page = client.get(project.get_absolute_url()).content.decode()
    (svg,) = svg_elements(page, "map")
    sizes = {a.find(f"{SVG}title").text: a.find(f"{SVG}circle").get("class") for a in svg.iter(f"{SVG}a")}
    assert sizes == {
        "Werne (beteiligt)": "dot dot--involved",
        "Hamm (beteiligt)": "dot dot--involved",
        "Bönen": "dot dot--other",
    }
    assert "am Projekt beteiligt (gefüllter Punkt)" in page


def test_demo_maps_are_valid_svg(client):
    call_command("load_demo", verbosity=0)
    region = Region.objects.get(slug="kreis-unna")
    page = client.get(region.get_absolute_url()).content.decode()
    (svg,) = svg_elements(page, "map")
    members = Membership.objects.current().filter(region=region).count()
    assert len(list(svg.iter(f"{SVG}a"))) == members == len(table_rows(page, "region-map-rows"))


def test_a_region_with_400_members_stays_small_and_labels_only_the_busy_places(client):
    call_command("load_demo", verbosity=0)
    call_command("generate_bulk_data", projects=60, articles=0, regions=6, municipalities=420, verbosity=0)
    region = Region.objects.get(slug="bulk-region-0")
    members = Membership.objects.current().filter(region=region).count()
    assert members >= 400
    page = client.get(region.get_absolute_url()).content.decode()
    svg_source = re.search(r'<svg class="map".*?</svg>', page, re.S).group(0)
    assert len(svg_source.encode()) < 200_000
    (svg,) = svg_elements(page, "map")
    assert len(list(svg.iter(f"{SVG}a"))) == members
    labels = [t for t in svg.iter(f"{SVG}text")]
    assert 0 < len(labels) <= maps.MAX_LABELS
    assert "sind aus Platzgründen nicht beschriftet" in page
