"""Atom and RSS feeds of new and updated projects; any selection of the project list is a feed of its own.

``/projekte/feed.atom?region=kreis-unna&theme=energie`` carries the same projects as
``/projekte/?region=kreis-unna&theme=energie``, so that a saved search can be subscribed to.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regionportal.publishing.parameters import InvalidQuery, bind, describe

from .filters import ProjectFilter
from .models import Project

FEED_LENGTH = 50


@dataclass(frozen=True)
class Selection:
    rows: QuerySet  # the list page's rows for this query
    filters: str  # the active filters in words, "" for the whole list
    query: str  # the query string
    feed_url: str


class FilteredFeed(Feed):
    """A list page as a feed: its FilterSet bound to the query string, plus filter values from the URL."""

    filterset_class = None
    list_url_name = None
    heading = None  # what the feed lists, e.g. "Nachrichten"
    author_name = settings.PORTAL_NAME

    def rows(self):
        raise NotImplementedError

    def slug_model(self, name, kwargs):
        """The model a slug in the feed's address names (``region``, ``theme``): its filter's
        (regionportal.publishing.slugs)."""
        url_filter = self.filterset_class.base_filters.get(name)
        if url_filter is None:
            return None
        return self.filterset_class._meta.model._meta.get_field(url_filter.field_name).related_model

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidQuery as error:
            return error.text_response()

    def get_object(self, request, **url_filters):
        data = request.GET.copy()
        for name, value in url_filters.items():
            data[name] = value
        try:
            filterset = bind(self.filterset_class, data, self.rows())
        except InvalidQuery as error:
            if error.errors.keys() & url_filters.keys():  # /regionen/<unknown>/… is an unknown page
                raise Http404(error) from error
            raise
        return Selection(filterset.qs, describe(filterset), data.urlencode(), request.get_full_path())

    def title(self, obj):
        heading = f"{self.heading} ({obj.filters})" if obj.filters else self.heading
        return f"{heading} – {settings.PORTAL_NAME}"

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        url = reverse(self.list_url_name)
        return f"{url}?{obj.query}" if obj.query else url

    def feed_url(self, obj):
        return obj.feed_url

    def item_title(self, item):
        # Syndication's default escapes str(item), and the feed writer escapes it again ("&amp;lt;" shown literally).
        return str(item)

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> carry HTML: the plain text editors typed is escaped once.
        return escape(self.item_text(item))

    def item_text(self, item):
        raise NotImplementedError

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_updateddate(self, item):
        return item.updated_at


class ProjectFeed(FilteredFeed):
    filterset_class = ProjectFilter
    list_url_name = "projects:list"

    heading = gettext_lazy("Neue und aktualisierte Projekte")

    def rows(self):
        return Project.objects.published().select_related("lead_organisation").prefetch_related("themes")

    def description(self, obj):
        return _("Projekte der Regionalentwicklung, zuletzt geänderte zuerst.")

    def items(self, obj):
        return obj.rows.order_by("-updated_at", "-pk")[:FEED_LENGTH]

    def item_text(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.lead_organisation.name if item.lead_organisation else None

    def item_pubdate(self, item):
        return item.created_at


class ProjectAtomFeed(ProjectFeed):
    feed_type = Atom1Feed
