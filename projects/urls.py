from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("regionen/", views.RegionListView.as_view(), name="region-list"),
    path("regionen/<slug:slug>/", views.RegionDetailView.as_view(), name="region"),
    path("regionen/<slug:slug>/zahlen/", views.FiguresView.as_view(), name="region-figures"),
    path("regionen/<slug:slug>/zahlen/<slug:chart>.csv", views.FiguresCsvView.as_view(), name="region-figures-csv"),
    path("kommunen/<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality"),
    path("projekte/", views.ProjectListView.as_view(), name="list"),
    path("projekte/<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
    path("foerderprogramme/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("foerderprogramme/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme"),
    path("themen/", views.ThemeListView.as_view(), name="theme-list"),
    path("themen/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("zahlen/", views.FiguresView.as_view(), name="figures"),
    path("zahlen/<slug:chart>.csv", views.FiguresCsvView.as_view(), name="figures-csv"),
]
