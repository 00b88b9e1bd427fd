"""Filter form options for long lists (400 regions, hundreds of municipalities): cached per content version and
rendered in one pass, not one template per ``<option>`` as Django's ``Select`` does."""

import functools

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from regionportal.caching.cache import cached


@functools.lru_cache(maxsize=64)
def options_html(choices):
    """The ``<option>`` elements of ``choices`` (a tuple of (value, label)), none selected; kept per process for
    the last few lists, which change only with the content."""
    return format_html_join("", '<option value="{}">{}</option>', choices)


class OptionsSelect(forms.Select):
    """A ``<select>`` whose options are joined in Python once per list of options; same markup as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        html = options_html(tuple((str(key), label) for key, label in self.choices))
        for selected in self.format_value(value):
            option = format_html('<option value="{}">', selected)
            html = html.replace(option, option[:-1] + " selected>", 1)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), mark_safe(html)
        )


class OptionsChoiceField(forms.ModelChoiceField):
    """Checks the chosen value against the queryset, but offers the given (value, label) ``options``."""

    widget = OptionsSelect

    def __init__(self, *args, options, **kwargs):
        """``options``: a callable, called only when the field is rendered (a feed or an export built from the
        same filter never pays for its options)."""
        super().__init__(*args, **kwargs)
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.widget.choices = lambda: [*empty, *options()]

    def _set_queryset(self, queryset):
        self._queryset = None if queryset is None else queryset.all()  # without turning it into the options

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class CachedOptionsFilter(django_filters.ModelChoiceFilter):
    """A model choice by slug whose options come from ``options(data)`` (``data``: the filter's query, e.g.
    ``request.GET``) – a list of (slug, name), usually read with ``cached_options()`` – while the queryset only
    checks the value a visitor sent."""

    field_class = OptionsChoiceField

    def __init__(self, *args, options, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)
        self.options = options

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["options"] = functools.partial(self.options, self.parent.data or {})
        return super().field


def cached_options(name, queryset):
    """(slug, name) of ``queryset`` in its order, kept until the content changes."""
    return cached(f"options:{name}", lambda: list(queryset.values_list("slug", "name")))
