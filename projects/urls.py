from django.urls import path
from django.utils.translation import gettext_lazy as _

from regionportal.publishing.views import easy_language_path

from . import views
from .models import FundingProgramme, Municipality, Project, Region, Theme

REGIONS = (_("Regionen"), "projects:region-list")
PROGRAMMES = (_("Förderprogramme"), "projects:programme-list")

app_name = "projects"

urlpatterns = [
    path("regionen/", views.RegionListView.as_view(), name="region-list"),
    path("regionen/<slug:slug>/", views.RegionDetailView.as_view(), name="region"),
    easy_language_path("regionen/<slug:slug>/", Region, "region", REGIONS),
    path("regionen/<slug:slug>/zahlen/", views.FiguresView.as_view(), name="region-figures"),
    path("regionen/<slug:slug>/zahlen/<slug:chart>.csv", views.FiguresCsvView.as_view(), name="region-figures-csv"),
    path("kommunen/<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality"),
    easy_language_path("kommunen/<slug:slug>/", Municipality, "municipality", REGIONS),
    path("projekte/", views.ProjectListView.as_view(), name="list"),
    path("projekte/<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
    easy_language_path("projekte/<slug:slug>/", Project, "detail", (_("Projekte"), "projects:list")),
    path("foerderprogramme/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("foerderprogramme/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme"),
    easy_language_path("foerderprogramme/<slug:slug>/", FundingProgramme, "programme", PROGRAMMES),
    path("themen/", views.ThemeListView.as_view(), name="theme-list"),
    path("themen/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    easy_language_path("themen/<slug:slug>/", Theme, "theme", (_("Themen"), "projects:theme-list")),
    path("zahlen/", views.FiguresView.as_view(), name="figures"),
    path("zahlen/<slug:chart>.csv", views.FiguresCsvView.as_view(), name="figures-csv"),
]
