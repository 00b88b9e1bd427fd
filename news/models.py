"""News articles about regions, municipalities, themes and projects."""

from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from projects.models import Municipality, Project, Region, Theme
from regionportal.media.models import Document, Image
from regionportal.publishing.models import (
    OrderedRow,
    Publishable,
    PublishableManager,
    PublishableQuerySet,
    join_free,
    publishable_constraints,
)
from regionportal.search.index import search_indexes


class ArticleQuerySet(PublishableQuerySet):
    def in_region(self, region):
        return self.filter(regions=region)

    def with_key(self, kind, prefix):
        """About a municipality or a published region whose ``kind`` of official key begins with ``prefix``
        (``ProjectQuerySet.with_key`` for news)."""
        places = Article.municipalities.through.objects.filter(
            municipality__in=Municipality.objects.with_key(kind, prefix)
        )
        regions = Article.regions.through.objects.filter(region__in=Region.objects.published().with_key(kind, prefix))
        return self.filter(Q(pk__in=places.values("article")) | Q(pk__in=regions.values("article")))

    def for_cards(self):
        """Everything an article card shows, loaded in a constant number of queries."""
        return self.prefetch_related(Prefetch("regions", queryset=Region.objects.published()))


class Article(Publishable):
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=140, unique=True)
    teaser = models.TextField(_("Anreißer"), max_length=600, help_text=_("Zwei, drei Sätze für Listen und Vorschau."))
    body = models.TextField(_("Text"), blank=True)
    date = models.DateTimeField(
        _("Datum"),
        default=timezone.now,
        db_index=True,
        help_text=_(
            "Das Datum, das über der Nachricht steht. Für die geplante Veröffentlichung siehe „veröffentlichen ab“."
        ),
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="articles", verbose_name=_("Regionen"))
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="articles", verbose_name=_("Kommunen")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="articles", verbose_name=_("Themen"))
    related_projects = models.ManyToManyField(
        Project, blank=True, related_name="articles", verbose_name=_("Projekte zum Thema")
    )
    image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles", verbose_name=_("Bild")
    )  # a removed image just disappears from the article
    image_caption = models.CharField(
        _("Bildunterschrift in dieser Nachricht"),
        max_length=500,
        blank=True,
        help_text=_("Leer = Bildunterschrift des Bildes."),
    )
    source = models.CharField(
        _("Quelle"), max_length=250, blank=True, help_text=_("z. B. „Pressestelle Hochsauerlandkreis“.")
    )
    source_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("Quelle (Organisation)"),
    )  # the article stays when the organisation entry is removed
    source_url = models.URLField(_("Quelle (Link)"), blank=True)
    author = models.CharField(_("Autor/in"), max_length=200, blank=True)
    attachments = models.ManyToManyField(Document, blank=True, related_name="articles", verbose_name=_("Anhänge"))
    people = models.ManyToManyField(
        Person, through="ArticlePerson", related_name="articles", verbose_name=_("Personen")
    )

    objects = PublishableManager.from_queryset(ArticleQuerySet)()

    search_document = {
        "A": ("title",),
        "B": ("teaser",),
        "C": ("body",),
        "D": ("regions__name", "municipalities__name", "themes__name"),
    }

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["-date", "-pk"]
        constraints = publishable_constraints("article")
        indexes = [
            *search_indexes("article", "title"),
            # The public news list, newest first.
            models.Index(F("date").desc(), F("id").desc(), name="article_newest"),
        ]

    def __str__(self):
        return self.title

    def search_meta(self):
        return date_format(timezone.localtime(self.date), "DATE_FORMAT")

    @property
    def modified(self):
        """When the article last changed, never before its date: an article entered ahead of the date it bears was
        not changed before it appeared (feeds' ``updated``, JSON-LD ``dateModified``)."""
        return max(self.date, self.updated_at)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"year": timezone.localtime(self.date).year, "slug": self.slug})

    @classmethod
    def editable_condition(cls, scope):
        """Back office: the articles of the user's regions (regionportal.backoffice.permissions)."""
        return join_free(cls, Q(regions__in=scope.region_ids))

    def editorial_regions(self):
        return list(self.regions.all())


class ArticlePerson(OrderedRow):
    """A person named in an article, or to contact about it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_people")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="article_roles", verbose_name=_("Person"))
    role = models.CharField(
        _("Rolle"), max_length=200, blank=True, help_text=_("z. B. „Ansprechperson“ oder „Workshopleitung“.")
    )
    is_contact = models.BooleanField(_("als Ansprechperson zeigen"), default=False)

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("Person in der Nachricht")
        verbose_name_plural = _("Personen in der Nachricht")
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="articleperson_unique")]

    def __str__(self):
        return str(self.person)
