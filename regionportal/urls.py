"""Root URLs. The public pages are German-first: unprefixed in German, under /en/ in English.

The admin and the health check stay outside the language prefix; short links (/x/pk-xxxxxx) are portal pages
like any other, so the printed German link works unprefixed and /en/x/pk-xxxxxx in English.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from regionportal.pages import views
from regionportal.pages.sitemaps import SITEMAPS, robots_txt, sitemap_index

urlpatterns = [
    path("admin/passwort-vergessen/", include("regionportal.backoffice.password_reset")),
    # the rich-text editor's dialogs in German (its module reads window.gettext when it loads)
    path("admin/jsi18n/editor/", JavaScriptCatalog.as_view(packages=["django_prose_editor"]), name="editor-jsi18n"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("regionportal.api_urls")),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap-index",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", include("regionportal.pages.urls")),
    path("", include("regionportal.feed_urls")),
    path("", include("regionportal.opendata.urls")),
    path("", include("projects.urls")),
    path("aktuelles/", include("news.urls")),
    path("kontakte/", include("contacts.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler403 = "regionportal.pages.views.permission_denied"
handler404 = "regionportal.pages.views.page_not_found"
handler500 = "regionportal.pages.views.server_error"
