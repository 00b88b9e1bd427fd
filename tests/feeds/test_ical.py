"""iCalendar downloads of milestones: they parse with icalendar, keep their UIDs and are all-day events."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from projects import ical
from projects.models import DatePrecision, Milestone, Region
from regionportal.publishing.models import PublicationState

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


def test_project_milestones_are_one_day_events_with_a_note_where_the_day_is_not_fixed(client):
    project = make_project(title="Smart Region", slug="smart-region")
    Milestone.objects.create(project=project, date=date(2024, 3, 12), title="Kreistag")
    Milestone.objects.create(project=project, date=date(2021, 6, 14), precision=DatePrecision.MONTH, title="Baubeginn")
    Milestone.objects.create(project=project, date=date(2027, 6, 1), precision=DatePrecision.YEAR, title="Eröffnung")

    parsed = calendar(client, "feeds:project-calendar", "smart-region")

    assert str(parsed["version"]) == "2.0"
    assert "Smart Region" in str(parsed["x-wr-calname"])
    found = events(parsed)
    decision = found["Smart Region: Kreistag"]
    assert (decision.decoded("dtstart"), decision.decoded("dtend")) == (date(2024, 3, 12), date(2024, 3, 13))
    assert "nicht festgelegt" not in str(decision["description"])
    assert str(decision["url"]) == "http://testserver/projekte/smart-region/"
    start = found["Smart Region: Baubeginn"]
    assert (start.decoded("dtstart"), start.decoded("dtend")) == (date(2021, 6, 1), date(2021, 6, 2))
    assert str(start["description"]).startswith("Termin im Juni 2021, genauer Tag nicht festgelegt")
    opening = found["Smart Region: Eröffnung"]
    assert (opening.decoded("dtstart"), opening.decoded("dtend")) == (date(2027, 1, 1), date(2027, 1, 2))
    assert str(opening["description"]).startswith("Termin im Jahr 2027, genauer Tag nicht festgelegt")
    assert all(event["dtstamp"] for event in found.values())


def test_the_note_on_a_vague_date_is_translated(client):
    project = make_project(slug="smart-region")
    Milestone.objects.create(project=project, date=date(2021, 6, 14), precision=DatePrecision.MONTH, title="Start")

    response = client.get("/en" + reverse("feeds:project-calendar", kwargs={"slug": "smart-region"}))

    (start,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(start["description"]).startswith("Date in June 2021, exact day not fixed")


def test_a_calendar_without_milestones_is_still_a_valid_calendar(client):
    make_region(slug="leer")

    parsed = calendar(client, "feeds:region-calendar", "leer")

    assert parsed.walk("VEVENT") == []
    (zone,) = parsed.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"
    assert parsed.subcomponents  # RFC 5545: at least one component


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


def test_region_calendar_has_the_milestones_of_its_published_projects_also_past_ones(client):
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
        "Smart Region: Vorbei",
        "Smart Region: Dieses Jahr",
    }
    assert "Kreis Unna" in str(parsed["x-wr-calname"])


def test_region_calendar_keeps_only_the_newest_milestones_that_are_over(client, monkeypatch):
    monkeypatch.setattr(ical, "RECENT_PAST", 2)
    today = timezone.localdate()
    project = make_project(title="P", region=make_region(slug="kreis-unna"))
    for days in (10, 20, 30, 40):
        Milestone.objects.create(project=project, date=today - timedelta(days=days), title=f"vor {days} Tagen")
    Milestone.objects.create(project=project, date=today + timedelta(days=900), title="später")
    Milestone.objects.create(
        project=project, date=today.replace(month=1, day=1), precision=DatePrecision.YEAR, title="dieses Jahr"
    )

    parsed = calendar(client, "feeds:region-calendar", "kreis-unna")

    assert set(events(parsed)) == {"P: vor 10 Tagen", "P: vor 20 Tagen", "P: später", "P: dieses Jahr"}


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


def test_every_demo_region_calendar_holds_components_and_its_events_are_complete(client):
    call_command("load_demo", verbosity=0)
    regions = Region.objects.published()
    assert regions.count() == 4

    for region in regions:
        parsed = calendar(client, "feeds:region-calendar", region.slug)
        assert parsed.subcomponents, region.slug
        for event in parsed.walk("VEVENT"):
            assert all(event.get(name) for name in ("uid", "dtstamp", "dtstart")), region.slug
            assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
    found = events(calendar(client, "feeds:region-calendar", "hochsauerlandkreis"))
    (kick_off,) = [
        event for summary, event in found.items() if summary.endswith("Kick-Off-Veranstaltung im Hochsauerlandkreis")
    ]
    assert kick_off.decoded("dtstart") == date(2021, 11, 1)
    assert "Termin im November 2021, genauer Tag nicht festgelegt" in str(kick_off["description"])
