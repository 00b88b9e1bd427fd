"""Gantt-like timelines: a project's milestones and a region's projects, today marked, the same rows as the text."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import charts
from projects.models import Milestone
from tests.charts.helpers import SVG, svg_elements, table_rows
from tests.factories import make_project, make_region

pytestmark = pytest.mark.django_db


def test_timeline_scale_runs_over_whole_years_and_marks_today():
    rows = [
        charts.TimelineRow("A", date(2020, 1, 1), date(2021, 12, 31), "running"),
        charts.TimelineRow("B", date(2022, 7, 1), None, "planned"),
    ]
    timeline = charts.timeline(rows, today=date(2023, 7, 2))
    assert [year for year, _x in timeline.ticks if year] == [2020, 2021, 2022, 2023]
    a, b = timeline.rows
    assert a.geometry["x"] == 1 and b.geometry["x"] + b.geometry["width"] == 99  # open end: to the edge
    assert a.geometry["x"] + a.geometry["width"] < b.geometry["x"] < timeline.today < 99
    assert timeline.today == pytest.approx(1 + 97 * (date(2023, 7, 2) - date(2020, 1, 1)).days / 1461, abs=0.01)
    assert charts.timeline([]) is None


def test_project_page_draws_period_and_milestones(client):
    project = make_project(start_date=date(2021, 11, 30), end_date=date(2027, 6, 30))
    for n, day in enumerate([date(2021, 11, 30), date(2023, 2, 1), timezone.localdate() + timedelta(days=30)]):
        Milestone.objects.create(project=project, date=day, title=f"Schritt {n}")
    page = client.get(project.get_absolute_url()).content.decode()
    (svg,) = svg_elements(page, "gantt__svg")
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "gantt__label"]
    assert labels == ["Projektlaufzeit", "Schritt 0", "Schritt 1", "Schritt 2"]
    assert len([c for c in svg.iter(f"{SVG}circle") if c.get("class") == "gantt__milestone"]) == 3
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "gantt__today-label"] == ["heute"]
    assert page.count('class="timeline"') == 1  # the list stays as the text alternative


def test_region_figures_timeline_lists_the_same_projects_as_its_table(client):
    region = make_region()
    make_project(region=region, title="Später", start_date=date(2024, 1, 1), end_date=date(2026, 1, 1))
    make_project(region=region, title="Früher", start_date=date(2019, 5, 1), status="completed")
    make_project(region=region, title="Ohne Beginn", start_date=None)
    page = client.get(reverse("projects:region-figures", kwargs={"slug": region.slug})).content.decode()
    (svg,) = svg_elements(page, "gantt__svg")
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "gantt__label"]
    assert labels == ["Früher", "Später"] == [row[0] for row in table_rows(page, "region-timeline-rows")]
    assert "abgeschlossen (gepunktet)" in page and "heute (gestrichelte Linie)" in page
