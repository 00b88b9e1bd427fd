from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("<int:year>/", views.ArchiveYearView.as_view(), name="archive-year"),
    path("<int:year>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
