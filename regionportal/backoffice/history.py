"""One version list for an object and the rows edited in its inlines (goals, funding lines, contacts …), told in
plain German.

django-simple-history keeps a version table per model. The history page of a project or region lists its own
versions and those of its rows newest first, each compared with the previous version of the same object or row, and
says who did what: "Anna Schmidt (Kreis Unna) hat den Eintrag zur Prüfung gegeben", "Titel: alt → neu".
"""

import dataclasses
import re
from collections import defaultdict
from datetime import date, datetime
from os.path import commonprefix

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Prefetch, Value
from django.template.defaultfilters import yesno
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay
from simple_history.utils import get_history_manager_for_model

from regionportal.backoffice import services
from regionportal.backoffice.german_dates import german_datetime
from regionportal.backoffice.german_numbers import german_notation
from regionportal.backoffice.models import EditorAssignment, display_name
from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION
from regionportal.publishing.models import PublicationState


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
    """Which row a version belongs to, e.g. ("Förderung", "Aktive Regionalentwicklung – Radweg Lünen"); the
    version's ``row_group`` is the heading of the rows on the change form ("Förderungen")."""
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
    version.row_group = capfirst(model._meta.verbose_name_plural)
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


def people_named(versions, link=None):
    """``{user id: "Anna Schmidt (Kreis Unna)"}`` for the people who saved ``versions``: the full name and where
    they work (their regions, else "Portal-Administration"), linked to their account page if ``link`` (user →
    address or None) gives one. Three queries however many versions."""
    ids = {version.history_user_id for version in versions if version.history_user_id is not None}
    users = (
        get_user_model()
        ._default_manager.filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "region_assignments",
                queryset=EditorAssignment.objects.select_related("region").order_by("region__name"),
            ),
            "groups",
        )
    )
    names = {}
    for user in users:
        name = display_name(user)
        if link and (address := link(user)):
            name = format_html('<a href="{}">{}</a>', address, name)
        works_in = [str(assignment.region) for assignment in user.region_assignments.all()]
        if not works_in and (user.is_superuser or any(g.name == PORTAL_ADMINISTRATION for g in user.groups.all())):
            works_in = [_("Portal-Administration")]
        names[user.pk] = format_html("{} ({})", name, ", ".join(works_in)) if works_in else conditional_escape(name)
    return names


def _pattern(template):
    """A regular expression that reads the values of a reason's ``%(name)s`` placeholders back."""
    literal, *rest = re.split(r"%\((\w+)\)s", str(template))
    parts = [re.escape(literal)]
    for name, text in zip(rest[::2], rest[1::2], strict=True):
        parts += [f"(?P<{name}>.+)", re.escape(text)]
    return re.compile("".join(parts))


def _own_sentences():
    """(reason of the version as regionportal.services saves it, state it leaves or None, sentence)."""
    state = PublicationState
    return (
        (services.CREATED, None, _("%(who)s hat den Eintrag angelegt.")),
        (services.EDITED, None, _("%(who)s hat den Eintrag bearbeitet.")),
        (services.SEND_TO_REVIEW.label, state.REVIEW, _("%(who)s hat den Eintrag zur Prüfung gegeben.")),
        (services.WITHDRAW_FROM_REVIEW.label, state.DRAFT, _("%(who)s hat den Eintrag aus der Prüfung zurückgezogen.")),
        (services.PUBLISH.label, state.PUBLISHED, _("%(who)s hat den Eintrag freigegeben.")),
        (services.SCHEDULED, state.PUBLISHED, _("%(who)s hat den Eintrag zur Veröffentlichung am %(when)s geplant.")),
        (services.UNPUBLISH.label, state.UNPUBLISHED, _("%(who)s hat den Eintrag von der Website zurückgezogen.")),
        (services.ARCHIVE.label, state.ARCHIVED, _("%(who)s hat den Eintrag archiviert.")),
        (services.PROPOSAL_ACCEPTED, None, _("%(who)s hat den Vorschlag von %(user)s übernommen.")),
        (services.RESTORED, None, _("%(who)s hat die Fassung vom %(when)s wiederhergestellt.")),
    )


ROW_SENTENCES = {
    "+": _("%(who)s hat unter „%(group)s“ „%(row)s“ hinzugefügt."),
    "~": _("%(who)s hat unter „%(group)s“ „%(row)s“ geändert."),
    "-": _("%(who)s hat unter „%(group)s“ „%(row)s“ entfernt."),
}
UNNAMED = _("Ein Import oder ein inzwischen gelöschtes Konto")


def _sentence(template, **values):
    """``template`` with its values, each escaped unless it is HTML already (a linked name)."""
    return mark_safe(conditional_escape(str(template)) % {name: conditional_escape(v) for name, v in values.items()})


def what_happened(version, who):
    """The sentence for ``version``: who (HTML) did what, from the reason the version was saved with."""
    who = who or UNNAMED
    if getattr(version, "row_kind", None):
        return _sentence(ROW_SENTENCES[version.history_type], who=who, group=version.row_group, row=version.row_label)
    reason = version.history_change_reason or ""
    for template, state, sentence in _own_sentences():
        found = _pattern(capfirst(template)).fullmatch(capfirst(reason))
        if found and state in (None, getattr(version, "state", None)):
            return _sentence(sentence, who=who, **found.groupdict())
    if version.history_type == "-":
        return _sentence(_("%(who)s hat den Eintrag gelöscht."), who=who)
    if version.history_type == "+":
        return _sentence(_("%(who)s hat den Eintrag angelegt."), who=who)
    if reason:  # saved by something else than the back office, e.g. an import naming itself
        return _sentence(_("%(who)s hat den Eintrag bearbeitet (%(reason)s)."), who=who, reason=reason)
    return _sentence(_("%(who)s hat den Eintrag bearbeitet."), who=who)


class ShortenedInGerman(ObjDiffDisplay):
    """Long values are cut to what changed, in whole words with a few around it, each cut marked as German texts
    mark an omission: "[…] bei der Stadt Schwerte eingerichtet." → "[…] bei der Stadt Schwerte eingerichtet. Neu."."""

    CONTEXT = 4  # words kept before and after a change
    CHANGED = 30  # words of a change shown at most

    def common_shorten_repr(self, *values):
        values = tuple(map(str, values))
        if max(map(len, values)) <= self.max_length:
            return values
        words = [value.split() for value in values]
        start = len(commonprefix(words))
        end = len(commonprefix([text[start:][::-1] for text in words]))
        return tuple(self._cut(text, start, len(text) - end) for text in words)

    def _cut(self, words, start, end):
        changed = words[start:end]
        if len(changed) > self.CHANGED:
            changed = [*changed[: self.CHANGED // 2], "[…]", *changed[-self.CHANGED // 2 :]]
        return " ".join(
            [
                *(["[…]"] if start > self.CONTEXT else []),
                *words[max(0, start - self.CONTEXT) : start],
                *changed,
                *words[end : end + self.CONTEXT],
                *(["[…]"] if len(words) - end > self.CONTEXT else []),
            ]
        )


class ReadableChanges(HistoricalRecordContextHelper):
    """Changed values as an editor writes them: choice labels, German numbers (1.250.000,50), dates (24.06.2026)
    and times (24.06.2026, 14:00 Uhr (MESZ)), ja/nein, rich text without its tags, a dash for empty."""

    def __init__(self, model, historical_record, *, form_order=(), rich_text_fields=()):
        super().__init__(model, historical_record)
        self.form_order, self.rich_text_fields = form_order, rich_text_fields

    def context_for_delta_changes(self, delta):
        """The changes in the order of the form's fields (``form_order``), then of the model's (e.g. the state,
        which the workflow buttons change)."""
        names = [*self.form_order, *(field.name for field in self.model._meta.get_fields())]
        order = {name: index for index, name in reversed(list(enumerate(names)))}  # the first place of each
        changes = sorted(delta.changes, key=lambda change: order.get(change.field, len(order)))
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def get_obj_diff_display(self):
        return ShortenedInGerman(max_length=self.max_displayed_delta_change_chars)

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "–"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return yesno(value)
        if isinstance(value, datetime):
            return german_datetime(value)
        if isinstance(value, date):
            return date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(field, models.DecimalField | models.PositiveIntegerField):  # as the form shows them
            return german_notation(value, getattr(field, "decimal_places", 0))
        if isinstance(value, float):
            return number_format(value)
        if change.field in self.rich_text_fields:
            return " ".join(strip_tags(value).split()) or "–"
        return value
