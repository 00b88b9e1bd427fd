from django.contrib.flatpages import views as flatpages
from django.urls import path

from regionportal.legal import views as legal
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
    path("barrierefreiheit/", legal.AccessibilityStatementView.as_view(), name="accessibility"),
    path("barrierefreiheit/barriere-melden/", legal.BarrierReportView.as_view(), name="accessibility-feedback"),
    path(
        "barrierefreiheit/barriere-melden/danke/",
        legal.BarrierReportThanksView.as_view(),
        name="accessibility-feedback-thanks",
    ),
]
