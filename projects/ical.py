"""iCalendar (.ics) downloads: a project's milestones and the milestones of a region's projects.

Milestones are all-day events of one day. A day-precise milestone lies on its day; a month- or year-precise one
on the first day of its month or year, and its description says that the exact day is not fixed ("Termin im
Juni 2021, genauer Tag nicht festgelegt") – an event spanning the whole month or year would block it in every
calendar. UIDs are derived from the milestone's primary key and the portal's host, so a calendar that subscribed
keeps the same events when a title changes.

A region's calendar holds the milestones still ahead and the ``RECENT_PAST`` most recent ones that are over:
a subscribed calendar deletes what leaves the file, so yesterday's decision does not vanish from it, and a large
region's file stays small. Every calendar carries the portal's time zone (``VTIMEZONE``), so one without any
milestone is still a valid iCalendar object (RFC 5545 asks for at least one component).
"""

from datetime import date, timedelta
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import DateField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from icalendar import Calendar, Event, Timezone

from .models import DatePrecision, Milestone, Project, Region

# How many milestones that are over a region's calendar keeps (the newest ones).
RECENT_PAST = 100


def first_day(milestone):
    """The day the event lies on: the milestone's day, or the first day of its month or year."""
    if milestone.precision == DatePrecision.YEAR:
        return milestone.date.replace(month=1, day=1)
    if milestone.precision == DatePrecision.MONTH:
        return milestone.date.replace(day=1)
    return milestone.date


def vague_date_note(milestone):
    """For a month- or year-precise milestone: the sentence saying that its day is not fixed."""
    if milestone.precision == DatePrecision.MONTH:
        month = date_format(milestone.date, "YEAR_MONTH_FORMAT")
        return _("Termin im %(month)s, genauer Tag nicht festgelegt") % {"month": month}
    if milestone.precision == DatePrecision.YEAR:
        return _("Termin im Jahr %(year)s, genauer Tag nicht festgelegt") % {"year": milestone.date.year}
    return ""


def upcoming(today):
    """Milestones whose day, month or year is not over yet."""
    return (
        Q(precision=DatePrecision.DAY, date__gte=today)
        | Q(precision=DatePrecision.MONTH, date__gte=today.replace(day=1))
        | Q(precision=DatePrecision.YEAR, date__gte=today.replace(month=1, day=1))
    )


@cache
def portal_timezone(name):
    """The ``VTIMEZONE`` of ``name`` (worked out once: it lists every change between 1970 and 2038)."""
    return Timezone.from_tzid(name)


def event(milestone, absolute):
    project = milestone.project
    start = first_day(milestone)
    details = [vague_date_note(milestone), milestone.description, absolute(project.get_absolute_url())]
    entry = Event()
    entry.add("uid", f"milestone-{milestone.pk}@{urlsplit(settings.PORTAL_BASE_URL).hostname}")
    entry.add("dtstamp", project.updated_at)
    entry.add("last-modified", project.updated_at)
    entry.add("dtstart", start)
    entry.add("dtend", start + timedelta(days=1))
    entry.add("summary", f"{project.title}: {milestone.title}")
    entry.add("description", "\n\n".join(detail for detail in details if detail))
    entry.add("url", milestone.url or absolute(project.get_absolute_url()))
    entry.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
    return entry


class CalendarView(View):
    """Renders ``milestones()`` of ``get_owner()`` as one calendar."""

    def get_owner(self, slug):
        raise NotImplementedError

    def milestones(self, owner):
        raise NotImplementedError

    def get(self, request, slug):
        owner = self.get_owner(slug)
        calendar = Calendar()
        calendar.add("prodid", f"-//{settings.PORTAL_NAME}//{_('Termine')}//{request.LANGUAGE_CODE.upper()}")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Termine: %(name)s") % {"name": owner})
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add_component(portal_timezone(settings.TIME_ZONE))
        for milestone in self.milestones(owner):
            calendar.add_component(event(milestone, request.build_absolute_uri))
        return HttpResponse(
            calendar.to_ical(),
            content_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(False, f"{slug}.ics")},
        )


class ProjectCalendarView(CalendarView):
    """``/projekte/<slug>/termine.ics``: every milestone of a published project."""

    model = Project

    def get_owner(self, slug):
        return get_object_or_404(self.model.objects.published(), slug=slug)

    def milestones(self, owner):
        return owner.milestones.all()  # each milestone knows its project without another query


class RegionCalendarView(CalendarView):
    """``/regionen/<slug>/termine.ics``: the milestones of the region's published projects still ahead, and the
    ``RECENT_PAST`` newest ones that are over."""

    model = Region

    def get_owner(self, slug):
        return get_object_or_404(self.model.objects.published(), slug=slug)

    def milestones(self, owner):
        ahead = upcoming(timezone.localdate())
        milestones = Milestone.objects.filter(project__in=Project.objects.published().in_region(owner))
        # The date of the oldest milestone kept from the past; without that many, everything is kept.
        oldest_kept = milestones.exclude(ahead).order_by("-date").values("date")[RECENT_PAST - 1 : RECENT_PAST]
        since = Coalesce(Subquery(oldest_kept), Value(date.min), output_field=DateField())
        return milestones.filter(ahead | Q(date__gte=since)).select_related("project").order_by("date", "pk")
