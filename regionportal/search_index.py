"""The stored full-text search vector of every searchable model: field, indexes and how it stays current.

On PostgreSQL each searchable row carries a weighted ``tsvector`` (``search_vector``) built with the
``german_unaccent`` text search configuration (German stemming after accent folding) and indexed with GIN;
titles and names also get trigram GIN indexes for typo tolerance. ``save()`` refreshes the row's vector;
``rebuild_search_index()`` refreshes everything after raw saves (``loaddata``) and ``bulk_create``.
On SQLite the indexes are not created and the same column holds the document as folded text instead (each value
folded like ``regionportal.search.fold``, then ``TEXT_SEPARATOR``), kept current at the same moments; the search
there looks the folded words up in it (see ``regionportal.search``).
"""

from django.apps import apps
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, models, router, transaction
from django.db.backends.ddl_references import Statement
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "german_unaccent"

CREATE_SEARCH_CONFIG = f"""
CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = german);
ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
"""
DROP_SEARCH_CONFIG = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG};"

FOLD_FUNCTION = "portal_search_fold"  # regionportal.search.fold, registered on every SQLite connection
# Follows every value of the folded text on SQLite: no searched word contains it, so no match spans two values; and
# the text is never a number, which SQLite's numeric affinity of the "tsvector" column would store as one ("1.50").
TEXT_SEPARATOR = "\x1f"


class Fold(models.Func):
    function = FOLD_FUNCTION
    output_field = models.TextField()


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
    """The GIN index on the search vector and the trigram index on the title or name of one model."""
    return [
        PostgresGinIndex(fields=["search_vector"], name=f"{prefix}_search"),
        PostgresGinIndex(fields=[trigram_field], opclasses=["gin_trgm_ops"], name=f"{prefix}_{trigram_field}_trgm"),
    ]


class Searchable(models.Model):
    """A model found by the site search. ``search_document`` maps a weight (A–D) to field paths."""

    search_vector = SearchVectorField(_("Suchindex"), null=True, editable=False)

    search_document: dict[str, tuple[str, ...]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
            super().save(*args, **kwargs)
            update_search_vectors(type(self)._base_manager.using(self._state.db).filter(pk=self.pk))


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


def search_vector_expression(model):
    """The weighted vector of ``model`` (PostgreSQL)."""
    vector = None
    for weight, paths in model.search_document.items():
        expressions = [path if "__" not in path else related_values(model, path, " ") for path in paths]
        part = SearchVector(*expressions, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def search_text_expression(model):
    """The folded text of ``model`` (SQLite): every value of every field folded, each followed by the separator."""
    parts = []
    for path in document_fields(model):
        value = Fold(path) if "__" not in path else related_values(model, Fold(path), TEXT_SEPARATOR)
        parts += [value, models.Value(TEXT_SEPARATOR)]
    return Concat(*parts, output_field=models.TextField())


def update_search_vectors(queryset):
    """Recompute the stored search documents of the rows in ``queryset`` with one UPDATE, however many rows."""
    on_postgresql = connections[queryset.db].vendor == "postgresql"
    expression = search_vector_expression if on_postgresql else search_text_expression
    return queryset.update(search_vector=expression(queryset.model))


def refresh_after_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``m2m_changed`` receiver: relations (e.g. a project's municipalities) are saved after the row itself."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse and isinstance(instance, Searchable):
        update_search_vectors(type(instance)._base_manager.using(instance._state.db).filter(pk=instance.pk))
    elif reverse and issubclass(model, Searchable) and pk_set:
        update_search_vectors(model._base_manager.using(instance._state.db).filter(pk__in=pk_set))


def searchable_models():
    return [model for model in apps.get_models() if issubclass(model, Searchable)]


def rebuild_search_index(using="default"):
    """Refresh every stored document, e.g. after ``loaddata`` (raw saves) or ``bulk_create``. Returns rows touched."""
    return sum(update_search_vectors(model._base_manager.using(using).all()) for model in searchable_models())
