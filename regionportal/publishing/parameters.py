"""A list page's filters applied outside the page (feeds, exports, API): wrong values are a 400, not a 500."""

import re

from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 2**31 - 1  # keeps OFFSET within every database's integer range
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InvalidQuery(BadRequest):
    """Query parameters the filters or the pagination refuse, with the reasons per parameter."""

    def __init__(self, errors):
        self.errors = {name: [str(message) for message in messages] for name, messages in errors.items()}
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in self.errors.items()))

    @property
    def parameter(self):
        """The first parameter refused, named in the message."""
        return next(iter(self.errors))

    def message(self):
        return _("Ungültige Angabe in der Adresse: „%(parameter)s“ – %(reason)s") % {
            "parameter": self.parameter,
            "reason": " ".join(self.errors[self.parameter]),
        }

    def text_response(self):
        return HttpResponseBadRequest(
            _("Ungültige Angaben in der Adresse – %(reasons)s") % {"reasons": self},
            content_type="text/plain; charset=utf-8",
        )

    def body(self):
        return {"error": self.message(), "parameter": self.parameter, "fields": self.errors}

    def json_response(self):
        return JsonResponse(self.body(), status=400)


def check_parameters(data, known):
    """Every parameter of ``data`` (a QueryDict) is one of ``known`` and given once; ``InvalidQuery`` naming the
    others. A misspelt filter must not quietly answer with everything."""
    errors = {}
    for name in data:
        if name not in known:
            errors[name] = [
                _("Diesen Parameter gibt es hier nicht. Möglich sind: %(known)s.") % {"known": ", ".join(known)}
                if known
                else _("Diese Adresse nimmt keine Parameter an.")
            ]
        elif len(data.getlist(name)) > 1:
            errors[name] = [_("Dieser Parameter darf nur einmal vorkommen.")]
    if errors:
        raise InvalidQuery(errors)


def bind(filterset_class, data, queryset, extra=()):
    """``filterset_class`` bound to ``data`` and validated as on the list page; ``InvalidQuery`` if not, also for
    a parameter that is neither one of its filters nor one of ``extra`` (e.g. the API's ``limit``)."""
    check_parameters(data, [*filterset_class.base_filters, *extra])
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidQuery(filterset.errors)
    return filterset


def active_filters(filterset):
    """The filters a validated filterset applies, as (name, "Label: value"): a choice by its label, search words in
    quotation marks („netz“); the order (``sort``) is not part of the selection. The one way a selection is named –
    on a list page's removable chips and in a feed's title."""
    for name, value in getattr(filterset.form, "cleaned_data", {}).items():
        if value in (None, "") or name == "sort":
            continue
        field = filterset.form.fields[name]
        labels = dict(getattr(filterset.filters[name].extra.get("choices"), "choices", ()))
        if value in labels:
            value = labels[value]
        elif isinstance(field.widget, forms.SearchInput):
            value = f"„{value}“"
        yield name, f"{field.label}: {value}"


def describe(filterset):
    """The active filters of a valid filterset in one line, e.g. for a feed's title."""
    text = ", ".join(label for _name, label in active_filters(filterset))
    return CONTROL_CHARACTERS.sub("", text)  # a feed's title is XML, which has no place for them


def chips(filterset, query):
    """The active filters of a list page as removable chips: (label, ``query`` without that filter and the page)."""
    if not filterset.is_bound:
        return []
    filterset.is_valid()  # the valid filters are shown even while another one is refused
    found = []
    for name, label in active_filters(filterset):
        remaining = query.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        found.append((label, remaining.urlencode()))
    return found


class PageForm(forms.Form):
    """The API's pagination parameters; an invalid value is an ``InvalidQuery`` like a wrong filter."""

    limit = forms.IntegerField(
        label=format_lazy(gettext_lazy("Einträge pro Seite (ohne Angabe {default})"), default=PAGE_SIZE),
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        required=False,
    )
    offset = forms.IntegerField(
        label=gettext_lazy("Übersprungene Einträge"), min_value=0, max_value=MAX_OFFSET, required=False
    )

    def clean_limit(self):
        return self.cleaned_data["limit"] or PAGE_SIZE

    def clean_offset(self):
        return self.cleaned_data["offset"] or 0
