"""Flat pages in Leichte Sprache: ``/leichte-sprache/`` explains the portal (the home page's version, BITV 2.0 § 4),
and ``/impressum/leichte-sprache/``, ``/datenschutz/leichte-sprache/`` are the versions of the imprint and the
privacy notice. Like those, they are flat pages the portal administration edits; a version is at its page's address
followed by ``leichte-sprache/``, has a route of its own (regionportal.pages.urls) and is linked from its page only
when it exists."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.views import render_flatpage
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

SEGMENT = "leichte-sprache/"
PORTAL_PAGE = f"/{SEGMENT}"  # the portal explained; required (check --deploy, regionportal.W103)
TEMPLATE = "flatpages/easy_language.html"


def easy_language_flatpage(request, url):
    """The flat page at ``url`` in the Leichte-Sprache layout, whatever template it names."""
    page = get_object_or_404(FlatPage, url=url, sites=get_current_site(request).id)
    page.template_name = TEMPLATE
    return render_flatpage(request, page)


def route_address(url):
    """The address, in the current language, of the portal's route for ``url`` (a flat page's German path), or ""
    where there is none."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(url)
        except Resolver404:
            return ""
    return reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)


def version_address(page):
    """Where the Leichte-Sprache version of the flat page ``page`` is, or "" without one."""
    url = f"{page.url}{SEGMENT}"
    if not FlatPage.objects.filter(url=url, sites=settings.SITE_ID).exists():
        return ""
    return route_address(url)


def original_address(page):
    """Where the page in everyday language is that the flat page ``page`` (a version) renders in Leichte Sprache."""
    return route_address(page.url.removesuffix(SEGMENT))
