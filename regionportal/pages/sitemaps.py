"""The sitemap (Django's sitemaps framework) of every public page in German and English, and robots.txt.

``/sitemap.xml`` is an index of one sitemap per kind of page that has any; each entry carries its English
and German alternates and an x-default. What is public is decided by ``published()`` at the request.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.flatpages.sitemaps import FlatPageSitemap
from django.contrib.flatpages.views import flatpage
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import FundingProgramme, Municipality, Project, Region, Theme
from regionportal.legal.easy_language import easy_language_flatpage
from regionportal.publishing.models import EasyLanguageVersion


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(PortalSitemap):
    """The published objects of a model, last modified when their row was."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ProjectReferenceSitemap(PortalSitemap):
    """Municipality and theme pages: reference data, whose page changes when one of its projects does."""

    def __init__(self, model, relation):
        self.model, self.relation = model, relation

    def items(self):
        latest = (
            Project.objects.published()
            .filter(**{self.relation: OuterRef("pk")})
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return self.model.objects.annotate(latest_project_change=Subquery(latest)).order_by("pk")

    def lastmod(self, item):
        return item.latest_project_change


class OverviewSitemap(PortalSitemap):
    """Home and list pages, last modified when the newest of what they list was."""

    pages = {
        "portal:home": Article,
        "projects:region-list": Region,
        "projects:list": Project,
        "projects:programme-list": FundingProgramme,
        "projects:theme-list": Project,
        "news:list": Article,
        "contacts:list": Person,
        "opendata:index": None,  # describes the datasets, which change with every list
        "portal:accessibility": None,  # the accessibility statement (regionportal.legal), not a flat page
    }

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        model = self.pages[item]
        return model and model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class EasyLanguageSitemap(PortalSitemap):
    """The editor-written Leichte-Sprache versions of public pages
    (regionportal.publishing.models.EasyLanguageVersion)."""

    def items(self):
        models = [model for model in apps.get_models() if issubclass(model, EasyLanguageVersion)]
        return [page for model in models for page in model.with_easy_language().order_by("pk")]

    def location(self, item):
        return item.get_easy_language_url()

    def lastmod(self, item):
        return getattr(item, "updated_at", None)  # reference data keeps no date


class LegalPageSitemap(PortalSitemap, FlatPageSitemap):
    """Flat pages with a route of their own (imprint, privacy, the pages in Leichte Sprache); they keep no
    modification date.

    ``FlatPage.get_absolute_url`` cannot reverse a namespaced route, so each page is resolved once in the
    first language and the route reversed in every language.
    """

    def items(self):
        routed = []
        with translation.override(settings.LANGUAGE_CODE):
            for page in super().items():
                try:
                    page.route = resolve(page.url)
                except Resolver404:
                    continue  # no route, no public page
                if page.route.func in (flatpage, easy_language_flatpage):
                    routed.append(page)
        return routed

    def location(self, item):
        return reverse(item.route.view_name, args=item.route.args, kwargs=item.route.captured_kwargs)


SITEMAPS = {
    "overview": OverviewSitemap,
    "pages": LegalPageSitemap,
    "regions": PublishedSitemap(Region),
    "municipalities": ProjectReferenceSitemap(Municipality, "municipalities"),
    "projects": PublishedSitemap(Project),
    "programmes": PublishedSitemap(FundingProgramme),
    "themes": ProjectReferenceSitemap(Theme, "themes"),
    "news": PublishedSitemap(Article),
    "people": PublishedSitemap(Person),
    "organisations": PublishedSitemap(Organisation),
    "leichte-sprache": EasyLanguageSitemap,
}


def has_pages(sitemap):
    items = (sitemap() if callable(sitemap) else sitemap).items()
    return items.exists() if isinstance(items, QuerySet) else bool(items)


def sitemap_index(request, sitemaps, **kwargs):
    """Django's sitemap index without sections that list nothing yet (an empty ``<urlset>`` is invalid)."""
    listed = {section: sitemap for section, sitemap in sitemaps.items() if has_pages(sitemap)}
    return sitemap_views.index(request, listed, **kwargs)


def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap-index"))},
        content_type="text/plain; charset=utf-8",
    )
