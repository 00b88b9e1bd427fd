"""Portal-wide building blocks shared on purpose by the apps: publication state, short links, media."""

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .search_index import Searchable

SHORT_CODE_LENGTH = 6
short_code_validator = RegexValidator(r"^[0-9a-f]{6}$", _("Ein Kurzcode besteht aus genau 6 Zeichen 0–9 und a–f."))


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    REVIEW = "review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    UNPUBLISHED = "unpublished", _("Zurückgezogen")
    ARCHIVED = "archived", _("Archiviert")


def published_condition(prefix="", at=None):
    """The one place that answers "is it public?", for rows reached through ``prefix`` (e.g. ``"organisation__"``).

    ``published()`` filters by it; a ``FilteredRelation`` joins only public rows with it.
    """
    now = at or timezone.now()
    return (
        (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now}))
        & Q(**{f"{prefix}state": PublicationState.PUBLISHED})
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        return self.filter(published_condition(at=at))

    def next_changes(self, after=None):
        """When the public set of these rows changes by itself next: one row (earliest publish_at to come,
        earliest unpublish_at to come), or none; ``union()`` combines those of several models into one query."""
        now = after or timezone.now()
        return (
            self.filter(state=PublicationState.PUBLISHED)
            .order_by()
            .annotate(group=models.Value(1))
            .values("group")
            .annotate(
                publish=models.Min("publish_at", filter=Q(publish_at__gt=now)),
                unpublish=models.Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
            )
            .values_list("publish", "unpublish")
        )


def is_published(model, ref="pk"):
    """Annotation: is the row ``ref`` points at public? Its name is shown either way, linked only then."""
    return models.Exists(model.objects.published().filter(pk=models.OuterRef(ref)))


class PublishableManager(models.Manager.from_queryset(PublishableQuerySet)):
    """Publishable models are addressed by their unique slug in fixtures (natural keys)."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ShortLinkQuerySet(models.QuerySet):
    def allocate(self):
        """Reserve a fresh random code; the unique index makes a collision retry, never a reuse."""
        while True:
            code = secrets.token_hex(SHORT_CODE_LENGTH // 2)
            try:
                with transaction.atomic():
                    return self.create(code=code)
            except IntegrityError:
                continue

    def register(self, obj):
        """Make sure ``obj`` has a short code and that the registry points at it."""
        content_type = ContentType.objects.get_for_model(obj)
        if obj.short_code:
            link, _created = self.get_or_create(
                code=obj.short_code, defaults={"content_type": content_type, "object_id": obj.pk}
            )
            if (link.content_type_id, link.object_id) != (content_type.pk, obj.pk):
                raise IntegrityError(f"Short code {obj.short_code} already belongs to another object.")
            return link
        link = self.filter(content_type=content_type, object_id=obj.pk).first()
        if link is None:  # a code once given to this object is kept, e.g. after reloading fixtures
            link = self.allocate()
            link.content_type, link.object_id = content_type, obj.pk
            link.save(update_fields=["content_type", "object_id"])
        type(obj).objects.filter(pk=obj.pk).update(short_code=link.code)
        obj.short_code = link.code
        return link

    def register_all(self):
        """Give every publishable object a registered code (after loading fixtures or an import)."""
        from django.apps import apps

        count = 0
        for model in apps.get_models():
            if issubclass(model, Publishable):
                registered = self.filter(content_type=ContentType.objects.get_for_model(model)).values("object_id")
                missing = model.objects.filter(Q(short_code__isnull=True) | ~Q(pk__in=registered))
                for obj in missing.only("pk", "short_code"):
                    self.register(obj)
                    count += 1
        return count


class ShortLink(models.Model):
    """Registry of every short code ever handed out. Rows are never deleted, so a code is never reused."""

    code = models.CharField(_("Kurzcode"), max_length=SHORT_CODE_LENGTH, unique=True, validators=[short_code_validator])
    # The target may be deleted later; the row stays so the code keeps answering (404/410) and is not reused.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Inhaltstyp"),
    )
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    hits = models.PositiveIntegerField(_("Aufrufe"), default=0)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    objects = ShortLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kurzlink")
        verbose_name_plural = _("Kurzlinks")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9a-f]{6}$"), name="shortlink_code_format"),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="shortlink_one_per_object",
                condition=Q(object_id__isnull=False),
            ),
        ]

    def __str__(self):
        return f"pk-{self.code}"

    def get_absolute_url(self):
        return reverse("portal:shortlink", kwargs={"code": self.code})


class Publishable(Searchable):
    """Editorial state, scheduling and the permanent short code of a public object; found by the site search."""

    state = models.CharField(
        _("Status der Veröffentlichung"),
        max_length=12,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
        help_text=_("Nur veröffentlichte Inhalte erscheinen auf den öffentlichen Seiten."),
    )
    publish_at = models.DateTimeField(
        _("veröffentlichen ab"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, um sofort zu veröffentlichen. Vorher ist der Inhalt nicht sichtbar."),
    )
    unpublish_at = models.DateTimeField(
        _("sichtbar bis"),
        null=True,
        blank=True,
        help_text=_("Optional: ab diesem Zeitpunkt verschwindet der Inhalt von den öffentlichen Seiten."),
    )
    short_code = models.CharField(
        _("Kurzcode"),
        max_length=SHORT_CODE_LENGTH,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        validators=[short_code_validator],
        help_text=_("Wird automatisch vergeben und ändert sich nie, auch nicht bei neuem Titel."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True, db_index=True)

    objects = PublishableManager()
    # Every save keeps a version (who, when, what) in a historical table next to each concrete model.
    history = HistoricalRecords(inherit=True, excluded_fields=["search_text"])  # derived, not a version

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding or not self.short_code:
                ShortLink.objects.register(self)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self):
        return type(self).objects.published().filter(pk=self.pk).exists()

    @property
    def is_scheduled(self):
        """Published, but its time to become public has not come yet."""
        return (
            self.state == PublicationState.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def short_path(self):
        return reverse("portal:shortlink", kwargs={"code": self.short_code}) if self.short_code else ""


def publishable_constraints(prefix):
    """Database checks every publishable model carries."""
    return [
        models.CheckConstraint(
            condition=Q(unpublish_at__isnull=True)
            | Q(publish_at__isnull=True)
            | Q(unpublish_at__gt=models.F("publish_at")),
            name=f"{prefix}_unpublish_after_publish",
        ),
        models.CheckConstraint(
            condition=Q(short_code__isnull=True) | Q(short_code__regex=r"^[0-9a-f]{6}$"),
            name=f"{prefix}_short_code_format",
        ),
    ]


class Licence(models.TextChoices):
    ALL_RIGHTS = "all-rights", _("Alle Rechte vorbehalten (Nutzung mit Genehmigung)")
    CC_BY_4 = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    DL_DE_BY_2 = "dl-de-by-2.0", _("Datenlizenz Deutschland – Namensnennung 2.0")
    PUBLIC_DOMAIN = "public-domain", _("gemeinfrei")


class ImageQuerySet(models.QuerySet):
    def usable(self, on=None):
        """Images whose usage rights have not expired."""
        return self.filter(usable_condition(on=on))


def usable_condition(prefix="", on=None):
    """The rule of ``Image.objects.usable()`` for an image reached through ``prefix`` (e.g. ``"image__"``)."""
    today = on or timezone.localdate()
    return Q(**{f"{prefix}rights_expire_on__isnull": True}) | Q(**{f"{prefix}rights_expire_on__gte": today})


def generated_name(folder, filename):
    """A fresh random file name in ``folder``/<year>/, keeping only the extension the upload check chose."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not (suffix[1:].isascii() and suffix[1:].isalnum()):
        suffix = ""
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


def image_upload_to(instance, filename):
    return generated_name("bilder", filename)


def document_upload_to(instance, filename):
    return generated_name("dokumente", filename)


class Image(models.Model):
    file = models.ImageField(
        _("Bilddatei"),
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        help_text=_(
            "JPEG, PNG oder WebP, höchstens 15 MB und 40 Megapixel. Das Bild wird aufgerichtet und ohne "
            "Metadaten (z. B. Aufnahmeort) gespeichert."
        ),
    )
    width = models.PositiveIntegerField(_("Breite"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("Höhe"), null=True, blank=True, editable=False)
    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("Interner Name, z. B. „Technologiezentrum Lünen-Brambauer“.")
    )
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Beschreibt, was auf dem Bild zu sehen ist – für Menschen, die das Bild nicht sehen können."),
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=500, blank=True)
    creator = models.CharField(_("Urheber/in"), max_length=200, help_text=_("z. B. „Hans Blossey“ oder „HSK“."))
    credit_line = models.CharField(
        _("Bildnachweis"), max_length=300, help_text=_("So wie er unter dem Bild steht, z. B. „Foto: Hans Blossey“.")
    )
    licence = models.CharField(_("Lizenz"), max_length=20, choices=Licence, default=Licence.ALL_RIGHTS)
    source_url = models.URLField(_("Quelle (Link)"), blank=True)
    rights_expire_on = models.DateField(
        _("Nutzungsrechte bis"),
        null=True,
        blank=True,
        help_text=_("Nach diesem Tag wird das Bild nirgends mehr angezeigt."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_images",
        verbose_name=_("hochgeladen von"),
    )  # keep the image when the uploader's account is removed
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    renditions = models.JSONField(
        _("Bildvarianten"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Verkleinerte Fassungen für die öffentlichen Seiten; werden automatisch erzeugt."),
    )

    objects = ImageQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["renditions"])  # derived from the file, remade on restore

    class Meta:
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
            models.CheckConstraint(condition=~Q(credit_line=""), name="image_credit_required"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from .media import refresh_renditions  # media builds its upload forms on these models

        if self.file and not self.file._committed:  # store the file first: its renditions are named after it
            self.file.save(self.file.name, self.file.file, save=False)
        if refresh_renditions(self) and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "renditions"}
        super().save(*args, **kwargs)

    @cached_property
    def picture(self):
        """The responsive sources of this image for ``<picture>`` (regionportal.media.Picture)."""
        from .media import picture_for

        return picture_for(self)


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word-Dokument")
    XLSX = "xlsx", _("Excel-Tabelle")
    PPTX = "pptx", _("PowerPoint-Präsentation")
    ODT = "odt", _("OpenDocument-Text")
    ODS = "ods", _("OpenDocument-Tabelle")
    WEB = "web", _("Webseite")


class Document(models.Model):
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    file = models.FileField(
        _("Datei"),
        upload_to=document_upload_to,
        blank=True,
        help_text=_(
            "PDF, Word, Excel, PowerPoint oder OpenDocument (Text, Tabelle), höchstens 25 MB. "
            "Dateityp und Größe werden aus der Datei übernommen."
        ),
    )
    external_url = models.URLField(
        _("externer Link"), blank=True, help_text=_("Nur wenn das Dokument nicht hier hochgeladen ist.")
    )
    file_type = models.CharField(_("Dateityp"), max_length=8, choices=DocumentType, default=DocumentType.PDF)
    size_bytes = models.PositiveBigIntegerField(_("Größe in Bytes"), null=True, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    published_on = models.DateField(_("Stand/Datum"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_documents",
        verbose_name=_("hochgeladen von"),
    )  # keep the document when the uploader's account is removed
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(external_url=""),
                name="document_file_or_url",
                violation_error_message=_("Bitte laden Sie eine Datei hoch oder geben Sie einen externen Link an."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def url(self):
        return self.file.url if self.file else self.external_url


def uses_of(medium):
    """The content that shows ``medium`` (an image or a document), over every relation to it: a field of the
    content itself (a region's or an article's image, an article's attachments) or a row of its own (a project's
    images and documents, counted as the project). Each object once; versions in the history do not count."""
    uses = {}
    for relation in type(medium)._meta.related_objects:  # the history's references are hidden ones ("+")
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: medium})
        if issubclass(model, Publishable):
            found = rows
        else:
            found = [
                obj
                for field in model._meta.concrete_fields
                if field.many_to_one and issubclass(field.related_model, Publishable)
                for obj in field.related_model._default_manager.filter(pk__in=rows.values(field.attname))
            ]
        uses.update({(type(obj), obj.pk): obj for obj in found})
    return list(uses.values())


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


class FormerSlug(models.Model):
    """A slug an object had before, so that its old addresses keep answering (301 to the current one).

    Recorded on every save that changes a slug (regionportal.slugs). One row per slug and kind of object: when a
    former slug is later given up by another object of the same kind, the row moves to that object.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("Inhaltstyp")
    )
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    target = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField(_("früherer Kurzname"), max_length=140)
    replaced_at = models.DateTimeField(_("ersetzt am"), auto_now=True)

    class Meta:
        verbose_name = _("früherer Kurzname")
        verbose_name_plural = _("frühere Kurznamen")
        ordering = ["-replaced_at"]
        constraints = [models.UniqueConstraint(fields=["content_type", "slug"], name="formerslug_one_per_kind")]

    def __str__(self):
        return self.slug


from .legal.models import AccessibilityStatement, BarrierReport  # noqa: E402,F401 - the legal pages' models
