"""Atom and RSS feeds of the news: all of it, per region, per theme, and any selection of the news list."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.feeds import FEED_LENGTH, FilteredFeed

from .filters import ArticleFilter
from .models import Article


class ArticleFeed(FilteredFeed):
    """``/aktuelles/feed.rss?…``; the region and theme feeds take their filter from the URL instead."""

    filterset_class = ArticleFilter
    list_url_name = "news:list"
    heading = gettext_lazy("Nachrichten")

    def rows(self):
        return Article.objects.published().prefetch_related("themes")

    def description(self, obj):
        return _("Nachrichten aus den Regionen: Projekte, Förderungen und Termine der Regionalentwicklung.")

    def items(self, obj):
        return obj.rows[:FEED_LENGTH]

    def item_text(self, item):
        return item.teaser

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.modified


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
