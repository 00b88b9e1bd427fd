"""Filters for the public news list: region, theme and year as slugs in ``request.GET``."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.filters import key_filters, published, region_options, theme_options
from projects.models import Region, Theme
from regionportal.caching.cache import cached
from regionportal.caching.options import CachedOptionsFilter

from .models import Article


class ArticleFilter(django_filters.FilterSet):
    region = CachedOptionsFilter(
        label=_("Region"),
        field_name="regions",
        queryset=published(Region),
        options=region_options,
        empty_label=_("alle Regionen"),
    )
    theme = CachedOptionsFilter(
        label=_("Thema"),
        field_name="themes",
        queryset=Theme.objects.only("pk", "slug", "name"),
        options=theme_options,
        empty_label=_("alle Themen"),
    )
    year = django_filters.ChoiceFilter(label=_("Jahr"), method="filter_year", empty_label=_("alle Jahre"))
    ags, ars, nuts = key_filters()

    class Meta:
        model = Article
        fields = ["region", "theme", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only years that have published articles, in the local time zone (Europe/Berlin).
        self.filters["year"].extra["choices"] = lambda: [(str(year), str(year)) for year in self.years]

    @property
    def years(self):
        if not hasattr(self, "_years"):
            self._years = published_article_years()
        return self._years

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=int(value))  # one of the offered years, so a valid number


def published_article_years():
    """Years with published articles, kept until the content changes (the list and the archive show them)."""
    return cached("article-years", lambda: article_years(Article.objects.published()))


def article_years(queryset):
    """Years (local time) in which ``queryset`` has articles, newest first."""
    return [
        moment.year
        for moment in queryset.order_by().datetimes(
            "date", "year", order="DESC", tzinfo=timezone.get_current_timezone()
        )
    ]
