"""The read-only JSON API: each dataset as a paginated list (with the page's filters) and one entry by slug.

Plain Django views: the datasets already know their rows, fields and filters, so a framework would only add a
second description of the same thing. Responses are German-first like the portal (``url`` is the German page).
"""

import re
from functools import wraps

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from regionportal.opendata.datasets import DATASETS
from regionportal.opendata.exports import OpenDataEncoder
from regionportal.opendata.openapi import openapi_document
from regionportal.publishing.parameters import InvalidQuery, PageForm, check_parameters
from regionportal.publishing.slugs import redirect_from_former_slug

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def read_only(view):
    """GET and HEAD only (405 otherwise, not a CSRF failure: nothing here changes state), answered in the
    portal's first language whatever the client's browser prefers, so responses are stable and cacheable."""

    @csrf_exempt
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return wrapped


def api_response(data, status=200):
    return JsonResponse(
        data,
        status=status,
        encoder=OpenDataEncoder,
        json_dumps_params={"ensure_ascii": False},
        headers={"Access-Control-Allow-Origin": "*"},
    )


def page_link(request, limit, offset):
    query = request.GET.copy()
    query["limit"], query["offset"] = limit, offset
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@read_only
def index(request):
    return api_response(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "datasets": {
                dataset.slug: request.build_absolute_uri(reverse("api:list", kwargs={"dataset": dataset}))
                for dataset in DATASETS
            },
        }
    )


@read_only
def dataset_list(request, dataset):
    page = PageForm(request.GET)
    try:
        rows = dataset.rows(request.GET, extra=PageForm.base_fields)
        if not page.is_valid():
            raise InvalidQuery(page.errors)
    except InvalidQuery as error:
        return api_response(error.body(), status=400)
    limit, offset = page.cleaned_data["limit"], page.cleaned_data["offset"]
    count = rows.count()
    return api_response(
        {
            "count": count,
            "limit": limit,
            "offset": offset,
            "next": page_link(request, limit, offset + limit) if offset + limit < count else None,
            "previous": page_link(request, limit, max(offset - limit, 0)) if offset else None,
            "results": [dataset.record(row, request.build_absolute_uri) for row in rows[offset : offset + limit]],
        }
    )


@read_only
def dataset_detail(request, dataset, slug):
    try:
        check_parameters(request.GET, [])
    except InvalidQuery as error:
        return api_response(error.body(), status=400)
    row = dataset.rows_of().filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if row is None:
        missing = {"error": _("Diesen Eintrag gibt es nicht oder er ist nicht veröffentlicht.")}
        return redirect_from_former_slug(request, dataset.rows_of().model) or api_response(missing, 404)
    return api_response(dataset.record(row, request.build_absolute_uri))


@read_only
def openapi(request):
    return api_response(openapi_document(request))


@read_only
def not_found(request):
    """Unknown addresses under ``/api/``: a JSON 404 naming the path; ``/api/projects`` still gets its slash."""
    if not request.path.endswith("/"):
        try:
            with_slash = resolve(f"{request.path_info}/")
        except Resolver404:
            with_slash = None
        if with_slash is not None and with_slash.url_name != "not-found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/?{query}" if query else f"{request.path}/")
    message = _("Unter %(path)s gibt es nichts. Die verfügbaren Datensätze nennt %(index)s.")
    return api_response({"error": message % {"path": request.path, "index": reverse("api:index")}}, status=404)
