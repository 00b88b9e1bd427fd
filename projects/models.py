"""Regions, municipalities, themes, funding programmes and the projects they carry."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from regionportal.media.models import Document, Image
from regionportal.publishing.models import (
    EasyLanguageVersion,
    OrderedRow,
    Publishable,
    PublishableManager,
    PublishableQuerySet,
    publishable_constraints,
)
from regionportal.search.index import Searchable, search_indexes

AGS_REGEX = r"^(0[1-9]|1[0-6])[0-9]{6}$"
ARS_REGEX = r"^(0[1-9]|1[0-6])[0-9]{10}$"
ags_validator = RegexValidator(
    AGS_REGEX, _("Der Amtliche Gemeindeschlüssel hat 8 Ziffern und beginnt mit dem Länderschlüssel 01–16.")
)
ars_validator = RegexValidator(
    ARS_REGEX, _("Der Amtliche Regionalschlüssel hat 12 Ziffern und beginnt mit dem Länderschlüssel 01–16.")
)
nuts3_validator = RegexValidator(r"^DE[0-9A-G][0-9A-Z]{2}$", _("Ein NUTS-3-Code sieht so aus: „DEA5C“."))

# The location indicator of an operation in the EU list of operations: a German NUTS code of level 1, 2 or 3.
NUTS_REGEX = r"^DE[0-9A-G]([0-9A-Z]{1,2})?$"
nuts_validator = RegexValidator(
    NUTS_REGEX, _("Ein deutscher NUTS-Code ist „DE“ und 1 bis 3 Zeichen, z. B. „DEA“, „DEA5“ oder „DEA5C“.")
)
POSTCODE_REGEX = r"^[0-9]{5}$"
postcode_validator = RegexValidator(POSTCODE_REGEX, _("Eine deutsche Postleitzahl hat 5 Ziffern, z. B. „34466“."))
OPERATION_CODE_REGEX = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
operation_code_validator = RegexValidator(
    OPERATION_CODE_REGEX,
    _("Erlaubt sind Buchstaben, Ziffern und . _ / - (am Anfang ein Buchstabe oder eine Ziffer), keine Leerzeichen."),
)


class KeyKind(models.TextChoices):
    """The official keys a place is found by; the values are the query parameters of lists, downloads and API."""

    AGS = "ags", _("Gemeindeschlüssel (AGS)")
    ARS = "ars", _("Regionalschlüssel (ARS)")
    NUTS = "nuts", _("NUTS-Code")


# A key or its beginning: "05978" is Kreis Unna, "05978036" Unna, "DEA5" the Regierungsbezirk Arnsberg.
KEY_PREFIX_VALIDATORS = {
    KeyKind.AGS: RegexValidator(
        r"^(0[1-9]|1[0-6])[0-9]{0,6}$",
        _("Erlaubt sind 2 bis 8 Ziffern, beginnend mit dem Länderschlüssel 01–16, z. B. „05978“ (Kreis Unna)."),
    ),
    KeyKind.ARS: RegexValidator(
        r"^(0[1-9]|1[0-6])[0-9]{0,10}$",
        _("Erlaubt sind 2 bis 12 Ziffern, beginnend mit dem Länderschlüssel 01–16, z. B. „059780036“."),
    ),
    KeyKind.NUTS: RegexValidator(
        r"^DE([0-9A-G]([0-9A-Z]{1,2})?)?$",
        _("Erlaubt ist ein deutscher NUTS-Code oder sein Anfang in Großbuchstaben, z. B. „DEA5C“ oder „DEA5“."),
    ),
}
KEY_MAX_LENGTHS = {KeyKind.AGS: 8, KeyKind.ARS: 12, KeyKind.NUTS: 5}

# DCAT-AP.de's vocabularies of official keys (Konventionenhandbuch 2.0, "Verwaltungspolitischer Geobezug als URI").
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding"


def district_of(ars):
    """The district key (Kreis, also a kreisfreie Stadt) of a region whose ARS names a whole district, else None."""
    return ars[:5] if ars and ars.endswith("0000000") else None


def validate_ags_matches_ars(ags, ars):
    """The ARS is the AGS with the 4-digit association key inserted: LL R K VVVV GGG."""
    if ags and ars and (ars[:5] != ags[:5] or ars[-3:] != ags[-3:]):
        raise ValidationError(
            {"ars": _("Regionalschlüssel und Gemeindeschlüssel passen nicht zusammen (Land, Bezirk, Kreis, Gemeinde).")}
        )


class DatePrecision(models.TextChoices):
    DAY = "day", _("tagesgenau")
    MONTH = "month", _("monatsgenau")
    YEAR = "year", _("jahresgenau")


class StateManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class State(models.Model):
    """A German federal state (Bundesland)."""

    code = models.CharField(_("Länderschlüssel"), max_length=2, unique=True, help_text=_("z. B. „05“ für NRW."))
    abbreviation = models.CharField(_("Abkürzung"), max_length=2, unique=True, help_text=_("z. B. „NW“."))
    name = models.CharField(_("Name"), max_length=60, unique=True)

    objects = StateManager()

    class Meta:
        verbose_name = _("Bundesland")
        verbose_name_plural = _("Bundesländer")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^(0[1-9]|1[0-6])$"), name="state_code_format")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class SlugManager(models.Manager):
    """Reference data addressed by slug in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Theme(EasyLanguageVersion, Searchable):
    """A field of action (Handlungsfeld / Themenfeld) shared by projects and news."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Thema"),
    )  # a theme with sub-themes cannot be removed by accident

    objects = SlugManager()

    search_document = {"A": ("name",), "C": ("description",)}

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]
        indexes = search_indexes("theme", "name")

    def __str__(self):
        return self.name

    def search_meta(self):
        return _("Thema")

    def get_absolute_url(self):
        return reverse("projects:theme", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


# Germany's extent in degrees (WGS 84), with a margin: coordinates outside are a typing error.
GERMAN_LATITUDES, GERMAN_LONGITUDES = (47, 55.1), (5.8, 15.1)


def coordinate_field(label, bounds, **kwargs):
    """A latitude or longitude in degrees, 5 decimal places (about a metre), within ``bounds``."""
    low, high = bounds
    return models.DecimalField(
        label,
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        **kwargs,
    )


def coordinates_in_germany(name):
    """Both coordinates or none, and in Germany."""
    (south, north), (west, east) = GERMAN_LATITUDES, GERMAN_LONGITUDES
    return models.CheckConstraint(
        condition=Q(latitude__isnull=True, longitude__isnull=True)
        | Q(
            latitude__isnull=False,  # a comparison with NULL would let one coordinate alone pass
            longitude__isnull=False,
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        ),
        name=name,
    )


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("Stadt")
    MUNICIPALITY = "municipality", _("Gemeinde")
    INDEPENDENT_CITY = "independent-city", _("kreisfreie Stadt")


class MunicipalityQuerySet(models.QuerySet):
    def with_key(self, kind, prefix):
        """Municipalities whose ``kind`` of key (``KeyKind``) begins with ``prefix``. Municipalities carry no NUTS
        code: theirs is that of their district, known from the published region with the district's ARS."""
        if kind == KeyKind.AGS:
            return self.filter(ags__startswith=prefix)
        if kind == KeyKind.ARS:
            return self.filter(ars__startswith=prefix)
        districts = (
            Region.objects.published()
            .with_key(kind, prefix)
            .filter(ars__endswith="0000000")
            .annotate(district=Substr("ars", 1, 5))
            .values("district")
        )
        return self.annotate(district=Substr("ags", 1, 5)).filter(district__in=districts)


class Municipality(EasyLanguageVersion, Searchable):
    """A town or municipality, identified by its official municipality key (AGS)."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=MunicipalityKind)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"), max_length=8, unique=True, validators=[ags_validator]
    )
    ars = models.CharField(
        _("Amtlicher Regionalschlüssel (ARS)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[ars_validator],
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("Bundesland")
    )  # states are reference data and never removed
    latitude = coordinate_field(_("Breitengrad"), GERMAN_LATITUDES)
    longitude = coordinate_field(_("Längengrad"), GERMAN_LONGITUDES)
    website = models.URLField(_("Website"), blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)

    objects = SlugManager.from_queryset(MunicipalityQuerySet)()

    search_document = {"A": ("name",), "D": ("state__name",)}

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        indexes = search_indexes("municipality", "name")
        constraints = [
            models.CheckConstraint(condition=Q(ags__regex=AGS_REGEX), name="municipality_ags_format"),
            models.CheckConstraint(
                condition=Q(ars__isnull=True) | Q(ars__regex=ARS_REGEX), name="municipality_ars_format"
            ),
            coordinates_in_germany("municipality_coordinates_in_germany"),
        ]

    def __str__(self):
        return self.name

    search_meta_related = ("state",)

    def search_meta(self):
        return f"{self.get_kind_display()} · {self.state.name}"

    def get_absolute_url(self):
        return reverse("projects:municipality", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def key_uri(self):
        """The municipality in DCAT-AP.de's key vocabulary: by its ARS, or its AGS where no ARS is known."""
        if self.ars:
            return f"{GEOCODING}/regionalKey/{self.ars}"
        return f"{GEOCODING}/municipalityKey/{self.ags}"

    def clean(self):
        validate_ags_matches_ars(self.ags, self.ars)
        if self.ags and self.state_id and not self.ags.startswith(self.state.code):
            raise ValidationError({"ags": _("Der Gemeindeschlüssel gehört nicht zum gewählten Bundesland.")})


class RegionKind(models.TextChoices):
    COUNTY = "county", _("Kreis")
    INDEPENDENT_CITY = "independent-city", _("kreisfreie Stadt")
    REGIONAL_ASSOCIATION = "regional-association", _("Regionalverband")
    COOPERATION_AREA = "cooperation-area", _("Kooperationsraum")
    METROPOLITAN_REGION = "metropolitan-region", _("Metropolregion")


class RegionQuerySet(PublishableQuerySet):
    def with_key(self, kind, prefix):
        """Regions whose ``kind`` of key begins with ``prefix``; a region's AGS is that within its ARS (Land,
        Bezirk, Kreis, Gemeinde: "05978000" for Kreis Unna). Regions without official key never match."""
        if kind == KeyKind.NUTS:
            return self.filter(nuts3__startswith=prefix)
        if kind == KeyKind.ARS:
            return self.filter(ars__startswith=prefix)
        return self.annotate(ags=Concat(Substr("ars", 1, 5), Substr("ars", 10, 3))).filter(ags__startswith=prefix)


class Region(Publishable):
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=24, choices=RegionKind)
    ars = models.CharField(
        _("Amtlicher Regionalschlüssel (ARS)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[ars_validator],
        help_text=_("Nur für Gebietskörperschaften, z. B. 059780000000 für den Kreis Unna."),
    )
    nuts3 = models.CharField(
        _("NUTS-3-Code"), max_length=5, unique=True, null=True, blank=True, validators=[nuts3_validator]
    )
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    states = models.ManyToManyField(State, related_name="regions", verbose_name=_("Bundesländer"))
    website = models.URLField(_("Website"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regions",
        verbose_name=_("tragende Organisation"),
        help_text=_("z. B. Kreisverwaltung oder Regionalverband."),
    )  # the region page stays when its organisation entry is removed
    image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="regions", verbose_name=_("Bild")
    )  # a removed image just disappears from the page
    municipalities = models.ManyToManyField(
        Municipality, through="Membership", related_name="regions", verbose_name=_("Kommunen")
    )
    themes = models.ManyToManyField(
        Theme, through="RegionTheme", related_name="regions", verbose_name=_("Themenschwerpunkte")
    )
    contacts = models.ManyToManyField(
        Person, through="RegionContact", related_name="regions", verbose_name=_("Ansprechpersonen")
    )

    search_document = {
        "A": ("name",),
        "B": ("summary", "goals__title"),
        "C": ("description", "goals__description"),
        "D": ("municipalities__name", "themes__name"),
    }

    objects = PublishableManager.from_queryset(RegionQuerySet)()

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        ordering = ["name"]
        indexes = search_indexes("region", "name")
        constraints = publishable_constraints("region") + [
            models.CheckConstraint(condition=Q(ars__isnull=True) | Q(ars__regex=ARS_REGEX), name="region_ars_format"),
        ]

    def __str__(self):
        return self.name

    def search_meta(self):
        return self.get_kind_display()

    @property
    def in_text(self):
        """The region as running text names it: "Region Kreis Unna", but "Region der Mitte" (not "Region Region …")."""
        if self.name.split(maxsplit=1)[0].casefold() in {"region", "regionalverband"}:
            return self.name
        return gettext("Region %(name)s") % {"name": self.name}

    @property
    def key_uri(self):
        """The region in DCAT-AP.de's key vocabulary (a district by its district key), or None without ARS."""
        if not self.ars:
            return None
        district = district_of(self.ars)
        return f"{GEOCODING}/districtKey/{district}" if district else f"{GEOCODING}/regionalKey/{self.ars}"

    def get_absolute_url(self):
        return reverse("projects:region", kwargs={"slug": self.slug})

    @staticmethod
    def editable_condition(scope):
        """Back office: the regions a user is assigned to (regionportal.backoffice.permissions)."""
        return Q(pk__in=scope.region_ids)

    def editorial_regions(self):
        return [self]


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Mitglied")
    REFERENCE = "reference", _("Bezugsort (im Gebiet genannt)")


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def members(self):
        """The region's municipalities: current members. Places the region only names (``REFERENCE``) are not."""
        return self.current().filter(role=MembershipRole.MEMBER)

    def references(self):
        """Places a region names to describe its area without their being members ("between Kassel and …")."""
        return self.current().filter(role=MembershipRole.REFERENCE)


class Membership(models.Model):
    """A municipality's membership in a region for a period; mergers end a membership instead of rewriting it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Region"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Kommune")
    )
    role = models.CharField(_("Rolle"), max_length=12, choices=MembershipRole, default=MembershipRole.MEMBER)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True, help_text=_("Leer = bis heute."))
    note = models.CharField(_("Anmerkung"), max_length=250, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["region", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "municipality", "valid_from"], name="membership_unique_period"),
            models.UniqueConstraint(
                fields=["region", "municipality"],
                condition=Q(valid_from__isnull=True),
                name="membership_unique_open_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.region}"


class RegionContact(OrderedRow):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="region_contacts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="region_roles", verbose_name=_("Person"))
    role = models.CharField(_("Rolle"), max_length=200, blank=True, help_text=_("z. B. „Auskunft“."))

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Ansprechperson der Region")
        verbose_name_plural = _("Ansprechpersonen der Region")
        constraints = [models.UniqueConstraint(fields=["region", "person"], name="regioncontact_unique")]

    def __str__(self):
        return f"{self.person} ({self.region})"


class RegionTheme(OrderedRow):
    """How a region describes its own focus on a theme."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="region_themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="region_themes", verbose_name=_("Thema"))
    heading = models.CharField(_("Überschrift"), max_length=200, blank=True)
    text = models.TextField(_("Text"), blank=True)
    source = models.CharField(_("Quelle"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Themenschwerpunkt der Region")
        verbose_name_plural = _("Themenschwerpunkte der Region")
        constraints = [models.UniqueConstraint(fields=["region", "theme"], name="regiontheme_unique")]

    def __str__(self):
        return self.heading or str(self.theme)


class KeyFigure(OrderedRow):
    """A number a region is described by, e.g. "4 Kraftwerksstandorte" or "über 1.000 Beschäftigte"."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="key_figures")
    qualifier = models.CharField(_("Zusatz"), max_length=30, blank=True, help_text=_("z. B. „über“, „rund“, „bis“."))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    is_year = models.BooleanField(_("ist eine Jahreszahl"), default=False)
    label = models.CharField(_("Bezeichnung"), max_length=200, help_text=_("z. B. „Kraftwerksstandorte“."))
    context = models.CharField(_("Zusammenhang"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")

    def __str__(self):
        return f"{self.qualifier} {self.value} {self.label}".strip()


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    IN_PROGRESS = "in-progress", _("in Arbeit")
    ACHIEVED = "achieved", _("erreicht")
    DROPPED = "dropped", _("nicht weiter verfolgt")


class Goal(OrderedRow):
    title = models.CharField(_("Ziel"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    status = models.CharField(_("Stand"), max_length=12, choices=GoalStatus, default=GoalStatus.PLANNED)

    history = HistoricalRecords(inherit=True)

    class Meta(OrderedRow.Meta):
        abstract = True

    def __str__(self):
        return self.title


class RegionGoal(Goal):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="goals")

    class Meta(Goal.Meta):
        verbose_name = _("Leitziel der Region")
        verbose_name_plural = _("Leitziele der Region")


class FundingLevel(models.TextChoices):
    EU = "eu", _("EU")
    FEDERAL = "federal", _("Bund")
    STATE = "state", _("Land")
    COUNTY = "county", _("Kreis / Kommune")
    OTHER = "other", _("Sonstige")


class FundingProgramme(Publishable):
    name = models.CharField(_("Name"), max_length=250)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    funding_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_programmes",
        verbose_name=_("Fördergeber"),
    )  # a funding body with programmes cannot be removed by accident
    level = models.CharField(_("Ebene"), max_length=10, choices=FundingLevel)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Programm"),
        help_text=_("z. B. ist „Aktive Regionalentwicklung“ Teil von „Region gestalten“."),
    )  # keep the hierarchy intact
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=300, blank=True)
    start_date = models.DateField(_("Laufzeit von"), null=True, blank=True)
    end_date = models.DateField(_("Laufzeit bis"), null=True, blank=True)
    url = models.URLField(_("Link"), blank=True)

    search_document = {
        "A": ("name", "short_name"),
        "B": ("summary",),
        "C": ("description", "legal_basis"),
        "D": ("funding_body__name",),
    }

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name"]
        indexes = search_indexes("fundingprogramme", "name")
        constraints = publishable_constraints("fundingprogramme") + [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="fundingprogramme_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def search_meta(self):
        return self.get_level_display()

    @cached_property
    def family(self):
        """The programme's key and those of every programme below it ("Region gestalten" with "Aktive
        Regionalentwicklung"): a project funded through a sub-programme is funded by the programme, too."""
        parents = dict(FundingProgramme.objects.values_list("pk", "parent"))
        family = {self.pk}
        while grown := {pk for pk, parent in parents.items() if parent in family} - family:
            family |= grown
        return family

    def get_absolute_url(self):
        return reverse("projects:programme", kwargs={"slug": self.slug})


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("laufend")
    COMPLETED = "completed", _("abgeschlossen")


def count_per(queryset, field, counted="pk"):
    """Annotation for another model: how many rows of ``queryset`` (distinct values of ``counted``) point at its
    row through ``field``; a correlated count that uses the index on ``field`` instead of a join of every row."""
    rows = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count(counted, distinct=counted != "pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def in_region_condition(region, region_seen_from_places):
    """Led by ``region`` or taking place in one of its member municipalities: the projects of a region, as its page,
    its map, the list's region filter, feeds and exports count and list them. The second argument is the region as
    the subquery over the places sees it (the same value, or for a correlated count one ``OuterRef`` further)."""
    places = Membership.objects.members().filter(region=region_seen_from_places, municipality__projects=OuterRef("pk"))
    return Q(lead_region=region) | Exists(places)


class ProjectQuerySet(PublishableQuerySet):
    def in_region(self, region):
        return self.filter(in_region_condition(region, region))

    def count_in_region(self):
        """Annotation for regions: how many of these projects ``in_region`` lists for each, one correlated count."""
        rows = (
            self.filter(in_region_condition(OuterRef("pk"), OuterRef(OuterRef("pk"))))
            .order_by()
            .annotate(group=Value(1))
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), 0)

    def with_key(self, kind, prefix):
        """Taking place in a municipality whose ``kind`` of official key begins with ``prefix``, or led by a
        published region with such a key: ``with_key("ags", "05978")`` is Kreis Unna, ``"05978036"`` Unna."""
        places = Project.municipalities.through.objects.filter(
            municipality__in=Municipality.objects.with_key(kind, prefix)
        )
        return self.filter(
            Q(lead_region__in=Region.objects.published().with_key(kind, prefix)) | Q(pk__in=places.values("project"))
        )

    def funded_by(self, programme):
        """Funded by ``programme`` or one of its sub-programmes."""
        return self.filter(pk__in=FundingLine.objects.filter(programme__in=programme.family).values("project"))

    def with_funding_total(self):
        return self.annotate(funding_total=Sum("funding_lines__amount"))

    def for_cards(self):
        """Everything a project card shows, loaded in a constant number of queries."""
        return self.select_related("lead_region").prefetch_related("themes")


class Project(Publishable):
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=140, unique=True)
    summary = models.TextField(
        _("Kurzbeschreibung"), max_length=600, help_text=_("Zwei, drei Sätze für Listen und Vorschau.")
    )
    body = models.TextField(_("Beschreibung"), blank=True)
    lead_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="projects", verbose_name=_("federführende Region")
    )  # a region with projects cannot be removed by accident
    is_region_wide = models.BooleanField(
        _("regionsweit"), default=False, help_text=_("Betrifft die ganze Region, nicht nur einzelne Kommunen.")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="projects", verbose_name=_("beteiligte Kommunen")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="projects", verbose_name=_("Themen"))
    status = models.CharField(_("Projektstand"), max_length=10, choices=ProjectStatus, default=ProjectStatus.PLANNED)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    start_precision = models.CharField(
        _("Genauigkeit Beginn"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    end_precision = models.CharField(
        _("Genauigkeit Ende"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("Projektträger"),
    )  # the project stays when the organisation entry is removed
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_projects", verbose_name=_("Partner")
    )
    contacts = models.ManyToManyField(
        Person, through="ProjectContact", related_name="projects", verbose_name=_("Kontakte")
    )
    featured = models.BooleanField(_("auf der Startseite hervorheben"), default=False)

    objects = PublishableManager.from_queryset(ProjectQuerySet)()

    search_document = {
        "A": ("title",),
        "B": ("summary", "goals__title"),
        "C": ("body", "goals__description", "milestones__title", "milestones__description"),
        "D": (
            "lead_region__name",
            "municipalities__name",
            "themes__name",
            "funding_lines__programme__name",
            "funding_lines__programme__short_name",
            "lead_organisation__name",
            "partners__name",
        ),
    }

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["-start_date", "title"]
        constraints = publishable_constraints("project") + [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "status"], name="project_state_status"),
            models.Index(fields=["start_date"], name="project_start"),
            models.Index(fields=["title", "id"], name="project_title"),  # the list sorted by title
            # The public list, newest first, also within a region (filter and sort the list offers).
            models.Index(F("created_at").desc(), F("id").desc(), name="project_newest"),
            models.Index(
                F("lead_region"),
                F("created_at").desc(),
                F("id").desc(),
                name="project_region_newest",
            ),
            *search_indexes("project", "title"),
        ]

    def __str__(self):
        return self.title

    search_meta_related = ("lead_region",)

    def search_meta(self):
        return f"{self.get_status_display()} · {self.lead_region.name}"

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    linkable_when_public = True  # other regions' editors may name a public project in their content

    @staticmethod
    def editable_condition(scope):
        """Back office: the projects the user's regions lead (regionportal.backoffice.permissions)."""
        return Q(lead_region__in=scope.region_ids)

    @classmethod
    def visible_condition(cls, scope):
        """…and the joint projects a partner organisation's staff contribute to (as proposals)."""
        return cls.editable_condition(scope) | Q(pk__in=scope.contributed_project_ids)

    def editorial_regions(self):
        return [self.lead_region]


class ProjectGoal(Goal):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals")
    is_lighthouse = models.BooleanField(_("Leuchtturmprojekt"), default=False)

    class Meta(Goal.Meta):
        verbose_name = _("Ziel / Leuchtturmprojekt")
        verbose_name_plural = _("Ziele / Leuchtturmprojekte")


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("Datum"))
    precision = models.CharField(_("Genauigkeit"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY)
    title = models.CharField(_("Ereignis"), max_length=250, help_text=_("z. B. „Beschluss des Kreistags“."))
    description = models.TextField(_("Erläuterung"), blank=True)
    url = models.URLField(_("Link"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["date"], name="milestone_date")]

    def __str__(self):
        return self.title


class Currency(models.TextChoices):
    """ISO 4217 codes of the currencies operations in and around the EU are paid in: the euro, the currencies of
    the member states outside the euro area, and those of neighbours in Interreg programmes."""

    EUR = "EUR", _("EUR – Euro")
    BGN = "BGN", _("BGN – Bulgarischer Lew")
    CZK = "CZK", _("CZK – Tschechische Krone")
    DKK = "DKK", _("DKK – Dänische Krone")
    HUF = "HUF", _("HUF – Forint")
    PLN = "PLN", _("PLN – Złoty")
    RON = "RON", _("RON – Rumänischer Leu")
    SEK = "SEK", _("SEK – Schwedische Krone")
    CHF = "CHF", _("CHF – Schweizer Franken")
    NOK = "NOK", _("NOK – Norwegische Krone")
    GBP = "GBP", _("GBP – Pfund Sterling")


class Fund(models.TextChoices):
    """The fund of an operation (Regulation (EU) 2021/1060, Art. 49(3)(i)); the values are the fund codes of the EU
    list of operations (docs/open-data.md). National funding is no fund: it is named so and has no EU share."""

    ERDF = "ERDF", _("EFRE – Europäischer Fonds für regionale Entwicklung")
    ESF_PLUS = "ESF+", _("ESF Plus – Europäischer Sozialfonds Plus")
    JTF = "JTF", _("JTF – Fonds für einen gerechten Übergang")
    EAFRD = "EAFRD", _("ELER – Europäischer Landwirtschaftsfonds für die Entwicklung des ländlichen Raums")
    EMFAF = "EMFAF", _("EMFAF – Europäischer Meeres-, Fischerei- und Aquakulturfonds")
    INTERREG = "Interreg", _("Interreg – Europäische territoriale Zusammenarbeit")
    NONE = "none", _("kein EU-Fonds (nationale Förderung)")


class NutsVersion(models.IntegerChoices):
    """The NUTS classification a code belongs to: codes change between versions."""

    NUTS_2016 = 2016, _("NUTS 2016")
    NUTS_2021 = 2021, _("NUTS 2021")
    NUTS_2024 = 2024, _("NUTS 2024")


class InterventionFieldManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class InterventionField(models.Model):
    """A code of the intervention field dimension, Regulation (EU) 2021/1060 Annex I Table 1: the "type of
    intervention" of an operation in the EU list of operations (Art. 49(3)(n)). Reference data, loaded by migration
    projects.0010 (which names its source and the codes it could not load)."""

    code = models.CharField(
        _("Code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{3}$", _("Der Code hat 3 Ziffern, z. B. „001“."))],
    )
    title = models.CharField(
        _("Bezeichnung"), max_length=300, help_text=_("Englisch, wie im Anhang I der Verordnung (EU) 2021/1060.")
    )

    objects = InterventionFieldManager()

    class Meta:
        verbose_name = _("Interventionsbereich (Anhang I)")
        verbose_name_plural = _("Interventionsbereiche (Anhang I)")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{3}$"), name="interventionfield_code")]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def natural_key(self):
        return (self.code,)


END_BEFORE_START = _("Das Ende liegt vor dem Beginn. Bitte prüfen Sie die beiden Daten.")
ELIGIBLE_ABOVE_TOTAL = _("Die förderfähigen Kosten sind höher als die Gesamtkosten.")
RATE_NOT_PERCENT = _("Der EU-Kofinanzierungssatz liegt zwischen 0 und 100 %.")
NO_FUND_NO_SHARE = _("Ohne EU-Fonds (nationale Förderung) ist der EU-Kofinanzierungssatz 0 %.")
NO_LOCATION = _(
    "Ein Vorhaben der EU-Liste braucht mindestens eine Ortsangabe: Postleitzahl, NUTS-Code oder Koordinaten."
)
CENT = Decimal("0.01")


class FundingLineQuerySet(models.QuerySet):
    def operations(self):
        """The funding lines that are operations of the EU list of operations: those with an operation code."""
        return self.filter(operation_code__isnull=False)


class FundingLine(OrderedRow):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_lines")
    programme = models.ForeignKey(
        FundingProgramme, on_delete=models.PROTECT, related_name="funding_lines", verbose_name=_("Förderprogramm")
    )  # a programme that funded projects cannot be removed by accident
    funding_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("Fördergeber"),
        help_text=_("Leer = Fördergeber des Programms."),
    )  # keep the record of who paid
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperating_funding_lines",
        verbose_name=_("in Zusammenarbeit mit"),
    )  # the funding line stays when a cooperation partner entry is removed
    grant_reference = models.CharField(_("Förderkennzeichen"), max_length=80, blank=True)
    amount = models.DecimalField(_("Fördersumme (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_is_approximate = models.BooleanField(_("Betrag ist gerundet („rund“)"), default=False)
    funding_rate = models.DecimalField(
        _("Förderquote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    own_contribution = models.DecimalField(
        _("Eigenanteil (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(
        _("Förderzeitraum von"),
        null=True,
        blank=True,
        help_text=_("Auch der Beginn des Vorhabens in der EU-Liste der Vorhaben."),
    )
    end_date = models.DateField(
        _("Förderzeitraum bis"),
        null=True,
        blank=True,
        help_text=_("Auch das (geplante) Ende des Vorhabens in der EU-Liste der Vorhaben."),
    )

    # The EU list of operations (Regulation (EU) 2021/1060, Art. 49(3)); a funding line with an operation code is an
    # operation of that list (docs/open-data.md, "operations").
    operation_code = models.CharField(
        _("Kennzeichen des Vorhabens"),
        max_length=60,
        unique=True,
        null=True,  # many lines have none; NULLs do not collide in the unique index
        blank=True,
        validators=[operation_code_validator],
        help_text=_(
            "Eindeutiges Kennzeichen in der EU-Liste der Vorhaben, z. B. das der Verwaltungsbehörde. Ohne Kennzeichen "
            "steht die Förderung nicht in der Liste."
        ),
    )
    beneficiary = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiary_funding_lines",
        verbose_name=_("Begünstigte Stelle"),
        help_text=_("Wer die Förderung erhält (juristische Person)."),
    )  # the list of operations must keep naming who received the money
    total_cost = models.DecimalField(
        _("Gesamtkosten"), max_digits=14, decimal_places=2, null=True, blank=True, help_text=_("In der Währung unten.")
    )
    total_cost_is_approximate = models.BooleanField(_("Gesamtkosten sind gerundet („rund“)"), default=False)
    eligible_cost = models.DecimalField(
        _("Förderfähige Kosten"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Höchstens die Gesamtkosten; darauf bezieht sich der EU-Kofinanzierungssatz."),
    )
    currency = models.CharField(_("Währung"), max_length=3, choices=Currency, default=Currency.EUR)
    exchange_rate = models.DecimalField(
        _("Wechselkurs (1 EUR = … Währung)"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Nur bei einer anderen Währung als Euro: der Wert von 1 Euro in dieser Währung, z. B. 7,4609."),
    )
    fund = models.CharField(_("EU-Fonds"), max_length=10, choices=Fund, blank=True)
    cofinancing_rate = models.DecimalField(
        _("EU-Kofinanzierungssatz (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Anteil der EU an den förderfähigen Kosten; 0 bei nationaler Förderung."),
    )
    specific_objective = models.CharField(
        _("Spezifisches Ziel"),
        max_length=200,
        blank=True,
        help_text=_("Das spezifische Ziel des Programms, z. B. „RSO1.1“."),
    )
    intervention_fields = models.ManyToManyField(
        InterventionField,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("Art der Intervention"),
        help_text=_("Codes des Interventionsbereichs nach Anhang I der Verordnung (EU) 2021/1060."),
    )
    postcode = models.CharField(
        _("Postleitzahl des Vorhabens"),
        max_length=5,
        blank=True,
        validators=[postcode_validator],
        help_text=_("Wo das Vorhaben stattfindet; an mehreren Orten: der Sitz der begünstigten Stelle."),
    )
    nuts_code = models.CharField(_("NUTS-Code des Vorhabens"), max_length=5, blank=True, validators=[nuts_validator])
    nuts_version = models.PositiveSmallIntegerField(
        _("NUTS-Fassung"), choices=NutsVersion, default=NutsVersion.NUTS_2021
    )
    latitude = coordinate_field(_("Breitengrad des Vorhabens"), GERMAN_LATITUDES)
    longitude = coordinate_field(_("Längengrad des Vorhabens"), GERMAN_LONGITUDES)

    objects = FundingLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="fundingline_amount_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(own_contribution__isnull=True) | Q(own_contribution__gte=0),
                name="fundingline_own_contribution_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(funding_rate__isnull=True) | Q(funding_rate__gte=0, funding_rate__lte=100),
                name="fundingline_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="fundingline_end_after_start",
                violation_error_message=END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(operation_code__isnull=True) | Q(operation_code__regex=OPERATION_CODE_REGEX),
                name="fundingline_operation_code_format",
            ),
            models.CheckConstraint(
                condition=(Q(total_cost__isnull=True) | Q(total_cost__gte=0))
                & (Q(eligible_cost__isnull=True) | Q(eligible_cost__gte=0)),
                name="fundingline_costs_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(eligible_cost__isnull=True)
                | Q(total_cost__isnull=True)
                | Q(eligible_cost__lte=F("total_cost")),
                name="fundingline_eligible_within_total",
                violation_error_message=ELIGIBLE_ABOVE_TOTAL,
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_rate__isnull=True) | Q(cofinancing_rate__gte=0, cofinancing_rate__lte=100),
                name="fundingline_cofinancing_rate_percent",
                violation_error_message=RATE_NOT_PERCENT,
            ),
            models.CheckConstraint(condition=Q(currency__in=Currency.values), name="fundingline_currency_iso_4217"),
            models.CheckConstraint(
                condition=Q(currency=Currency.EUR, exchange_rate__isnull=True)
                | (~Q(currency=Currency.EUR) & Q(exchange_rate__isnull=False, exchange_rate__gt=0)),
                name="fundingline_exchange_rate_unless_euro",
                violation_error_message=_("Nur Beträge in einer anderen Währung als Euro haben einen Wechselkurs."),
            ),
            models.CheckConstraint(condition=Q(fund="") | Q(fund__in=Fund.values), name="fundingline_fund_known"),
            models.CheckConstraint(
                condition=~Q(fund=Fund.NONE) | Q(cofinancing_rate__isnull=True) | Q(cofinancing_rate=0),
                name="fundingline_no_fund_no_eu_share",
                violation_error_message=NO_FUND_NO_SHARE,
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=POSTCODE_REGEX), name="fundingline_postcode_format"
            ),
            models.CheckConstraint(
                condition=Q(nuts_code="") | Q(nuts_code__regex=NUTS_REGEX), name="fundingline_nuts_code_format"
            ),
            coordinates_in_germany("fundingline_coordinates_in_germany"),
            models.CheckConstraint(
                condition=Q(operation_code__isnull=True)
                | ~Q(postcode="")
                | ~Q(nuts_code="")
                | Q(latitude__isnull=False),
                name="fundingline_operation_located",
                violation_error_message=NO_LOCATION,
            ),
            models.CheckConstraint(
                condition=Q(operation_code__isnull=True)
                | (
                    Q(
                        beneficiary__isnull=False,
                        total_cost__isnull=False,
                        cofinancing_rate__isnull=False,
                        start_date__isnull=False,
                        end_date__isnull=False,
                    )
                    & ~Q(fund="")
                    & (Q(fund=Fund.NONE) | Q(eligible_cost__isnull=False))
                ),
                name="fundingline_operation_complete",
                violation_error_message=_("Für die EU-Liste der Vorhaben fehlen Angaben."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.project}"

    @property
    def effective_funding_body(self):
        return self.funding_body or self.programme.funding_body

    @property
    def is_operation(self):
        return self.operation_code is not None

    @property
    def is_eu_cofinanced(self):
        """Whether one of the EU's funds pays a part (not for national funding or a line without fund)."""
        return self.fund not in ("", Fund.NONE)

    @property
    def eu_share(self):
        """The Union's part of the eligible cost (Kohesio's "EU contribution"), in the operation's currency, to
        the cent; 0 without EU co-financing, None while cost or rate are unknown."""
        if self.cofinancing_rate == 0:
            return Decimal("0.00")
        if self.cofinancing_rate is None or self.eligible_cost is None:
            return None
        return (self.eligible_cost * self.cofinancing_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)

    def clean(self):
        """The constraints' rules with a message at the field concerned (the constraints back them)."""
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = END_BEFORE_START
        if self.eligible_cost is not None and self.total_cost is not None and self.eligible_cost > self.total_cost:
            errors["eligible_cost"] = ELIGIBLE_ABOVE_TOTAL
        if self.currency == Currency.EUR and self.exchange_rate is not None:
            errors["exchange_rate"] = _("Beträge in Euro haben keinen Wechselkurs: bitte lassen Sie das Feld leer.")
        elif self.currency != Currency.EUR and not self.exchange_rate:
            errors["exchange_rate"] = _("Für Beträge in %(currency)s ist der Wechselkurs zum Euro nötig.") % {
                "currency": self.currency
            }
        if self.fund == Fund.NONE and self.cofinancing_rate:
            errors["cofinancing_rate"] = NO_FUND_NO_SHARE
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Bitte geben Sie Breiten- und Längengrad an oder keinen von beiden."
            )
        if self.operation_code:
            errors = self.missing_for_the_list() | errors
        if errors:
            raise ValidationError(errors)

    def missing_for_the_list(self):
        """``{field: message}`` for what an operation of the EU list needs and lacks."""
        missing = {}
        if not (self.postcode or self.nuts_code or self.latitude is not None):
            missing["postcode"] = NO_LOCATION
        needed = ["beneficiary", "fund", "total_cost", "cofinancing_rate", "start_date", "end_date"]
        if self.fund and self.fund != Fund.NONE:
            needed.append("eligible_cost")
        for name in needed:
            if getattr(self, self._meta.get_field(name).attname) in (None, ""):
                missing[name] = _("Für die EU-Liste der Vorhaben nötig, weil ein Kennzeichen angegeben ist.")
        return missing


class ProjectContact(OrderedRow):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_contacts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="project_roles", verbose_name=_("Person"))
    role = models.CharField(_("Rolle im Projekt"), max_length=200, blank=True, help_text=_("z. B. „Auskunft“."))

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Kontakt im Projekt")
        verbose_name_plural = _("Kontakte im Projekt")
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="projectcontact_unique")]

    def __str__(self):
        return f"{self.person} ({self.role})" if self.role else str(self.person)


class ProjectImage(OrderedRow):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_images")
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="project_uses", verbose_name=_("Bild"))

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Projektbild")
        verbose_name_plural = _("Projektbilder")
        constraints = [models.UniqueConstraint(fields=["project", "image"], name="projectimage_unique")]

    def __str__(self):
        return str(self.image)


class ProjectDocument(OrderedRow):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_documents")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="project_uses", verbose_name=_("Dokument")
    )

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Projektdokument")
        verbose_name_plural = _("Projektdokumente")
        constraints = [models.UniqueConstraint(fields=["project", "document"], name="projectdocument_unique")]

    def __str__(self):
        return str(self.document)


class ProjectLink(OrderedRow):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("Linktext"), max_length=200)
    url = models.URLField(_("Adresse"))

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Weiterführender Link")
        verbose_name_plural = _("Weiterführende Links")

    def __str__(self):
        return self.title
