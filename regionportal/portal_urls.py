from django.contrib.flatpages import views as flatpages
from django.urls import path

from regionportal import share_images, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("x/pk-<str:code>", views.shortlink, name="shortlink"),
    path("bildnachweise/", views.CreditsView.as_view(), name="credits"),
    path("suche/", views.SearchView.as_view(), name="search"),
    path("vorschau/<slug:kind>/<slug:slug>.png", share_images.share_image, name="share-image"),
    # Legal pages are flat pages edited in the admin; their paths are fixed because the footer links them.
    path("impressum/", flatpages.flatpage, {"url": "/impressum/"}, name="imprint"),
    path("datenschutz/", flatpages.flatpage, {"url": "/datenschutz/"}, name="privacy"),
    path("barrierefreiheit/", flatpages.flatpage, {"url": "/barrierefreiheit/"}, name="accessibility"),
]
