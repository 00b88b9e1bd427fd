"""The open-data page, its catalogue, the downloads beside each list page (``/projekte/export.csv``) and the EU list
of operations (``/offene-daten/vorhaben.csv``)."""

from django.urls import path, register_converter

from regionportal.opendata import exports, views
from regionportal.opendata.converters import DatasetPathConverter, ExportFormatConverter
from regionportal.opendata.operations import OPERATIONS

register_converter(DatasetPathConverter, "dataset_path")
register_converter(ExportFormatConverter, "export_format")

app_name = "opendata"

urlpatterns = [
    path("offene-daten/", views.OpenDataView.as_view(), name="index"),
    path("offene-daten/catalog.jsonld", views.catalogue_view, name="catalogue"),
    path("offene-daten/vorhaben.<export_format:fmt>", exports.export, {"dataset": OPERATIONS}, name="operations"),
    path("<dataset_path:dataset>/export.<export_format:fmt>", exports.export, name="export"),
]
