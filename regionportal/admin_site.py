"""The back office: Django's admin with an editor's dashboard as start page and a scoped "view on site".

Installed in place of ``django.contrib.admin`` (``PortalAdminConfig`` in INSTALLED_APPS); ``admin.site`` and
``@admin.register`` then use ``PortalAdminSite``. Nothing here imports models at module level, because the app
config is imported before the app registry is ready.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_title = _("Regionportal – Redaktion")
    site_header = _("Regionportal – Redaktion")
    index_title = _("Übersicht")
    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        from regionportal.dashboard import dashboard_for

        return super().index(request, {"dashboard": dashboard_for(request.user)} | (extra_context or {}))

    def has_permission(self, request):
        from regionportal.backoffice.two_factor import lacks_otp

        return super().has_permission(request) and not lacks_otp(request.user)

    def login(self, request, extra_context=None):
        from regionportal.backoffice.two_factor import lacks_otp, otp_step

        if request.method == "GET" and lacks_otp(request.user):  # password done, one-time code still missing
            return otp_step(request)
        return super().login(request, extra_context)

    def get_urls(self):
        from regionportal.backoffice import two_factor

        # Django's own "view on site" redirect answers for any object; ours only for what the public may see.
        return [
            path("zwei-faktor/", two_factor.verify, name="otp-verify"),
            path("zwei-faktor/einrichten/", two_factor.setup, name="otp-setup"),
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
        ] + [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType

        from regionportal.publishing.models import Publishable

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if model is None or not issubclass(model, Publishable):
            raise Http404
        obj = model.objects.published().filter(pk=object_id).first()
        if obj is None:
            raise Http404
        return HttpResponseRedirect(obj.get_absolute_url())


class PortalAdminConfig(AdminConfig):
    default_site = "regionportal.admin_site.PortalAdminSite"
