"""Council decisions (Beschlüsse) about projects, entered by editors or read from an OParl 1.1 system.

A decision belongs to the body that took it (Kreistag, Regionalrat …) and names the projects it concerns. Records
read by ``manage.py import_oparl`` carry the OParl ``Paper`` URL and remember in ``imported_values`` what the import
wrote, so that a later import changes only what no editor has changed since (docs/oparl.md).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models import Project, Region
from regionportal.publishing.models import join_free


class BodyManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Body(models.Model):
    """A council or committee that takes decisions (Gremium), in OParl terms a ``Body``."""

    name = models.CharField(_("Name"), max_length=200, unique=True, help_text=_("z. B. „Kreistag Kreis Unna“."))
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("Region"),
        help_text=_("Die Redaktion dieser Region pflegt auch Beschlüsse des Gremiums, die noch kein Projekt nennen."),
    )  # the body and its decisions stay when the region entry is removed
    website = models.URLField(_("Ratsinformationssystem"), max_length=500, blank=True)
    oparl_id = models.URLField(
        _("OParl-Adresse"),
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Die Adresse des OParl-Objekts „Body“, z. B. https://ris.example.de/oparl/v1.1/body/1."),
    )
    oparl_synced_at = models.DateTimeField(
        _("zuletzt aus OParl abgeglichen"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Beginn des letzten erfolgreichen Abgleichs; der nächste fragt nur nach Änderungen seitdem."),
    )

    objects = BodyManager()

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class DecisionResult(models.TextChoices):
    ADOPTED = "adopted", _("beschlossen")
    ADOPTED_AMENDED = "adopted-amended", _("geändert beschlossen")
    REJECTED = "rejected", _("abgelehnt")
    POSTPONED = "postponed", _("vertagt")
    NOTED = "noted", _("zur Kenntnis genommen")
    REFERRED = "referred", _("verwiesen")


class Decision(models.Model):
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,  # decisions taken over from milestones (migration 0002) do not know their body yet
        related_name="decisions",
        verbose_name=_("Gremium"),
    )  # a body with decisions cannot be removed by accident
    date = models.DateField(
        _("Datum"), null=True, blank=True, help_text=_("Tag der Sitzung, sonst das Datum der Drucksache.")
    )
    reference = models.CharField(
        _("Drucksache"), max_length=100, blank=True, help_text=_("Nummer der Vorlage, z. B. „DS 12/2024“.")
    )
    title = models.CharField(_("Titel"), max_length=1000)
    paper_type = models.CharField(
        _("Art der Vorlage"), max_length=200, blank=True, help_text=_("z. B. „Beschlussvorlage“.")
    )
    result = models.CharField(
        _("Ergebnis"), max_length=16, choices=DecisionResult, blank=True, help_text=_("Leer = noch nicht bekannt.")
    )
    url = models.URLField(
        _("Link"), max_length=500, blank=True, help_text=_("Die Seite im Ratsinformationssystem, für Menschen.")
    )
    oparl_id = models.URLField(
        _("OParl-Adresse der Drucksache"),
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Die Adresse des OParl-Objekts „Paper“; der Abgleich setzt sie."),
    )
    is_withdrawn = models.BooleanField(
        _("zurückgezogen"),
        default=False,
        help_text=_("Die Drucksache ist im Ratsinformationssystem gelöscht (OParl „deleted“)."),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="decisions", verbose_name=_("Projekte"), help_text=_("Worum es geht.")
    )
    imported_values = models.JSONField(
        _("zuletzt importierte Werte"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Was der OParl-Abgleich zuletzt geschrieben hat; ein Feld mit anderem Wert hat die Redaktion."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["-date", "reference", "pk"]
        constraints = [
            # one record per Drucksache of a body: the import finds an editor's record by it
            models.UniqueConstraint(
                fields=["body", "reference"], condition=~Q(reference=""), name="decision_unique_reference"
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}" if self.reference else self.title

    @classmethod
    def editable_condition(cls, scope):
        """Back office: a decision about one of the region's projects, or one of the region's bodies that names
        no project yet (regionportal.backoffice.permissions)."""
        return join_free(
            cls,
            Q(projects__lead_region__in=scope.region_ids) | Q(body__region__in=scope.region_ids, projects__isnull=True),
        )
