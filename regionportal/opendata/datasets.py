"""The published datasets: which rows, which fields under which stable names, which filters.

Field names are a public interface (docs/open-data.md): add fields, never rename or remove one.
"""

from dataclasses import dataclass
from operator import attrgetter

import django_filters
from django.db.models import Exists, Max, Min, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.filters import ArticleFilter
from news.models import Article
from projects.filters import ProjectFilter, key_filters, published
from projects.models import (
    DatePrecision,
    FundingLevel,
    FundingLine,
    FundingProgramme,
    Membership,
    Municipality,
    MunicipalityKind,
    Project,
    ProjectStatus,
    Region,
    RegionKind,
)
from regionportal.publishing.parameters import bind, check_parameters

STRING = {"type": "string"}
OPTIONAL_STRING = {"type": ["string", "null"]}
URI = {"type": "string", "format": "uri"}
OPTIONAL_URI = {"type": ["string", "null"], "format": "uri"}
OPTIONAL_DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
BOOLEAN = {"type": "boolean"}
OPTIONAL_NUMBER = {"type": ["number", "null"]}
OPTIONAL_INTEGER = {"type": ["integer", "null"]}
LIST = {"type": "array", "items": {"type": "string"}}


def choice(choices):
    return {"type": "string", "enum": list(choices.values)}


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    schema: dict
    value: object  # callable: row -> value
    site_path: bool = False  # the value is a path on this site and is given as an absolute URL


@dataclass(frozen=True)
class Dataset:
    slug: str  # API path, file name and catalogue identifier
    title: str
    description: str
    path: str  # the list page's path segment; the export lives at <path>/export.csv
    rows_of: object  # callable: () -> published rows with everything the fields read loaded eagerly
    fields: tuple
    filterset_class: type | None = None
    keywords: tuple = ()  # for the catalogue (dcat:keyword)
    period: object = None  # callable: () -> (first day, last day) the rows speak of; None for today's state
    file_name: str = ""  # of the downloads, without extension; the slug when empty

    def rows(self, data, extra=()):
        """The published rows narrowed by ``data`` as the list page narrows them; ``InvalidQuery`` if not, or if
        ``data`` holds a parameter that is neither a filter nor one of ``extra``."""
        if self.filterset_class is None:
            check_parameters(data, list(extra))
            return self.rows_of()
        return bind(self.filterset_class, data, self.rows_of(), extra=extra).qs

    def record(self, row, absolute):
        """One row as ``{field name: value}``; ``absolute`` turns a site path into a URL."""
        record = {}
        for field in self.fields:
            value = field.value(row)
            record[field.name] = absolute(value) if field.site_path and value else value
        return record

    def records(self, rows, absolute):
        """The records of ``rows``, one a row."""
        for row in rows:
            yield self.record(row, absolute)

    def download_path(self, fmt):
        """The download beside the list page: ``/projekte/export.csv``."""
        return reverse("opendata:export", kwargs={"dataset": self, "fmt": fmt})

    def api_path(self):
        """The dataset's list in the API, or None for a dataset only downloaded."""
        return reverse("api:list", kwargs={"dataset": self})

    def json_schema(self):
        return {
            "type": "object",
            "description": str(self.description),
            "properties": {field.name: field.schema | {"description": str(field.description)} for field in self.fields},
            "required": [field.name for field in self.fields],
            "additionalProperties": False,
        }

    def timestamps(self):
        """(first entered, last changed) of the published rows, (None, None) for reference data without them."""
        rows = self.rows_of()
        if "updated_at" not in {field.name for field in rows.model._meta.fields}:
            return None, None
        moments = rows.order_by().aggregate(first=Min("created_at"), latest=Max("updated_at"))
        return moments["first"], moments["latest"]


def period_of(queryset, start, end):
    """(earliest ``start``, latest ``end``) over ``queryset`` as dates; moments in German local time."""
    bounds = queryset.order_by().aggregate(start=Min(start), end=Max(end))
    return tuple(
        timezone.localdate(value) if hasattr(value, "tzinfo") else value for value in (bounds["start"], bounds["end"])
    )


def iso(value):
    """Dates as ``2025-03-01``, moments in German local time with offset, ``None`` stays ``None``."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat() if hasattr(value, "tzinfo") else value.isoformat()


def slugs(relation):
    return lambda row: [item.slug for item in getattr(row, relation).all()]


def ags_list(relation):
    return lambda row: [item.ags for item in getattr(row, relation).all()]


def short_url(row):
    return row.short_path or None


PAGE_URL = Field("url", _("Adresse der Seite im Portal"), URI, lambda row: row.get_absolute_url(), site_path=True)
PUBLISHED = (
    PAGE_URL,
    Field(
        "short_url",
        _("Dauerhafter Kurzlink (ändert sich nie, auch nicht bei neuem Titel)"),
        OPTIONAL_URI,
        short_url,
        site_path=True,
    ),
    Field("updated_at", _("Zuletzt geändert"), DATETIME, lambda row: iso(row.updated_at)),
)


# Projects


def project_rows():
    return (
        Project.objects.published()
        .select_related("lead_region", "lead_organisation")
        .prefetch_related(
            "municipalities",
            "themes",
            Prefetch(
                "funding_lines",
                queryset=FundingLine.objects.select_related("programme").annotate(
                    programme_is_published=Exists(FundingProgramme.objects.published().filter(pk=OuterRef("programme")))
                ),
            ),
        )
    )


def funding_total(project):
    amounts = [line.amount for line in project.funding_lines.all() if line.amount is not None]
    return sum(amounts) if amounts else None


def funding_programmes(project):
    programmes = [line.programme.slug for line in project.funding_lines.all() if line.programme_is_published]
    return list(dict.fromkeys(programmes))


PROJECTS = Dataset(
    slug="projects",
    title=_("Projekte"),
    description=_("Alle veröffentlichten Projekte der Regionalentwicklung mit Region, Kommunen, Themen und Förderung."),
    path="projekte",
    rows_of=project_rows,
    filterset_class=ProjectFilter,
    keywords=(_("Regionalentwicklung"), _("Projekte"), _("Förderung"), _("Kommunen")),
    period=lambda: period_of(Project.objects.published(), "start_date", "end_date"),
    fields=(
        Field("slug", _("Kurzname in der Adresse, eindeutig"), STRING, attrgetter("slug")),
        Field("title", _("Titel"), STRING, attrgetter("title")),
        Field("summary", _("Kurzbeschreibung"), STRING, attrgetter("summary")),
        Field(
            "body",
            _("Beschreibung, wie von der Redaktion eingegeben (Text oder einfaches HTML)"),
            STRING,
            attrgetter("body"),
        ),
        Field("status", _("Projektstand"), choice(ProjectStatus), attrgetter("status")),
        Field("lead_region", _("Kurzname der federführenden Region"), STRING, attrgetter("lead_region.slug")),
        Field("lead_region_name", _("Name der federführenden Region"), STRING, attrgetter("lead_region.name")),
        Field("region_wide", _("Betrifft die ganze Region"), BOOLEAN, attrgetter("is_region_wide")),
        Field(
            "municipalities_ags",
            _("Amtliche Gemeindeschlüssel der beteiligten Kommunen"),
            LIST,
            ags_list("municipalities"),
        ),
        Field("themes", _("Kurznamen der Themen"), LIST, slugs("themes")),
        Field("programmes", _("Kurznamen der veröffentlichten Förderprogramme"), LIST, funding_programmes),
        Field("funding_total", _("Summe der Fördermittel in Euro"), OPTIONAL_NUMBER, funding_total),
        Field("start_date", _("Beginn"), OPTIONAL_DATE, lambda row: iso(row.start_date)),
        Field(
            "start_precision",
            _("Genauigkeit des Beginns"),
            choice(DatePrecision),
            attrgetter("start_precision"),
        ),
        Field("end_date", _("Ende"), OPTIONAL_DATE, lambda row: iso(row.end_date)),
        Field("end_precision", _("Genauigkeit des Endes"), choice(DatePrecision), attrgetter("end_precision")),
        Field(
            "lead_organisation",
            _("Projektträger"),
            OPTIONAL_STRING,
            lambda row: row.lead_organisation.name if row.lead_organisation else None,
        ),
        Field("created_at", _("Eingestellt am"), DATETIME, lambda row: iso(row.created_at)),
        *PUBLISHED,
    ),
)


# News


def article_rows():
    return Article.objects.published().prefetch_related(
        Prefetch("regions", queryset=Region.objects.published()),
        "municipalities",
        "themes",
        Prefetch("related_projects", queryset=Project.objects.published()),
    )


NEWS = Dataset(
    slug="news",
    title=_("Nachrichten"),
    description=_("Alle veröffentlichten Nachrichten mit Regionen, Kommunen, Themen und Projekten."),
    path="aktuelles",
    rows_of=article_rows,
    filterset_class=ArticleFilter,
    keywords=(_("Regionalentwicklung"), _("Nachrichten"), _("Pressemitteilungen")),
    period=lambda: period_of(Article.objects.published(), "date", "date"),
    fields=(
        Field("slug", _("Kurzname in der Adresse, eindeutig"), STRING, attrgetter("slug")),
        Field("title", _("Titel"), STRING, attrgetter("title")),
        Field("teaser", _("Anreißer"), STRING, attrgetter("teaser")),
        Field(
            "body",
            _("Text, wie von der Redaktion eingegeben (Text oder einfaches HTML)"),
            STRING,
            attrgetter("body"),
        ),
        Field("date", _("Datum der Nachricht"), DATETIME, lambda row: iso(row.date)),
        Field("author", _("Autor/in"), STRING, attrgetter("author")),
        Field("source", _("Quelle"), STRING, attrgetter("source")),
        Field("source_url", _("Quelle (Link)"), STRING, attrgetter("source_url")),
        Field("regions", _("Kurznamen der Regionen"), LIST, slugs("regions")),
        Field(
            "municipalities_ags",
            _("Amtliche Gemeindeschlüssel der Kommunen"),
            LIST,
            ags_list("municipalities"),
        ),
        Field("themes", _("Kurznamen der Themen"), LIST, slugs("themes")),
        Field("projects", _("Kurznamen der Projekte zum Thema"), LIST, slugs("related_projects")),
        *PUBLISHED,
    ),
)


# Regions, municipalities, funding programmes


def region_rows():
    return (
        Region.objects.published()
        .prefetch_related(
            "states",
            Prefetch(
                "memberships",
                queryset=Membership.objects.members().select_related("municipality"),
                to_attr="current_memberships",
            ),
        )
        .order_by("name", "pk")
    )


REGIONS = Dataset(
    slug="regions",
    title=_("Regionen"),
    description=_("Alle veröffentlichten Regionen mit ihren Mitgliedskommunen."),
    path="regionen",
    rows_of=region_rows,
    keywords=(_("Regionalentwicklung"), _("Regionen"), _("Kreise"), _("Amtlicher Regionalschlüssel")),
    fields=(
        Field("slug", _("Kurzname in der Adresse, eindeutig"), STRING, attrgetter("slug")),
        Field("name", _("Name"), STRING, attrgetter("name")),
        Field("kind", _("Art"), choice(RegionKind), attrgetter("kind")),
        Field("ars", _("Amtlicher Regionalschlüssel (ARS)"), OPTIONAL_STRING, attrgetter("ars")),
        Field("nuts3", _("NUTS-3-Code"), OPTIONAL_STRING, attrgetter("nuts3")),
        Field("summary", _("Kurzbeschreibung"), STRING, attrgetter("summary")),
        Field(
            "states",
            _("Länderschlüssel der Bundesländer"),
            LIST,
            lambda row: [state.code for state in row.states.all()],
        ),
        Field("website", _("Website"), STRING, attrgetter("website")),
        Field(
            "municipalities_ags",
            _("Amtliche Gemeindeschlüssel der heutigen Mitgliedskommunen"),
            LIST,
            lambda row: [membership.municipality.ags for membership in row.current_memberships],
        ),
        *PUBLISHED,
    ),
)


class MunicipalityFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), method="in_region", to_field_name="slug", queryset=published(Region)
    )
    ags, ars, nuts = key_filters()

    class Meta:
        model = Municipality
        fields = []

    def in_region(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.members().filter(region=value).values("municipality"))


def municipality_rows():
    return (
        Municipality.objects.select_related("state")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.members()
                .filter(region__in=Region.objects.published())
                .select_related("region"),
                to_attr="current_memberships",
            )
        )
        .order_by("name", "pk")
    )


MUNICIPALITIES = Dataset(
    slug="municipalities",
    title=_("Kommunen"),
    description=_("Städte und Gemeinden mit Amtlichem Gemeindeschlüssel, Lage und ihren Regionen."),
    path="kommunen",
    rows_of=municipality_rows,
    filterset_class=MunicipalityFilter,
    keywords=(_("Kommunen"), _("Gemeinden"), _("Amtlicher Gemeindeschlüssel"), _("Amtlicher Regionalschlüssel")),
    fields=(
        Field("slug", _("Kurzname in der Adresse, eindeutig"), STRING, attrgetter("slug")),
        Field("name", _("Name"), STRING, attrgetter("name")),
        Field("kind", _("Art"), choice(MunicipalityKind), attrgetter("kind")),
        Field("ags", _("Amtlicher Gemeindeschlüssel (AGS), 8 Ziffern"), STRING, attrgetter("ags")),
        Field("ars", _("Amtlicher Regionalschlüssel (ARS), 12 Ziffern"), OPTIONAL_STRING, attrgetter("ars")),
        Field("state", _("Länderschlüssel des Bundeslands"), STRING, attrgetter("state.code")),
        Field("latitude", _("Breitengrad (WGS 84)"), OPTIONAL_NUMBER, attrgetter("latitude")),
        Field("longitude", _("Längengrad (WGS 84)"), OPTIONAL_NUMBER, attrgetter("longitude")),
        Field("population", _("Einwohnerzahl"), OPTIONAL_INTEGER, attrgetter("population")),
        Field("website", _("Website"), STRING, attrgetter("website")),
        Field(
            "regions",
            _("Kurznamen der Regionen, in denen die Kommune heute Mitglied ist"),
            LIST,
            lambda row: [membership.region.slug for membership in row.current_memberships],
        ),
        PAGE_URL,
    ),
)


def programme_rows():
    return (
        FundingProgramme.objects.published()
        .select_related("funding_body")
        .prefetch_related(Prefetch("parent", queryset=FundingProgramme.objects.published()))
        .order_by("name", "pk")
    )


PROGRAMMES = Dataset(
    slug="programmes",
    title=_("Förderprogramme"),
    description=_("Alle veröffentlichten Förderprogramme mit Fördergeber, Ebene und Laufzeit."),
    path="foerderprogramme",
    rows_of=programme_rows,
    keywords=(_("Förderprogramme"), _("Förderung"), _("Regionalentwicklung")),
    period=lambda: period_of(FundingProgramme.objects.published(), "start_date", "end_date"),
    fields=(
        Field("slug", _("Kurzname in der Adresse, eindeutig"), STRING, attrgetter("slug")),
        Field("name", _("Name"), STRING, attrgetter("name")),
        Field("short_name", _("Kurzname"), STRING, attrgetter("short_name")),
        Field("level", _("Ebene"), choice(FundingLevel), attrgetter("level")),
        Field(
            "funding_body",
            _("Fördergeber"),
            OPTIONAL_STRING,
            lambda row: row.funding_body.name if row.funding_body else None,
        ),
        Field(
            "parent",
            _("Kurzname des übergeordneten Programms"),
            OPTIONAL_STRING,
            lambda row: row.parent.slug if row.parent else None,
        ),
        Field("summary", _("Kurzbeschreibung"), STRING, attrgetter("summary")),
        Field("legal_basis", _("Rechtsgrundlage"), STRING, attrgetter("legal_basis")),
        Field("start_date", _("Laufzeit von"), OPTIONAL_DATE, lambda row: iso(row.start_date)),
        Field("end_date", _("Laufzeit bis"), OPTIONAL_DATE, lambda row: iso(row.end_date)),
        Field("website", _("Link zum Programm"), STRING, attrgetter("url")),
        *PUBLISHED,
    ),
)

DATASETS = (PROJECTS, NEWS, REGIONS, MUNICIPALITIES, PROGRAMMES)
