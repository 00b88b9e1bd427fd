"""Feeds and calendars beside their pages: ``/projekte/feed.atom``, ``/regionen/<slug>/termine.ics``."""

from django.urls import path

from news.feeds import ArticleAtomFeed, ArticleFeed
from projects.feeds import ProjectAtomFeed, ProjectFeed
from projects.ical import ProjectCalendarView, RegionCalendarView

app_name = "feeds"

urlpatterns = [
    path("projekte/feed.atom", ProjectAtomFeed(), name="projects-atom"),
    path("projekte/feed.rss", ProjectFeed(), name="projects-rss"),
    path("aktuelles/feed.atom", ArticleAtomFeed(), name="news-atom"),
    path("aktuelles/feed.rss", ArticleFeed(), name="news-rss"),
    path("regionen/<slug:region>/aktuelles.atom", ArticleAtomFeed(), name="region-news-atom"),
    path("regionen/<slug:region>/aktuelles.rss", ArticleFeed(), name="region-news-rss"),
    path("themen/<slug:theme>/aktuelles.atom", ArticleAtomFeed(), name="theme-news-atom"),
    path("themen/<slug:theme>/aktuelles.rss", ArticleFeed(), name="theme-news-rss"),
    path("projekte/<slug:slug>/termine.ics", ProjectCalendarView.as_view(), name="project-calendar"),
    path("regionen/<slug:slug>/termine.ics", RegionCalendarView.as_view(), name="region-calendar"),
]
