"""The stored full-text search vector of every searchable model: field, indexes and how it stays current.

On PostgreSQL each searchable row carries a weighted ``tsvector`` (``search_vector``) built with the
``german_unaccent`` text search configuration (German stemming after accent folding) and indexed with GIN;
titles and names also get trigram GIN indexes for typo tolerance. ``save()`` refreshes the row's vector;
``rebuild_search_index()`` refreshes everything after raw saves (``loaddata``) and ``bulk_create``.
On SQLite the column stays empty and the indexes are not created: the search there matches words in Python-folded
text instead (see ``regionportal.search``).
"""

from django.apps import apps
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, models, router, transaction
from django.db.backends.ddl_references import Statement
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "german_unaccent"

CREATE_SEARCH_CONFIG = f"""
CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = german);
ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
"""
DROP_SEARCH_CONFIG = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG};"


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


def search_vector_expression(model):
    """The weighted vector of ``model``; related names (``themes__name``) are joined by a correlated subquery."""
    vector = None
    for weight, paths in model.search_document.items():
        expressions = [
            path
            if "__" not in path
            else models.Subquery(
                model._base_manager.filter(pk=models.OuterRef("pk"))
                .values("pk")
                .annotate(names=models.StringAgg(path, delimiter=models.Value(" ")))
                .values("names")
            )
            for path in paths
        ]
        part = SearchVector(*expressions, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def update_search_vectors(queryset):
    """Recompute the stored vectors of the rows in ``queryset``; a no-op where there is no full-text search."""
    if connections[queryset.db].vendor != "postgresql":
        return 0
    return queryset.update(search_vector=search_vector_expression(queryset.model))


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
    """Refresh every stored vector, e.g. after ``loaddata`` (raw saves) or ``bulk_create``. Returns rows touched."""
    return sum(update_search_vectors(model._base_manager.using(using).all()) for model in searchable_models())
