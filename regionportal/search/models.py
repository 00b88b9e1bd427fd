"""The search page's own table: one ``SearchEntry`` per row of every searchable model, derived when the row is saved.

``SearchWord`` holds the words of all titles, which a mistyped word is corrected to. The search page
(``SiteSearch.page``) reads the counts and best hits of every kind from this one table in a single
query and builds no object of any model: an entry holds what a hit shows (title, address, meta line in every
language, the plain text its snippet is cut from), the row's folded words and its publication state and window
(compared with the time of the request, so a scheduled item appears on its time without a write).
``regionportal.search.index`` keeps it current; it is never edited by hand and never written while a page is read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from regionportal.search.index import PostgresGinIndex

# The searchable models (``Searchable``), by label: each gets a trigram index of its own over its entries' words,
# so that a kind's matches are found without reading the others. A new searchable model adds its label here and a
# migration (tests/search checks that the list is complete).
KINDS = (
    "projects.project",
    "news.article",
    "projects.region",
    "projects.municipality",
    "projects.theme",
    "projects.fundingprogramme",
    "contacts.organisation",
    "contacts.person",
)


class SearchEntry(models.Model):
    """A searchable row as the search page finds and shows it."""

    kind = models.CharField(_("Art"), max_length=64, help_text=_("Das Modell des Eintrags, z. B. projects.project."))
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    public = models.BooleanField(
        _("veröffentlicht"), help_text=_("Veröffentlicht oder ohne Veröffentlichungsstatus (Themen, Kommunen).")
    )
    publish_at = models.DateTimeField(_("veröffentlichen ab"), null=True)
    unpublish_at = models.DateTimeField(_("sichtbar bis"), null=True)
    sort_key = models.TextField(_("Sortierschlüssel"), help_text=_("Die übliche Reihenfolge der Art, als Text."))
    title = models.CharField(_("Titel"), max_length=500)
    path = models.CharField(_("Adresse"), max_length=500, help_text=_("In der Standardsprache, ohne Sprachpräfix."))
    meta = models.JSONField(_("Metazeile"), default=dict, help_text=_("Je Sprachcode die Zeile unter dem Titel."))
    words = models.TextField(_("Suchtext"), help_text=_("Die gefalteten Wörter, wie search_text der Zeile."))
    text = models.TextField(_("Text für den Ausschnitt"), blank=True)

    class Meta:
        verbose_name = _("Sucheintrag")
        verbose_name_plural = _("Sucheinträge")
        ordering = ["kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_object")]
        indexes = [
            PostgresGinIndex(
                fields=["words"],
                opclasses=["gin_trgm_ops"],
                condition=models.Q(kind=kind),
                name=f"search_{kind.partition('.')[2][:14]}_trgm",
            )
            for kind in KINDS
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchWord(models.Model):
    """A folded word of some title or name: what a mistyped word of a query is corrected to on PostgreSQL.

    Added with the entries, never removed on the fly (a word no longer used then finds nothing);
    ``rebuild_search_index`` prunes them.
    """

    MAX_LENGTH = 64

    word = models.CharField(_("Wort"), max_length=MAX_LENGTH, primary_key=True)

    class Meta:
        verbose_name = _("Suchwort")
        verbose_name_plural = _("Suchwörter")
        ordering = ["word"]
        indexes = [PostgresGinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="searchword_word_trgm")]

    def __str__(self):
        return self.word
