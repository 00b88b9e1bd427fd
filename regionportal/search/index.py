"""The stored search text of every searchable model: field, indexes and how it stays current.

A model's ``search_document`` names the fields (also of related rows: ``goals__title``) a visitor's words are
looked up in, by weight A (title) to D (places, themes, programmes, partners); the order is the order of the text.
Every row stores ``search_text``: the distinct words of all these values, folded by ``fold`` (lower case, accents
removed, ß → ss, ae/oe/ue → a/o/u, HTML tags removed), separated by single spaces, with a space at each end. The
search (regionportal.search) matches the visitor's folded words as parts of these words ("forum" in
"nachbarschaftsforum"), the same way on SQLite and PostgreSQL; on PostgreSQL a trigram GIN index serves it.

``save()`` refreshes the row's text, a change of a related row (a goal, a milestone, a renamed theme or partner)
refreshes the rows whose texts show it (``connect_signals``), and ``rebuild_search_index()`` refreshes everything
after raw saves (``loaddata``) and ``bulk_create``. Titles and names also get trigram GIN indexes for typo tolerance
on PostgreSQL.
"""

import re
import unicodedata

from django.apps import apps
from django.contrib.postgres.indexes import GinIndex
from django.db import models, router, transaction
from django.db.backends.ddl_references import Statement
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

WORD = re.compile(r"[^\W_]+")
UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


def fold(text):
    """Text as compared: lower case, accents removed, ß → ss, ae/oe/ue → a/o/u (query and documents alike)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    for plain, _umlaut in UMLAUTS:
        text = text.replace(plain, plain[0])
    return text


def folded_words(values):
    """The stored ``search_text`` of a row's values: their distinct folded words in the order they first occur,
    space-separated, a space at each end. Each word once keeps the text short, so that looking up a word reads
    little (a body's repeated words are left out)."""
    words = dict.fromkeys(word for value in values if value for word in WORD.findall(fold(strip_tags(str(value)))))
    return f" {' '.join(words)} "


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL and nothing elsewhere, so SQLite migrations and table rebuilds keep working."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Statement("-- %(name)s: GIN indexes exist only on PostgreSQL", name=self.name)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Statement("-- %(name)s: GIN indexes exist only on PostgreSQL", name=self.name)
        return super().remove_sql(model, schema_editor, **kwargs)


def search_indexes(prefix, trigram_field):
    """The trigram GIN indexes of one model: on the words of its text and on its title or name (typos)."""
    return [
        PostgresGinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name=f"{prefix}_text_trgm"),
        PostgresGinIndex(fields=[trigram_field], opclasses=["gin_trgm_ops"], name=f"{prefix}_{trigram_field}_trgm"),
    ]


class Searchable(models.Model):
    """A model found by the site search. ``search_document`` maps a weight (A–D) to field paths."""

    search_text = models.TextField(_("Suchtext"), default="", editable=False)

    search_document: dict[str, tuple[str, ...]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
            super().save(*args, **kwargs)
            update_search_texts(type(self)._base_manager.using(self._state.db).filter(pk=self.pk))


def document_fields(model):
    return [path for paths in model.search_document.values() for path in paths]


def related_values(model, value, delimiter):
    """``value`` (e.g. ``municipalities__name``) of all related rows of the outer row, joined: a correlated subquery."""
    return models.Subquery(
        model._base_manager.filter(pk=models.OuterRef("pk"))
        .values("pk")
        .annotate(names=models.StringAgg(value, delimiter=models.Value(delimiter)))
        .values("names")
    )


def update_search_texts(queryset):
    """Recompute the stored search texts of the rows in ``queryset``: one query reads their values, one UPDATE
    writes the texts, however many rows. Returns the number of rows."""
    model = queryset.model
    paths = document_fields(model)
    values = {f"search_value_{n}": related_values(model, path, " ") for n, path in enumerate(paths) if "__" in path}
    names = [path if "__" not in path else f"search_value_{n}" for n, path in enumerate(paths)]
    rows = [
        model(pk=pk, search_text=folded_words(row))
        for pk, *row in queryset.order_by().annotate(**values).values_list("pk", *names).iterator(chunk_size=2000)
    ]
    model._base_manager.using(queryset.db).bulk_update(rows, ["search_text"], batch_size=1000)
    return len(rows)


def refresh_after_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``m2m_changed`` receiver: relations (e.g. a project's municipalities) are saved after the row itself."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse and isinstance(instance, Searchable):
        update_search_texts(type(instance)._base_manager.using(instance._state.db).filter(pk=instance.pk))
    elif reverse and issubclass(model, Searchable) and pk_set:
        update_search_texts(model._base_manager.using(instance._state.db).filter(pk__in=pk_set))


def refresh_rows_showing(instance, using, rows=None):
    """Refresh the documents of every searchable row that shows ``instance`` (a goal, a theme, a partner …)."""
    for model, lookup in DEPENDANTS.get(type(instance), ()):
        queryset = model._base_manager.using(using)
        if rows is None:
            queryset = queryset.filter(pk__in=queryset.filter(**{lookup: instance.pk}).values("pk"))
        else:
            queryset = queryset.filter(pk__in=rows.get((model, lookup), ()))
        update_search_texts(queryset)


def _saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:  # loaddata: load_demo and restore rebuild the index once at the end
        refresh_rows_showing(instance, using)


def _deleting(sender, instance, using="default", **kwargs):
    instance._search_rows = {
        (model, lookup): list(
            model._base_manager.using(using).filter(**{lookup: instance.pk}).values_list("pk", flat=True)
        )
        for model, lookup in DEPENDANTS.get(type(instance), ())
    }


def _deleted(sender, instance, using="default", **kwargs):
    refresh_rows_showing(instance, using, rows=getattr(instance, "_search_rows", {}))


# related model → [(searchable model, lookup from it to the related row)], e.g. ProjectGoal → [(Project, "goals")]
DEPENDANTS = {}


def connect_signals():
    """Keep documents current when a row they show changes: for ``funding_lines__programme__name`` of a project,
    a saved or deleted funding line and a renamed programme refresh the projects concerned."""
    for model in searchable_models():
        for path in document_fields(model):
            parts = path.split("__")[:-1]
            related = model
            for depth in range(len(parts)):
                related = related._meta.get_field(parts[depth]).related_model
                dependant = (model, "__".join(parts[: depth + 1]))
                if dependant not in DEPENDANTS.setdefault(related, []):
                    DEPENDANTS[related].append(dependant)
    m2m_changed.connect(refresh_after_m2m_change, dispatch_uid="search-m2m")
    for related in DEPENDANTS:
        uid = f"search-{related._meta.label_lower}"
        post_save.connect(_saved, sender=related, dispatch_uid=uid)
        pre_delete.connect(_deleting, sender=related, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=related, dispatch_uid=uid)


def searchable_models():
    return [model for model in apps.get_models() if issubclass(model, Searchable)]


def rebuild_search_index(using="default"):
    """Refresh every stored document, e.g. after ``loaddata`` (raw saves) or ``bulk_create``. Returns rows touched."""
    return sum(update_search_texts(model._base_manager.using(using).all()) for model in searchable_models())
