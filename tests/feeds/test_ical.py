"""iCalendar downloads of milestones: they parse with icalendar, keep their UIDs and are all-day events."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from projects.models import DatePrecision, Milestone
from regionportal.models import PublicationState

from ..factories import make_project, make_region

pytestmark = pytest.mark.django_db


def calendar(client, name, slug):
    response = client.get(reverse(name, kwargs={"slug": slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert not response.cookies
    return Calendar.from_ical(response.content)


def events(parsed):
    return {str(event["summary"]): event for event in parsed.walk("VEVENT")}


def test_project_milestones_are_all_day_events_spanning_their_precision(client):
    project = make_project(title="Smart Region", slug="smart-region")
    Milestone.objects.create(project=project, date=date(2024, 3, 12), title="Kreistag", decision_reference="DS 12/2024")
    Milestone.objects.create(project=project, date=date(2025, 2, 14), precision=DatePrecision.MONTH, title="Baubeginn")
    Milestone.objects.create(project=project, date=date(2027, 6, 1), precision=DatePrecision.YEAR, title="Eröffnung")

    parsed = calendar(client, "feeds:project-calendar", "smart-region")

    assert str(parsed["version"]) == "2.0"
    assert "Smart Region" in str(parsed["x-wr-calname"])
    found = events(parsed)
    decision = found["Smart Region: Kreistag"]
    assert (decision.decoded("dtstart"), decision.decoded("dtend")) == (date(2024, 3, 12), date(2024, 3, 13))
    assert "DS 12/2024" in str(decision["description"])
    assert str(decision["url"]) == "http://testserver/projekte/smart-region/"
    start = found["Smart Region: Baubeginn"]
    assert (start.decoded("dtstart"), start.decoded("dtend")) == (date(2025, 2, 1), date(2025, 3, 1))
    assert "monatsgenau" in str(start["description"])
    opening = found["Smart Region: Eröffnung"]
    assert (opening.decoded("dtstart"), opening.decoded("dtend")) == (date(2027, 1, 1), date(2028, 1, 1))
    assert all(event["dtstamp"] for event in found.values())


def test_uids_are_stable_and_unique(client):
    project = make_project(slug="smart-region")
    first = Milestone.objects.create(project=project, date=date(2024, 3, 12), title="Beschluss")
    Milestone.objects.create(project=project, date=date(2024, 4, 12), title="Ausschreibung")

    before = [str(event["uid"]) for event in calendar(client, "feeds:project-calendar", "smart-region").walk("VEVENT")]
    Milestone.objects.filter(pk=first.pk).update(title="Beschluss des Kreistags", date=date(2024, 3, 13))
    after = [str(event["uid"]) for event in calendar(client, "feeds:project-calendar", "smart-region").walk("VEVENT")]

    assert before == after
    assert len(set(before)) == 2
    assert before[0] == f"milestone-{first.pk}@127.0.0.1"


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.ARCHIVED])
def test_unpublished_project_has_no_calendar(client, state):
    make_project(slug="entwurf", state=state)
    assert client.get(reverse("feeds:project-calendar", kwargs={"slug": "entwurf"})).status_code == 404


def test_region_calendar_has_the_upcoming_milestones_of_its_published_projects(client):
    today = timezone.localdate()
    region = make_region(name="Kreis Unna", slug="kreis-unna")
    project = make_project(title="Smart Region", region=region)
    Milestone.objects.create(project=project, date=today + timedelta(days=30), title="Demnächst")
    Milestone.objects.create(project=project, date=today, title="Heute")
    Milestone.objects.create(project=project, date=today - timedelta(days=400), title="Vorbei")
    Milestone.objects.create(
        project=project, date=today.replace(month=1, day=1), precision=DatePrecision.YEAR, title="Dieses Jahr"
    )
    draft = make_project(title="Entwurf", region=region, state=PublicationState.DRAFT)
    Milestone.objects.create(project=draft, date=today + timedelta(days=3), title="Geheim")
    elsewhere = make_project(title="Anderswo")
    Milestone.objects.create(project=elsewhere, date=today + timedelta(days=3), title="Fremd")

    parsed = calendar(client, "feeds:region-calendar", "kreis-unna")

    assert set(events(parsed)) == {
        "Smart Region: Demnächst",
        "Smart Region: Heute",
        "Smart Region: Dieses Jahr",
    }
    assert "Kreis Unna" in str(parsed["x-wr-calname"])


def test_unpublished_region_has_no_calendar(client):
    make_region(slug="entwurf", state=PublicationState.DRAFT)
    assert client.get(reverse("feeds:region-calendar", kwargs={"slug": "entwurf"})).status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_query_count_does_not_grow_with_the_milestones(client, django_assert_max_num_queries, count):
    region = make_region(slug="kreis-unna")
    for number in range(count):
        project = make_project(region=region, slug=f"projekt-mit-termin-{number}")
        Milestone.objects.create(project=project, date=timezone.localdate() + timedelta(days=number), title="Termin")

    with django_assert_max_num_queries(2):
        client.get(reverse("feeds:region-calendar", kwargs={"slug": "kreis-unna"}))
    with django_assert_max_num_queries(2):
        client.get(reverse("feeds:project-calendar", kwargs={"slug": "projekt-mit-termin-0"}))
