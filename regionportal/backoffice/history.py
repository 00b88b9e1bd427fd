"""One version list for an object and the rows edited in its inlines (goals, funding lines, contacts …).

django-simple-history keeps a version table per model. The history page of a project or region lists its own
versions and those of its rows newest first, each compared with the previous version of the same object or row.
"""

from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Value
from django.template.defaultfilters import yesno
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model


def is_versioned(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def row_versions(model, fk, parent_pk):
    """Versions of the rows of ``model`` that point at ``parent_pk`` through ``fk``, with what else they refer to.

    Not joined to the parent: that join would hide the versions of the rows of a deleted parent.
    """
    versions = get_history_manager_for_model(model)
    related = [field.name for field in versions.model.tracked_fields if field.many_to_one and field.name != fk.name]
    return versions.filter(**{fk.attname: parent_pk}).select_related("history_user", *related)


class VersionList:
    """Versions of an object and of its rows, newest first, as a sequence Django's paginator can slice.

    One UNION query of (date, source, version id) counts and orders them all; only the page shown is loaded.
    """

    def __init__(self, own, rows, parent_pk, parent):
        """``own``: the object's versions; ``rows``: (model, foreign key to the object) of its versioned rows;
        ``parent``: the object (as last saved if deleted since, None if unknown), which the rows' names show."""
        self.sources = [(own, None), *((row_versions(model, fk, parent_pk), fk.name) for model, fk in rows)]
        self.parent = parent
        # simple_history's history view finds a deleted object through its own latest version
        self.model, self.latest = own.model, own.latest

    def _keys(self):
        keys = [
            versions.order_by()
            .annotate(version_source=Value(index))  # a name no versioned model has as a field
            .values_list("history_date", "version_source", "history_id")
            for index, (versions, _fk_name) in enumerate(self.sources)
        ]
        return keys[0].union(*keys[1:], all=True).order_by("-history_date", "-version_source", "-history_id")

    def count(self):
        return self._keys().count()

    def __getitem__(self, page):  # the paginator only asks for slices
        keys = list(self._keys()[page])
        wanted = defaultdict(list)
        for _date, source, version_id in keys:
            wanted[source].append(version_id)
        loaded = {}
        for source, ids in wanted.items():
            versions, fk_name = self.sources[source]
            for version in versions.filter(history_id__in=ids):
                if fk_name and self.parent is not None:
                    version._state.fields_cache[fk_name] = self.parent
                loaded[source, version.history_id] = version
        return [loaded[source, version_id] for _date, source, version_id in keys]


def row_key(version):
    model = version.instance_type
    return model, getattr(version, model._meta.pk.attname)


def describe_row(version):
    """Which row a version belongs to, e.g. ("Förderung", "Aktive Regionalentwicklung – Radweg Lünen")."""
    model = version.instance_type
    row = version.history_object
    # the related objects the version was loaded with (select_related), so naming rows costs no query each
    related = {field.name for field in model._meta.concrete_fields if field.is_relation}
    row._state.fields_cache.update(
        {name: obj for name, obj in version._state.fields_cache.items() if name in related and obj is not None}
    )
    try:
        label = str(row)
    except ObjectDoesNotExist:  # the row pointed at something deleted since, e.g. an image
        label = f"#{row.pk}"
    return capfirst(model._meta.verbose_name), label


def with_previous(versions):
    """Pairs (version, previous version of the same object or row or None) for one page of versions, newest
    first; a change whose previous version is on another page fetches it."""
    latest_seen = {}
    pairs = []
    for version in reversed(list(versions)):  # oldest first
        key = row_key(version)
        previous = latest_seen.get(key)
        if previous is None and version.history_type == "~":
            previous = version.prev_record
        latest_seen[key] = version
        pairs.append((version, previous))
    return reversed(pairs)


class ReadableChanges(HistoricalRecordContextHelper):
    """Changed values as an editor writes them: choice labels, local numbers, dates and times, yes/no, a dash
    for empty."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "–"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return yesno(value)
        return localize(template_localtime(value))  # numbers, dates and times as written here; others as they are
