"""The accessibility statement (one per site) and the barriers visitors report through its form."""

from datetime import timedelta

from django.contrib.sites.models import Site
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# What the demo content and the templates of earlier versions put where the operator still has to write.
PLACEHOLDER_MARKER = "[Vom Betreiber einzutragen"
# How the demo content (fixtures/06_legal_pages.json) names its operator: complete, but not the real one.
DEMO_MARKER = "Demo-Betrieb"


class Conformance(models.TextChoices):
    FULL = "full", _("vollständig vereinbar")
    PARTIAL = "partial", _("teilweise vereinbar")
    NONE = "none", _("nicht vereinbar")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Selbstbewertung")
    EXTERNAL = "external", _("Prüfung durch Dritte")


class AccessibilityStatement(models.Model):
    """The statement required by § 12b BGG / § 7 BITV 2.0 and the Länder laws, in the model statement's order."""

    site = models.OneToOneField(
        Site,
        on_delete=models.CASCADE,  # a statement describes one site and goes with it
        related_name="accessibility_statement",
        verbose_name=_("Website"),
    )
    operator = models.CharField(
        _("öffentliche Stelle"),
        max_length=200,
        help_text=_("Wer das Portal betreibt und für die Barrierefreiheit verantwortlich ist, z. B. „Kreis Unna“."),
    )
    legal_basis = models.CharField(
        _("Rechtsgrundlage"),
        max_length=400,
        help_text=_(
            "Die Vorschriften, die für die Stelle gelten, passend in den Satz „… ist bemüht, dieses Portal im Einklang "
            "mit … barrierefrei zugänglich zu machen“, z. B. „dem Behindertengleichstellungsgesetz (BGG) und der "
            "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0)“ oder die entsprechenden Landesgesetze."
        ),
    )
    conformance = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=10,
        choices=Conformance,
        help_text=_(
            "Wie weit das Portal die Anforderungen erfüllt (nach der Prüfung unten). Was nicht barrierefrei ist, "
            "steht ganz unten unter „Nicht barrierefreie Inhalte“."
        ),
    )
    assessment_method = models.CharField(
        _("Methode der Prüfung"),
        max_length=10,
        choices=AssessmentMethod,
        help_text=_("Selbstbewertung oder Prüfung durch eine externe Prüfstelle."),
    )
    assessment_details = models.CharField(
        _("Einzelheiten der Prüfung"),
        max_length=400,
        blank=True,
        help_text=_("Z. B. Prüfverfahren, Prüfschritte oder Prüfstelle: „BITV-Test, 60 Prüfschritte“."),
    )
    assessed_on = models.DateField(_("geprüft am"), help_text=_("Datum der letzten Prüfung."))
    prepared_on = models.DateField(_("Erklärung erstellt am"), help_text=_("Datum, an dem die Erklärung entstand."))
    reviewed_on = models.DateField(
        _("zuletzt überprüft am"),
        null=True,
        blank=True,
        help_text=_("Datum der letzten Überprüfung der Erklärung (mindestens einmal im Jahr)."),
    )
    feedback_office = models.CharField(
        _("zuständige Stelle für Rückmeldungen"),
        max_length=300,
        help_text=_("Wer Meldungen zu Barrieren beantwortet, z. B. „Kreis Unna, Kreisentwicklung“."),
    )
    feedback_email = models.EmailField(
        _("E-Mail-Adresse für Rückmeldungen"),
        help_text=_("Wird auf der Seite genannt; an sie geht jede Meldung aus dem Formular „Barriere melden“."),
    )
    feedback_phone = models.CharField(_("Telefon für Rückmeldungen"), max_length=40, blank=True)
    feedback_address = models.TextField(
        _("Anschrift für Rückmeldungen"), blank=True, help_text=_("Postanschrift der zuständigen Stelle.")
    )
    enforcement_body = models.CharField(
        _("Ombuds- oder Durchsetzungsstelle des Landes"),
        max_length=300,
        blank=True,
        help_text=_(
            "Nur für Stellen der Länder und Kommunen, z. B. „Ombudsstelle für barrierefreie Informationstechnik "
            "des Landes Nordrhein-Westfalen“. Die Schlichtungsstelle nach § 16 BGG nennt die Seite immer."
        ),
    )
    enforcement_url = models.URLField(_("Internetadresse der Ombudsstelle"), blank=True)
    enforcement_email = models.EmailField(_("E-Mail-Adresse der Ombudsstelle"), blank=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärungen zur Barrierefreiheit")

    def __str__(self):
        return str(self._meta.verbose_name)

    def get_absolute_url(self):
        return reverse("portal:accessibility")

    def non_accessible_by_reason(self):
        """The non-accessible parts grouped as the model statement lists them: (reason, parts) in the order of
        ``NonAccessibleReason``, reasons without parts left out."""
        parts = list(self.non_accessible_parts.all())
        groups = [(reason, [part for part in parts if part.reason == reason]) for reason in NonAccessibleReason]
        return [(reason, found) for reason, found in groups if found]


class NonAccessibleReason(models.TextChoices):
    """Why a part is not accessible, in the order of the model statement's list (a), (b), (c)."""

    NON_COMPLIANCE = "non-compliance", _("Unvereinbarkeit mit den Anforderungen")
    DISPROPORTIONATE_BURDEN = "disproportionate-burden", _("unverhältnismäßige Belastung")
    OUT_OF_SCOPE = "out-of-scope", _("nicht im Anwendungsbereich der Vorschriften")


class NonAccessibleContent(models.Model):
    """One part of the portal that is not accessible, why (the model statement's three reasons) and the accessible
    alternative."""

    statement = models.ForeignKey(
        AccessibilityStatement,
        on_delete=models.CASCADE,  # a part of the statement, nothing without it
        related_name="non_accessible_parts",
        verbose_name=_("Erklärung zur Barrierefreiheit"),
    )
    content = models.CharField(
        _("Inhalt"),
        max_length=200,
        help_text=_("Welcher Teil des Portals nicht barrierefrei ist, z. B. „Dokumente zum Herunterladen“."),
    )
    reason = models.CharField(
        _("Grund"),
        max_length=24,
        choices=NonAccessibleReason,
        help_text=_(
            "„Unvereinbarkeit“: die Anforderungen sind (noch) nicht erfüllt. „Unverhältnismäßige Belastung“ nur nach "
            "einer dokumentierten Abwägung. „Nicht im Anwendungsbereich“: z. B. Dateien aus der Zeit vor dem "
            "23.09.2018 oder Inhalte Dritter, die die Stelle weder finanziert noch kontrolliert."
        ),
    )
    explanation = models.TextField(
        _("Was fehlt und warum"),
        help_text=_("Welche Anforderungen nicht erfüllt sind, und bei einer Belastung die Gründe der Abwägung."),
    )
    alternative = models.TextField(
        _("zugängliche Alternative"),
        blank=True,
        help_text=_("Wie Menschen die Inhalte trotzdem bekommen, z. B. „Auf Anfrage senden wir sie als Text.“"),
    )

    class Meta:
        verbose_name = _("nicht barrierefreier Inhalt")
        verbose_name_plural = _("nicht barrierefreie Inhalte")
        ordering = ["pk"]

    def __str__(self):
        return self.content


class ReportStatus(models.TextChoices):
    NEW = "new", _("neu")
    IN_PROGRESS = "in_progress", _("in Bearbeitung")
    ANSWERED = "answered", _("beantwortet")
    CLOSED = "closed", _("erledigt")


DONE_STATUSES = (ReportStatus.ANSWERED, ReportStatus.CLOSED)
# How long a done report is kept after it came in: long enough for an ombudsman procedure (privacy notice).
REPORT_RETENTION = timedelta(days=365)


class BarrierReportQuerySet(models.QuerySet):
    def due_for_deletion(self, now):
        """Done reports received more than ``REPORT_RETENTION`` ago (what the privacy notice promises)."""
        return self.filter(status__in=DONE_STATUSES, created_at__lt=now - REPORT_RETENTION)


class BarrierReport(models.Model):
    """A barrier a visitor reported through the form of the accessibility statement."""

    page_url = models.CharField(
        _("Seite"), max_length=500, blank=True, help_text=_("Die Adresse der Seite, auf der die Barriere auftrat.")
    )
    description = models.TextField(_("Beschreibung"), max_length=5000)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=ReportStatus, default=ReportStatus.NEW)
    note = models.TextField(
        _("interne Notiz"), blank=True, help_text=_("Was die Stelle unternommen hat; nur in der Verwaltung sichtbar.")
    )
    created_at = models.DateTimeField(_("eingegangen"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(
        _("Stelle benachrichtigt"),
        null=True,
        blank=True,
        help_text=_("Wann die Meldung per E-Mail an die zuständige Stelle ging; leer, wenn das Senden scheiterte."),
    )

    objects = BarrierReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung einer Barriere")
        verbose_name_plural = _("Meldungen von Barrieren")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} – {self.page_url or _('ohne Seitenangabe')}"
