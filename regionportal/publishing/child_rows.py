"""Short child lists (goals, links, key figures, related articles) loaded in the same query as the page's object.

A detail page showing a dozen short lists would pay one query per list. ``inline()`` is an annotation holding such
a list as a JSON array (a correlated subquery: ``JSON_GROUP_ARRAY`` on SQLite, ``JSONB_AGG`` on PostgreSQL);
``inline_rows()`` turns the array back into model instances in the model's order, so templates keep calling
``get_status_display`` or ``get_absolute_url``. Only for rows whose own fields are all the template reads.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone


class DecimalDecoder(json.JSONDecoder):
    """Amounts come back as ``Decimal``, as from their own table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, parse_float=Decimal, **kwargs)


class JSONArrayAgg(Aggregate):
    function = "JSON_GROUP_ARRAY"
    output_field = JSONField(decoder=DecimalDecoder)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def inline(queryset, parent_field, fields=None, **related):
    """Annotation: the rows of ``queryset`` pointing at the outer row through ``parent_field``, as a JSON array.

    ``fields``: the columns to carry (attribute names); all concrete fields by default. ``related``: further values
    by the attribute name they get, e.g. ``body_name="body__name"`` for a column of a related row.
    """
    model = queryset.model
    fields = fields or [field.attname for field in model._meta.concrete_fields]
    rows = (
        queryset.filter(**{parent_field: OuterRef("pk")})
        .order_by()
        .values(parent_field)
        .annotate(rows=JSONArrayAgg(JSONObject(**{name: name for name in fields}, **related)))
        .values("rows")
    )
    return Subquery(rows, output_field=JSONField(decoder=DecimalDecoder))


def _value(field, value):
    value = field.to_python(value)
    if isinstance(field, models.DateTimeField) and value is not None and settings.USE_TZ:
        if timezone.is_naive(value):  # SQLite keeps UTC without an offset
            value = timezone.make_aware(value, timezone.UTC)
    return value


def inline_rows(model, rows):
    """Model instances from a JSON array made by ``inline()``, sorted by the model's ``Meta.ordering`` (an empty
    value before every other, as SQLite sorts); ``related`` values become plain attributes."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    instances = []
    for row in rows or []:
        instance = model(**{name: _value(fields[name], value) for name, value in row.items() if name in fields})
        for name, value in row.items():
            if name not in fields:
                setattr(instance, name, value)
        instances.append(instance)
    for name in reversed(model._meta.ordering):  # stable sorts, least significant key first
        attname = name.lstrip("-")
        attname = model._meta.pk.attname if attname == "pk" else attname
        instances.sort(key=lambda obj, attname=attname: _sort_key(getattr(obj, attname)), reverse=name.startswith("-"))
    return instances


def _sort_key(value):
    return (value is not None, value)
