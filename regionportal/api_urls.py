"""The read-only JSON API under ``/api/`` (outside the language prefix; answers in German)."""

from django.urls import path, re_path, register_converter

from regionportal.opendata import api
from regionportal.opendata.converters import DatasetConverter

register_converter(DatasetConverter, "dataset")

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi, name="openapi"),
    path("<dataset:dataset>/", api.dataset_list, name="list"),
    # any text, so that every unknown entry gets the API's JSON 404 rather than the HTML page
    path("<dataset:dataset>/<path:slug>/", api.dataset_detail, name="detail"),
    # everything else under /api/ is a JSON 404 too, never the portal's HTML page
    re_path(r"^.*$", api.not_found, name="not-found"),
]
