"""Filters for the public project list, bound to ``request.GET`` and addressed by slugs in the URL."""

import django_filters
from django import forms
from django.core.validators import slug_re
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from regionportal.caching.options import CachedOptionsFilter, cached_options
from regionportal.search.query import SiteSearch

from .models import (
    KEY_MAX_LENGTHS,
    KEY_PREFIX_VALIDATORS,
    FundingProgramme,
    KeyKind,
    Membership,
    Municipality,
    Project,
    ProjectStatus,
    Region,
    Theme,
)

SEARCH_MAX_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1950, 2100


class YearFilter(django_filters.NumberFilter):
    """A whole year; anything else (letters, decimals, 99999) is a form error, not a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        # A text box, not type=number: it shows a mistyped value back as typed, next to the error message.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "size": 4}))
        super().__init__(*args, **kwargs)


class ProjectSort(django_filters.ChoiceFilter):
    """Orders the list; ``default`` applies when the visitor chose no order (so the form must be bound)."""

    orders = {
        "newest": (F("created_at").desc(), F("pk").desc()),
        "title": ("title", "pk"),
        "start": (F("start_date").desc(nulls_last=True), "title"),
        "funding": (F("funding_total").desc(nulls_last=True), "title"),
    }
    default = "newest"

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = [
            ("newest", _("zuletzt eingestellt")),
            ("title", _("Titel (A–Z)")),
            ("start", _("Beginn (neueste zuerst)")),
            ("funding", _("Fördersumme (höchste zuerst)")),
        ]
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = value or self.default
        if value == "funding":
            qs = qs.with_funding_total()
        return qs.order_by(*self.orders[value])


KEY_HELP = {
    KeyKind.AGS: _("Der Schlüssel oder sein Anfang: „05978“ für den Kreis Unna, „05978036“ für Unna."),
    KeyKind.ARS: _("12 Ziffern oder ihr Anfang: „05978“ für den Kreis Unna, „059780036036“ für Unna."),
    KeyKind.NUTS: _("NUTS-3 für einen Kreis („DEA5C“ Kreis Unna) oder sein Anfang („DEA5“ Regierungsbezirk Arnsberg)."),
}


def filter_by_key(queryset, name, value):
    return queryset.with_key(name, value)  # the parameter is the KeyKind


def key_filter(kind):
    """A filter by an official key or its beginning, for any queryset with ``with_key`` (projects, news,
    municipalities): one parameter, one meaning everywhere."""
    return django_filters.CharFilter(
        label=KeyKind(kind).label,
        method=filter_by_key,
        max_length=KEY_MAX_LENGTHS[kind],
        validators=[KEY_PREFIX_VALIDATORS[kind]],
        help_text=KEY_HELP[kind],
        widget=forms.TextInput(attrs={"size": KEY_MAX_LENGTHS[kind], "spellcheck": "false", "autocomplete": "off"}),
    )


def key_filters():
    """``ags``, ``ars`` and ``nuts`` for a FilterSet's body: ``ags, ars, nuts = key_filters()``."""
    return [key_filter(kind) for kind in KeyKind]


def published(model):
    """Choices evaluated per request, so a scheduled region appears once its time has come."""
    return lambda request: model.objects.published()


def municipalities_with_projects(request):
    return Municipality.objects.filter(pk__in=Project.objects.published().values("municipalities"))


def region_options(data):
    return cached_options("regions", Region.objects.published().order_by("name"))


def theme_options(data):
    return cached_options("themes", Theme.objects.order_by("name"))


def municipality_options(data):
    """Thousands of municipalities make no usable list: those of the chosen region that have projects, and the
    chosen one (e.g. from a municipality page's link)."""
    region = data.get("region", "")
    options = []
    if region in dict(region_options(data)):
        members = Membership.objects.members().filter(region__slug=region).values("municipality")
        options = cached_options(
            f"municipalities:{region}", municipalities_with_projects(None).filter(pk__in=members).order_by("name")
        )
    chosen = data.get("municipality", "")
    if chosen and chosen not in dict(options) and slug_re.match(chosen):  # no lookup of NUL bytes and the like
        options = [*options, *Municipality.objects.filter(slug=chosen).values_list("slug", "name")]
    return options


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
        help_text=_("Sucht in Titel, Kurzbeschreibung und Beschreibung."),
    )
    region = CachedOptionsFilter(
        label=_("Region"),
        method="in_region",
        queryset=published(Region),
        options=region_options,
        empty_label=_("alle Regionen"),
    )
    municipality = CachedOptionsFilter(
        label=_("Kommune"),
        method="in_municipality",
        queryset=municipalities_with_projects,
        options=municipality_options,
        empty_label=_("alle Kommunen"),
        help_text=_("Zur Auswahl stehen die Kommunen der gewählten Region, die Projekte haben."),
    )
    ags, ars, nuts = key_filters()
    theme = CachedOptionsFilter(
        label=_("Thema"),
        method="in_theme",
        queryset=Theme.objects.all(),
        options=theme_options,
        empty_label=_("alle Themen"),
    )
    programme = CachedOptionsFilter(
        label=_("Förderprogramm"),
        method="funded_by",
        queryset=published(FundingProgramme),
        options=lambda data: cached_options("programmes", FundingProgramme.objects.published().order_by("name")),
        empty_label=_("alle Förderprogramme"),
    )
    status = django_filters.ChoiceFilter(label=_("Projektstand"), choices=ProjectStatus, empty_label=_("alle"))
    start_year_min = YearFilter(label=_("Beginn ab Jahr"), field_name="start_date", lookup_expr="year__gte")
    start_year_max = YearFilter(label=_("Beginn bis Jahr"), field_name="start_date", lookup_expr="year__lte")
    sort = ProjectSort(label=_("Sortierung"))

    class Meta:
        model = Project
        fields = []

    # Multi-valued relations are filtered through subqueries: no duplicate rows, no distorted funding totals.

    def search(self, queryset, name, value):
        """The site search (regionportal.search); words only, so "  " or "&|!" leaves the list unfiltered."""
        search = SiteSearch(value)
        return search.filter(queryset) if search else queryset

    def in_region(self, queryset, name, value):
        return queryset.in_region(value)

    def in_municipality(self, queryset, name, value):
        return queryset.filter(
            pk__in=Project.municipalities.through.objects.filter(municipality=value).values("project")
        )

    def in_theme(self, queryset, name, value):
        return queryset.filter(pk__in=Project.themes.through.objects.filter(theme=value).values("project"))

    def funded_by(self, queryset, name, value):
        return queryset.funded_by(value)
