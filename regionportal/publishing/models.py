"""Publication state, scheduling, permanent short links and former slugs of every public object."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regionportal.search.index import Searchable

SHORT_CODE_LENGTH = 6
short_code_validator = RegexValidator(r"^[0-9a-f]{6}$", _("Ein Kurzcode besteht aus genau 6 Zeichen 0–9 und a–f."))


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    REVIEW = "review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    UNPUBLISHED = "unpublished", _("Zurückgezogen")
    ARCHIVED = "archived", _("Archiviert")


def short_path(code):
    """The one address of a short link, ``/x/pk-<code>`` (``/en/x/pk-<code>`` on English pages); permanent."""
    return reverse("portal:shortlink", kwargs={"code": code})


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


def related_model(model, relation):
    """The model at the other end of ``model``'s ``relation``, also of a reverse one that an app built on
    ``model``'s app declares (news articles on a region: ``related_model(Region, "articles")``). A page shows what
    other apps attach to its object this way, without importing them: imports point from news to projects to
    contacts only (tests/test_architecture.py)."""
    return model._meta.get_field(relation).related_model


def join_free(model, condition):
    """``condition`` as a join-free one: joins over to-many relations would duplicate rows and block bulk deletes."""
    return Q(pk__in=model._default_manager.filter(condition).values("pk"))


def created_by(model, user_id):
    """Objects whose first version was saved by this user (the history knows who created what)."""
    return Q(pk__in=model.history.filter(history_type="+", history_user_id=user_id).values("id"))


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
        return short_path(self.code)


# The Leichte-Sprache version of a page is at ``<page>leichte-sprache/``, named after the page's route with this suffix.
EASY_LANGUAGE_ROUTE_SUFFIX = "-easy-language"


class EasyLanguageVersion(models.Model):
    """An editor-written version of the object's public page in Leichte Sprache (BITV 2.0 § 4), shown at
    ``<page>/leichte-sprache/`` (regionportal.publishing.views.EasyLanguageView) as long as the page itself is
    public, and linked from the page only when there is one. Whoever may change the object writes it, in the same
    form."""

    easy_language_title = models.CharField(
        _("Überschrift in Leichter Sprache"),
        max_length=200,
        blank=True,
        help_text=_(
            "Leer lassen, um den Namen der Seite zu verwenden. Ohne Abkürzungen, z. B. „Die Smart Region Kreis Unna“."
        ),
    )
    easy_language = models.TextField(
        _("Text in Leichter Sprache"),
        blank=True,
        help_text=_(
            "Das Wichtigste der Seite in Leichter Sprache: kurze Sätze, jeder Satz eine Aussage, bekannte Wörter, "
            "schwere Wörter erklärt, keine Abkürzungen, lange Wörter mit Mediopunkt gegliedert (Förder·programm), "
            "Aufzählungen als Liste. Erscheint unter …/leichte-sprache/ und wird oben auf der Seite verlinkt. "
            "Leer lassen, wenn es keine Fassung in Leichter Sprache gibt."
        ),
    )

    class Meta:
        abstract = True

    @classmethod
    def public_pages(cls):
        """The objects of this model whose page is public: the published ones; reference data (themes,
        municipalities) always."""
        manager = cls._default_manager
        return manager.published() if hasattr(manager, "published") else manager.all()

    @classmethod
    def with_easy_language(cls):
        """The objects of this model whose public page has a Leichte-Sprache version."""
        return cls.public_pages().exclude(easy_language="")

    @property
    def has_easy_language(self):
        return bool(
            self.easy_language
        )  # "" is none; the admin stores an emptied editor as "" (regionportal.backoffice.richtext)

    def get_easy_language_url(self):
        """The address of the Leichte-Sprache version: the page's route with ``EASY_LANGUAGE_ROUTE_SUFFIX``."""
        match = resolve(self.get_absolute_url())
        return reverse(f"{match.view_name}{EASY_LANGUAGE_ROUTE_SUFFIX}", args=match.args, kwargs=match.kwargs)

    @property
    def easy_language_url(self):
        """Where the page links its Leichte-Sprache version, "" without one."""
        return self.get_easy_language_url() if self.has_easy_language else ""


class Publishable(EasyLanguageVersion, Searchable):
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

    def search_publication(self):
        return self.state == PublicationState.PUBLISHED, self.publish_at, self.unpublish_at

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
        return short_path(self.short_code) if self.short_code else ""

    def short_url(self, absolute=None):
        """The short link as printed: made absolute by ``absolute`` (a page: its request's ``build_absolute_uri``,
        so the English page prints the /en/ link), else on the portal's public address (back office, QR codes)."""
        if not self.short_code:
            return ""
        return absolute(self.short_path) if absolute else settings.PORTAL_BASE_URL.rstrip("/") + self.short_path


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


class FormerSlug(models.Model):
    """A slug an object had before, so that its old addresses keep answering (301 to the current one).

    Recorded on every save that changes a slug (regionportal.publishing.slugs). One row per slug and kind of object:
    when a
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


class OrderedRow(models.Model):
    """A child row that editors put in order (a project's goals, contacts, images …): shown by ``order``, then by
    creation. In the back office ``order`` is never typed but derived from the row's place in the form
    (regionportal.backoffice.ordering). Subclasses keep the ordering with ``class Meta(OrderedRow.Meta)``."""

    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
