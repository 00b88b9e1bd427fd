"""iCalendar (.ics) downloads: a project's milestones and the upcoming milestones of a region's projects.

Milestones are all-day events: a day-precise milestone lasts that day, a month- or year-precise one spans its
month or year. UIDs are derived from the milestone's primary key and the portal's host, so a calendar that
subscribed keeps the same events when a title changes.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from icalendar import Calendar, Event

from .models import DatePrecision, Milestone, Project, Region


def span(milestone):
    """First day and the day after the last day (iCalendar's exclusive end) of what the date stands for."""
    day = milestone.date
    if milestone.precision == DatePrecision.YEAR:
        start = day.replace(month=1, day=1)
        return start, start.replace(year=start.year + 1)
    if milestone.precision == DatePrecision.MONTH:
        start = day.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1)
    return day, day + timedelta(days=1)


def upcoming(today):
    """Milestones whose day, month or year is not over yet."""
    return (
        Q(precision=DatePrecision.DAY, date__gte=today)
        | Q(precision=DatePrecision.MONTH, date__gte=today.replace(day=1))
        | Q(precision=DatePrecision.YEAR, date__gte=today.replace(month=1, day=1))
    )


def event(milestone, absolute):
    project = milestone.project
    start, end = span(milestone)
    details = [milestone.description]
    if milestone.decision_reference:
        details.append(_("Drucksache / Aktenzeichen: %(reference)s") % {"reference": milestone.decision_reference})
    if milestone.precision != DatePrecision.DAY:
        details.append(_("Zeitangabe: %(precision)s") % {"precision": milestone.get_precision_display()})
    details.append(absolute(project.get_absolute_url()))
    entry = Event()
    entry.add("uid", f"milestone-{milestone.pk}@{urlsplit(settings.PORTAL_BASE_URL).hostname}")
    entry.add("dtstamp", project.updated_at)
    entry.add("last-modified", project.updated_at)
    entry.add("dtstart", start)
    entry.add("dtend", end)
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
    """``/regionen/<slug>/termine.ics``: the milestones still ahead in the region's published projects."""

    model = Region

    def get_owner(self, slug):
        return get_object_or_404(self.model.objects.published(), slug=slug)

    def milestones(self, owner):
        projects = Project.objects.published().in_region(owner)
        return (
            Milestone.objects.filter(upcoming(timezone.localdate()), project__in=projects)
            .select_related("project")
            .order_by("date", "pk")
        )
