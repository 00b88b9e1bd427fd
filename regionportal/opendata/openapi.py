"""The OpenAPI 3.1 description of the API, generated from the datasets and the list pages' FilterSets."""

import django_filters
from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regionportal.opendata.catalogue import open_data_licence
from regionportal.opendata.datasets import DATASETS
from regionportal.publishing.parameters import PageForm

ERROR = "#/components/schemas/error"
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}

# Examples for the filters whose values are not listed in the document (slugs, keys); demo content's values.
EXAMPLES = {
    "region": {"county": ("kreis-unna", "Kreis Unna")},
    "municipality": {"town": ("unna", "Unna")},
    "theme": {"theme": ("energie", "Energie")},
    "programme": {"programme": ("region-gestalten", "Region gestalten")},
    "ags": {
        "district": ("05978", gettext_lazy("Kreis Unna: seine Kommunen und was der Kreis leitet")),
        "municipality": ("05978036", "Unna"),
        "state": ("05", "Nordrhein-Westfalen"),
    },
    "ars": {
        "district": ("05978", "Kreis Unna"),
        "municipality": ("059780036036", "Unna"),
    },
    "nuts": {
        "nuts3": ("DEA5C", "NUTS 3: Kreis Unna"),
        "nuts2": ("DEA5", "NUTS 2: Regierungsbezirk Arnsberg"),
    },
}


def filter_schema(query_filter):
    """The JSON schema of one filter's query parameter."""
    extra = query_filter.extra
    if isinstance(query_filter, django_filters.ModelChoiceFilter):
        return SLUG
    if isinstance(query_filter, django_filters.ChoiceFilter):
        choices = getattr(extra.get("choices"), "choices", extra.get("choices"))  # TextChoices or pairs
        if choices is None or callable(choices):  # chosen per request, e.g. the years that have news
            return {"type": "string"}
        return {"type": "string", "enum": [str(value) for value, _label in choices]}
    if isinstance(query_filter, django_filters.NumberFilter):
        bounds = {"minimum": extra["min_value"]} if "min_value" in extra else {}
        bounds |= {"maximum": extra["max_value"]} if "max_value" in extra else {}
        return {"type": "integer" if query_filter.field_class is forms.IntegerField else "number"} | bounds
    schema = {"type": "string"} | ({"maxLength": extra["max_length"]} if "max_length" in extra else {})
    patterns = [
        validator.regex.pattern for validator in extra.get("validators", ()) if isinstance(validator, RegexValidator)
    ]
    return schema | ({"pattern": patterns[0]} if patterns else {})


def parameter(name, description, schema, where="query"):
    documented = {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": str(description),
        "schema": schema,
    }
    if name in EXAMPLES:
        documented["examples"] = {
            key: {"summary": str(summary), "value": value} for key, (value, summary) in EXAMPLES[name].items()
        }
    return documented


def form_parameters(form_class):
    """Query parameters for a plain form's integer fields (the pagination)."""
    return [
        parameter(name, field.label, {"type": "integer", "minimum": field.min_value, "maximum": field.max_value})
        for name, field in form_class.base_fields.items()
    ]


def filter_parameters(dataset):
    if dataset.filterset_class is None:
        return []
    return [
        parameter(
            name,
            f"{query_filter.label}. {query_filter.extra['help_text']}"
            if "help_text" in query_filter.extra
            else query_filter.label,
            filter_schema(query_filter),
        )
        for name, query_filter in dataset.filterset_class.base_filters.items()
    ]


def json_response(description, ref):
    return {"description": str(description), "content": {"application/json": {"schema": {"$ref": ref}}}}


def paths(dataset, page_form):
    list_path = reverse("api:list", kwargs={"dataset": dataset})
    record = f"#/components/schemas/{dataset.slug}"
    return {
        list_path: {
            "get": {
                "operationId": f"{dataset.slug}-list",
                "summary": str(dataset.title),
                "description": str(dataset.description),
                "parameters": form_parameters(page_form) + filter_parameters(dataset),
                "responses": {
                    "200": json_response(_("Eine Seite der Liste"), f"#/components/schemas/{dataset.slug}-page"),
                    "400": json_response(
                        _("Ungültige Filter- oder Seitenangaben, ein unbekannter oder doppelter Parameter"), ERROR
                    ),
                },
            }
        },
        f"{list_path}{{slug}}/": {
            "get": {
                "operationId": f"{dataset.slug}-detail",
                "summary": _("Ein Eintrag: %(dataset)s") % {"dataset": dataset.title},
                "parameters": [parameter("slug", _("Kurzname in der Adresse"), SLUG, where="path")],
                "responses": {
                    "200": json_response(_("Der Eintrag"), record),
                    "400": json_response(_("Ein Parameter – die Adresse eines Eintrags nimmt keine an"), ERROR),
                    "404": json_response(_("Unbekannt oder nicht veröffentlicht"), ERROR),
                },
            }
        },
    }


def page_schema(dataset):
    link = {"type": ["string", "null"], "format": "uri"}
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer", "description": _("Einträge insgesamt (mit den Filtern)")},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "next": link | {"description": _("Die nächste Seite, wenn es eine gibt")},
            "previous": link | {"description": _("Die vorige Seite, wenn es eine gibt")},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{dataset.slug}"}},
        },
        "required": ["count", "limit", "offset", "next", "previous", "results"],
    }


def openapi_document(request):
    licence = open_data_licence()
    schemas = {
        "error": {
            "type": "object",
            "properties": {
                "error": {"type": "string", "description": _("Die Meldung, die den Parameter nennt")},
                "parameter": {"type": "string", "description": _("Der (erste) abgelehnte Parameter")},
                "fields": {
                    "type": "object",
                    "description": _("Die Gründe je Parameter"),
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["error"],
        }
    }
    document_paths = {}
    for dataset in DATASETS:
        schemas[dataset.slug] = dataset.json_schema()
        schemas[f"{dataset.slug}-page"] = page_schema(dataset)
        document_paths |= paths(dataset, PageForm)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("%(portal)s – Offene Daten") % {"portal": settings.PORTAL_NAME},
            "version": "1.0.0",
            "description": _(
                "Lesender Zugriff auf Regionen, Kommunen, Projekte, Förderprogramme und Nachrichten. "
                "Die Filter sind dieselben wie auf den Listenseiten des Portals. Amtliche Schlüssel (ags, ars, nuts) "
                "gelten als Anfang: ags=05978 ist der Kreis Unna, ags=05978036 die Stadt Unna. Ein unbekannter, "
                "doppelter oder ungültiger Parameter wird nie übergangen, sondern mit 400 und seinem Namen "
                "beantwortet."
            ),
            "license": {"name": str(licence.label), "url": licence.url},
        },
        "servers": [{"url": f"{request.scheme}://{request.get_host()}"}],
        "paths": document_paths,
        "components": {"schemas": schemas},
    }
