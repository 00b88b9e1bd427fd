"""The open-data page and the DCAT-AP.de catalogue."""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from regionportal.opendata.catalogue import catalogue, open_data_licence
from regionportal.opendata.datasets import DATASETS
from regionportal.opendata.operations import OPERATIONS
from regionportal.publishing.views import BreadcrumbMixin


class OpenDataView(BreadcrumbMixin, TemplateView):
    template_name = "opendata/index.html"

    def get_breadcrumbs(self):
        return [(_("Offene Daten"), "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(datasets=DATASETS, operations=OPERATIONS, licence=open_data_licence(), **kwargs)


def catalogue_view(request):
    return JsonResponse(
        catalogue(request), content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
