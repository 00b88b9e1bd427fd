from django.urls import path
from django.utils.translation import gettext_lazy as _

from regionportal.publishing.views import easy_language_path

from . import views
from .models import Article

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("<int:year>/", views.ArchiveYearView.as_view(), name="archive-year"),
    path("<int:year>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    easy_language_path("<int:year>/<slug:slug>/", Article, "detail", (_("Aktuelles"), "news:list")),
]
