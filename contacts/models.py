"""Organisations and people the public can contact. Knows no other app of the portal."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regionportal.publishing.models import (
    Publishable,
    created_by,
    join_free,
    publishable_constraints,
    published_condition,
)
from regionportal.search.index import search_indexes

phone_validator = RegexValidator(
    r"^\+?[0-9 /()\-–]{3,40}$",
    _("Bitte nur Ziffern, Leerzeichen und / ( ) - + verwenden, z. B. „0 23 03 / 27-14 61“."),
)


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministerium / Bundesbehörde")
    AUTHORITY = "authority", _("Behörde / Verwaltung")
    COUNTY = "county", _("Kreis")
    MUNICIPALITY = "municipality", _("Stadt / Gemeinde")
    ASSOCIATION = "association", _("Verband / Verein")
    COMPANY = "company", _("Unternehmen / Gesellschaft")
    RESEARCH = "research", _("Forschung / Beratung")
    POLITICAL = "political", _("Politische Vertretung")
    MEDIA = "media", _("Medien / Pressestelle")
    OTHER = "other", _("Sonstige")


class ContactDetails(models.Model):
    """Ways to reach someone, shared by organisations and people.

    In the back office (regionportal.backoffice.permissions) the contacts are a shared directory: every region's
    editors may name a public entry; they change the entries their regions' content names (``region_lookups``)
    and the ones they created themselves.
    """

    linkable_when_public = True
    region_lookups = ()

    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[phone_validator])
    fax = models.CharField(_("Fax"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    confirmed_on = models.DateField(
        _("Stand"),
        null=True,
        blank=True,
        help_text=_("Wann die Angaben zuletzt geprüft wurden. Nach 12 Monaten erinnert das Dashboard daran."),
    )

    class Meta:
        abstract = True

    @classmethod
    def editable_condition(cls, scope):
        named = Q()
        for lookup in cls.region_lookups:
            named |= Q(**{f"{lookup}__in": scope.region_ids})
        return join_free(cls, named) | created_by(cls, scope.user_id)

    @property
    def phone_uri(self):
        return tel_uri(self.phone)

    @property
    def fax_uri(self):
        return tel_uri(self.fax)


def tel_uri(number):
    """A dialable tel: URI for a German number as printed, e.g. '0 23 03 / 27-14 61' -> 'tel:+492303271461'."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if not digits:
        return ""
    if digits.startswith("+"):
        return f"tel:{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+49{digits[1:]}"
    return f"tel:{digits}"


class Organisation(Publishable, ContactDetails):
    name = models.CharField(_("Name"), max_length=250)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True, help_text=_("z. B. „WFG“ oder „BMR“."))
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER)
    description = models.TextField(_("Beschreibung"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnete Organisation"),
    )  # a sub-unit survives when its parent entry is removed
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("PLZ"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$", _("Fünf Ziffern."))]
    )
    city = models.CharField(_("Ort"), max_length=120, blank=True)

    search_document = {"A": ("name", "short_name"), "C": ("description",), "D": ("city",)}
    # the regions whose content names an organisation: as the region's own, a project's lead or partner
    region_lookups = ("regions", "led_projects__lead_region", "partner_projects__lead_region")

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        indexes = search_indexes("organisation", "name")
        constraints = publishable_constraints("organisation") + [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="organisation_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:organisation", kwargs={"slug": self.slug})

    def search_meta(self):
        return self.get_kind_display()

    @property
    def display_name(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Person(Publishable, ContactDetails):
    academic_title = models.CharField(_("akademischer Titel"), max_length=40, blank=True, help_text=_("z. B. „Dr.“"))
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    position = models.CharField(_("Funktion"), max_length=250, blank=True, help_text=_("z. B. „Regionalmanager“."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("Organisation"),
    )  # a person's entry stays when their organisation is removed

    search_document = {"A": ("last_name", "first_name"), "B": ("position",), "D": ("organisation__name",)}
    # the regions whose content names a person: as a region's contact, a project's or an article's
    region_lookups = ("region_roles__region", "project_roles__project__lead_region", "article_roles__article__regions")

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]
        indexes = search_indexes("person", "last_name")
        constraints = publishable_constraints("person")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contacts:person", kwargs={"slug": self.slug})

    search_meta_related = ("organisation",)

    def search_meta(self):
        return self.organisation.name if self.organisation else _("Person")

    @property
    def full_name(self):
        return " ".join(part for part in (self.academic_title, self.first_name, self.last_name) if part)


def with_public_organisation(queryset, person="person"):
    """Rows naming a person (``person`` is the path to it), each with ``public_organisation``: the person's
    organisation while it is public, else None – joined in the same query, as includes/contact_block.html wants."""
    path = f"{person}__organisation"
    return queryset.annotate(
        public_organisation=FilteredRelation(path, condition=published_condition(f"{path}__"))
    ).select_related(person, "public_organisation")
