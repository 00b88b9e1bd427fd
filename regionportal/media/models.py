"""Pictures and documents the editors upload once and use on many pages, with their rights."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regionportal.media.processing import DocumentType, picture_for, refresh_renditions
from regionportal.publishing.models import Publishable, join_free


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


def default_credit_line(creator):
    """The credit line under a picture when the editor words none: the photographer's name after "Foto:", as
    printed on the (German) pages."""
    return f"Foto: {creator}"


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
        if self.file and not self.file._committed:  # store the file first: its renditions are named after it
            self.file.save(self.file.name, self.file.file, save=False)
        if refresh_renditions(self) and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "renditions"}
        super().save(*args, **kwargs)

    @cached_property
    def picture(self):
        """The responsive sources of this image for ``<picture>`` (regionportal.media.processing.Picture)."""
        return picture_for(self)

    @classmethod
    def editable_condition(cls, scope):
        """Back office: what the user uploaded or what their regions' content shows
        (regionportal.backoffice.permissions)."""
        return Q(uploaded_by=scope.user_id) | join_free(
            cls,
            Q(regions__in=scope.region_ids)
            | Q(project_uses__project__lead_region__in=scope.region_ids)
            | Q(articles__regions__in=scope.region_ids),
        )


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

    @classmethod
    def editable_condition(cls, scope):
        """Back office: what the user uploaded or what their regions' content shows
        (regionportal.backoffice.permissions)."""
        return Q(uploaded_by=scope.user_id) | join_free(
            cls,
            Q(project_uses__project__lead_region__in=scope.region_ids) | Q(articles__regions__in=scope.region_ids),
        )


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
