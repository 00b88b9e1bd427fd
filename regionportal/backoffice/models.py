"""Who works on what in the back office: region editors, contributors of partner organisations, their proposals."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EditorAssignment(models.Model):
    """A back-office user is responsible for one region: they see and edit its content, nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_assignments",
        verbose_name=_("Benutzer/in"),
    )
    region = models.ForeignKey(
        "projects.Region",
        on_delete=models.CASCADE,
        related_name="editor_assignments",
        verbose_name=_("Region"),
        help_text=_("Die Region, deren Inhalte diese Person bearbeiten darf."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zuständigkeit für eine Region")
        verbose_name_plural = _("Zuständigkeiten für Regionen")
        ordering = ["region__name"]
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="editorassignment_unique")]
        permissions = [
            ("publish_content", _("Inhalte veröffentlichen, zurückziehen, archivieren und zeitlich planen")),
            ("manage_portal", _("Alle Regionen und die Stammdaten des Portals verwalten")),
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


class ProjectContributor(models.Model):
    """Staff of a partner organisation who may propose changes to one project of another region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_contributions",
        verbose_name=_("Benutzer/in"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="contributors",
        verbose_name=_("Projekt"),
        help_text=_("Änderungen dieser Person gehen als Vorschlag an die Redaktion der federführenden Region."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitwirkung an einem Projekt")
        verbose_name_plural = _("Mitwirkungen an Projekten")
        ordering = ["project__title"]
        constraints = [models.UniqueConstraint(fields=["user", "project"], name="projectcontributor_unique")]

    def __str__(self):
        return f"{self.user} – {self.project}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("wartet auf Prüfung")
    ACCEPTED = "accepted", _("übernommen")
    REJECTED = "rejected", _("abgelehnt")


class ChangeProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ProposalStatus.OPEN)


def display_name(user):
    """How the back office names a person: "Anna Schmidt", the login only for an account without a name."""
    return user.get_full_name() or user.get_username()


class ChangeProposal(models.Model):
    """Changes a project contributor proposed; the region's editors accept or reject them."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="change_proposals", verbose_name=_("Projekt")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="change_proposals",
        verbose_name=_("vorgeschlagen von"),
    )  # the proposal stays reviewable when the contributor's account is removed
    changes = models.JSONField(
        _("vorgeschlagene Änderungen"),
        encoder=DjangoJSONEncoder,
        help_text=_("Feldname und neuer Wert, so wie die mitwirkende Person sie eingegeben hat."),
    )
    status = models.CharField(_("Stand"), max_length=10, choices=ProposalStatus, default=ProposalStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )  # keep the decision when the reviewer's account is removed
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True)

    objects = ChangeProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderungsvorschlag")
        verbose_name_plural = _("Änderungsvorschläge")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.OPEN) | Q(decided_at__isnull=False), name="changeproposal_decided_at"
            ),
        ]

    def __str__(self):
        return _("Vorschlag für „%(project)s“") % {"project": self.project}

    @property
    def proposer_name(self):
        """Who proposed it, by name ("Lena Wagner"); None once the account is removed."""
        return display_name(self.proposed_by) if self.proposed_by else None

    @staticmethod
    def editable_condition(scope):
        """Proposals for the user's regions' projects, and the user's own."""
        return Q(project__lead_region__in=scope.region_ids) | Q(proposed_by=scope.user_id)
