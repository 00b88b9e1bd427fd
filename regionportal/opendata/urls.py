"""The open-data page, its catalogue, and the downloads beside each list page (``/projekte/export.csv``)."""

from django.urls import path, register_converter

from regionportal.opendata import exports, views
from regionportal.opendata.converters import DatasetPathConverter, ExportFormatConverter

register_converter(DatasetPathConverter, "dataset_path")
register_converter(ExportFormatConverter, "export_format")

app_name = "opendata"

urlpatterns = [
    path("offene-daten/", views.OpenDataView.as_view(), name="index"),
    path("offene-daten/catalog.jsonld", views.catalogue_view, name="catalogue"),
    path("<dataset_path:dataset>/export.<export_format:fmt>", exports.export, name="export"),
]
