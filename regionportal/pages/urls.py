from django.contrib.flatpages import views as flatpages
from django.urls import path

from regionportal.legal import views as legal
from regionportal.legal.easy_language import easy_language_flatpage
from regionportal.pages import share_images, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("x/pk-<str:code>", views.shortlink, name="shortlink"),
    path("bildnachweise/", views.CreditsView.as_view(), name="credits"),
    path("suche/", views.SearchView.as_view(), name="search"),
    path("vorschau/<slug:kind>/<slug:slug>.png", share_images.share_image, name="share-image"),
    # Imprint and privacy notice are flat pages edited in the admin; their paths are fixed because the footer
    # links them. The accessibility statement has fields of its own (regionportal.legal).
    path("impressum/", flatpages.flatpage, {"url": "/impressum/"}, name="imprint"),
    path("datenschutz/", flatpages.flatpage, {"url": "/datenschutz/"}, name="privacy"),
    # Flat pages in Leichte Sprache (regionportal.legal.easy_language): the portal explained – the home page's
    # version, required by BITV 2.0 § 4 – and the versions of imprint and privacy notice, each where it is linked.
    path("leichte-sprache/", easy_language_flatpage, {"url": "/leichte-sprache/"}, name="easy-language"),
    path(
        "impressum/leichte-sprache/",
        easy_language_flatpage,
        {"url": "/impressum/leichte-sprache/"},
        name="imprint-easy-language",
    ),
    path(
        "datenschutz/leichte-sprache/",
        easy_language_flatpage,
        {"url": "/datenschutz/leichte-sprache/"},
        name="privacy-easy-language",
    ),
    path("barrierefreiheit/", legal.AccessibilityStatementView.as_view(), name="accessibility"),
    path("barrierefreiheit/barriere-melden/", legal.BarrierReportView.as_view(), name="accessibility-feedback"),
    path(
        "barrierefreiheit/barriere-melden/danke/",
        legal.BarrierReportThanksView.as_view(),
        name="accessibility-feedback-thanks",
    ),
]
