"""The stored search text of every searchable model: field, indexes and how it stays current.

A model's ``search_document`` names the fields (also of related rows: ``goals__title``) a visitor's words are
looked up in, by weight A (title) to D (places, themes, programmes, partners); the order is the order of the text.
Every row stores ``search_text``: the distinct words of all these values, folded by ``fold`` (lower case, accents
removed, ß → ss, ae/oe/ue → a/o/u, HTML tags removed), separated by single spaces, with a space at each end. The
search (regionportal.search) matches the visitor's folded words as parts of these words ("forum" in
"nachbarschaftsforum"), the same way on SQLite and PostgreSQL; on PostgreSQL a trigram GIN index serves it.

Every row also has a ``SearchEntry`` (regionportal.search.models): the same words with everything a hit on the
search page shows and the row's publication state, so that the search page reads one table and builds no objects.

``save()`` refreshes the row's text and entry, a change of a related row (a goal, a milestone, a renamed theme or
partner) refreshes the rows whose texts show it, a deleted row takes its entry along (``connect_signals``), and
``rebuild_search_index()`` refreshes everything after raw saves (``loaddata``), ``bulk_create`` and ``update()``.
Titles and names also get trigram GIN indexes for typo tolerance on PostgreSQL.
"""

import html
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models, router, transaction
from django.db.backends.ddl_references import Statement
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import translation
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


fold_word = lru_cache(maxsize=50_000)(fold)  # titles and snippets repeat their words from hit to hit


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
    # the related rows search_meta() reads, loaded with select_related when entries are computed
    search_meta_related: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
            super().save(*args, **kwargs)
            update_search_texts(type(self)._base_manager.using(self._state.db).filter(pk=self.pk))

    def search_meta(self):
        """The line under the title of a hit on the search page, in the active language (stored per language)."""
        return ""

    def search_publication(self):
        """``(published, publish_at, unpublish_at)`` as the search page compares them with the time of a request:
        always public here (reference data such as themes); publishable content says otherwise."""
        return True, None, None


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
    """Recompute the stored search texts and search entries of the rows in ``queryset``: one query reads the rows
    with their related values, then one UPDATE writes the texts and one upsert the entries per batch, however many
    rows. Returns the number of rows."""
    model = queryset.model
    paths = document_fields(model)
    values = {f"search_value_{n}": related_values(model, path, " ") for n, path in enumerate(paths) if "__" in path}
    names = [path if "__" not in path else f"search_value_{n}" for n, path in enumerate(paths)]
    rows = queryset.order_by().annotate(**values)
    if model.search_meta_related:
        rows = rows.select_related(*model.search_meta_related)
    count, batch = 0, []
    for obj in rows.iterator(chunk_size=2000):
        obj.search_text = folded_words(getattr(obj, name) for name in names)
        batch.append(obj)
        if len(batch) == 1000:
            count += write_batch(model, queryset.db, batch)
            batch = []
    return count + write_batch(model, queryset.db, batch)


def write_batch(model, using, rows):
    if rows:
        model._base_manager.using(using).bulk_update(rows, ["search_text"])
        entry_model = apps.get_model("regionportal", "SearchEntry")
        entry_model._base_manager.using(using).bulk_create(
            [search_entry(entry_model, obj) for obj in rows],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=ENTRY_FIELDS,
        )
        word_model = apps.get_model("regionportal", "SearchWord")
        words = {word for obj in rows for word in WORD.findall(fold(str(obj))) if len(word) <= word_model.MAX_LENGTH}
        word_model._base_manager.using(using).bulk_create(
            [word_model(word=word) for word in sorted(words)], ignore_conflicts=True
        )
    return len(rows)


ENTRY_FIELDS = ["public", "publish_at", "unpublish_at", "sort_key", "title", "path", "meta", "words", "text"]


def search_entry(entry_model, obj):
    """The ``SearchEntry`` of ``obj`` (its ``search_text`` already computed)."""
    public, publish_at, unpublish_at = obj.search_publication()
    with translation.override(settings.LANGUAGE_CODE):
        path = obj.get_absolute_url()
    meta = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            meta[language] = str(obj.search_meta())
    return entry_model(
        kind=obj._meta.label_lower,
        object_id=obj.pk,
        public=public,
        publish_at=publish_at,
        unpublish_at=unpublish_at,
        sort_key=sort_key(obj),
        title=str(obj)[:500],
        path=path,
        meta=meta,
        words=obj.search_text,
        text=plain_text(obj),
    )


def snippet_fields(model):
    """The text a snippet is cut from: the summary (B) and the body (C)."""
    return [path for weight in "BC" for path in model.search_document.get(weight, ()) if "__" not in path]


def plain_text(obj):
    """The summary and body of ``obj`` as plain text, words separated by single spaces: what snippets are cut from."""
    values = (getattr(obj, field) for field in snippet_fields(type(obj)))
    return " ".join(" ".join(html.unescape(strip_tags(value)) for value in values if value).split())


def sort_key(obj):
    """The model's ``Meta.ordering`` of ``obj`` as a text that sorts the same way byte by byte on every database:
    texts folded, dates and numbers as fixed-width digits (descending ones complemented), no value last."""
    parts = []
    for field_name in type(obj)._meta.ordering:
        descending = field_name.startswith("-")
        name = field_name.lstrip("-")
        value = obj.pk if name == "pk" else getattr(obj, name)
        if value is None:
            parts.append("~")
        elif isinstance(value, str):
            if descending:
                raise ValueError(f"{type(obj).__name__}: a descending text order cannot be stored as a sort key")
            parts.append(fold(value))
        elif isinstance(value, datetime | date | int):
            if isinstance(value, datetime):
                number = int(value.timestamp()) + 10**11  # seconds, positive from the year -1200 on
            else:
                number = value.toordinal() if isinstance(value, date) else value
            parts.append(f"{10**15 - number if descending else number:016d}")
        else:
            raise ValueError(f"{type(obj).__name__}.{field_name}: no sort key for {type(value).__name__}")
    return "\x1f".join(parts)


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


def _searchable_deleted(sender, instance, using="default", **kwargs):
    apps.get_model("regionportal", "SearchEntry")._base_manager.using(using).filter(
        kind=sender._meta.label_lower, object_id=instance.pk
    ).delete()


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
    for model in searchable_models():
        post_delete.connect(_searchable_deleted, sender=model, dispatch_uid=f"search-entry-{model._meta.label_lower}")
    for related in DEPENDANTS:
        uid = f"search-{related._meta.label_lower}"
        post_save.connect(_saved, sender=related, dispatch_uid=uid)
        pre_delete.connect(_deleting, sender=related, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=related, dispatch_uid=uid)


def searchable_models():
    return [model for model in apps.get_models() if issubclass(model, Searchable)]


# Migrations that add stored search data (documents, entries). The data of the rows already there is computed once
# every migration has run: inside a migration, today's models may name columns that later migrations add.
INDEX_MIGRATIONS = {("news", "0007_search_text"), ("regionportal", "0009_search_entries")}


def fill_after_migrate(sender, plan=None, using="default", **kwargs):
    """``post_migrate``: after a run that applied one of ``INDEX_MIGRATIONS``, rebuild the index of what is there."""
    if any((migration.app_label, migration.name) in INDEX_MIGRATIONS and not back for migration, back in plan or ()):
        rebuild_search_index(using)


def rebuild_search_index(using="default"):
    """Refresh every stored document and entry, e.g. after ``loaddata`` (raw saves) or ``bulk_create``; entries of
    rows that are gone are removed. Returns rows touched."""
    entries = apps.get_model("regionportal", "SearchEntry")._base_manager.using(using)
    apps.get_model("regionportal", "SearchWord")._base_manager.using(using).all().delete()  # added again, in use
    count = 0
    for model in searchable_models():
        rows = model._base_manager.using(using)
        entries.filter(kind=model._meta.label_lower).exclude(object_id__in=rows.values("pk")).delete()
        count += update_search_texts(rows.all())
    return count
