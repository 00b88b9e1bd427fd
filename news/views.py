"""Public news pages: the filtered list, the yearly archive and the article page."""

from django.db.models import FilteredRelation, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from contacts.models import Person, with_public_organisation
from projects.models import Municipality, Project, Region, Theme
from regionportal.caching.cache import CachedCountMixin
from regionportal.media.models import Document, Image
from regionportal.publishing.child_rows import inline, inline_rows
from regionportal.publishing.models import published_condition
from regionportal.publishing.parameters import chips
from regionportal.publishing.views import BreadcrumbMixin, KnownParametersMixin, PublicObjectMixin

from .filters import ArticleFilter, published_article_years
from .models import Article, ArticlePerson

PAGE_SIZE = 20


class ArticleViewMixin(BreadcrumbMixin):
    """Only published articles, and the way back to the news list."""

    section = (_("Aktuelles"), "news:list")

    def get_queryset(self):
        return Article.objects.published()


class ArticleListView(KnownParametersMixin, CachedCountMixin, ArticleViewMixin, FilterView):
    filterset_class = ArticleFilter
    paginate_by = PAGE_SIZE
    template_name = "news/article_list.html"
    context_object_name = "articles"
    section = None  # the list itself

    def get_queryset(self):
        return super().get_queryset().for_cards()

    def get_context_data(self, **kwargs):
        return super().get_context_data(chips=chips(self.filterset, self.request.GET), **kwargs)

    def get_breadcrumbs(self):
        return [(_("Aktuelles"), "")]


class ArchiveYearView(CachedCountMixin, ArticleViewMixin, ListView):
    """``/aktuelles/<jahr>/``: a year's articles; a year without any (or an absurd one) is a 404."""

    paginate_by = PAGE_SIZE
    template_name = "news/article_archive_year.html"
    context_object_name = "articles"

    def get_queryset(self):
        published = super().get_queryset()
        self.years = published_article_years()
        self.year = self.kwargs["year"]
        if self.year not in self.years:
            raise Http404(_("Aus diesem Jahr gibt es keine Nachrichten."))
        return published.for_cards().filter(date__year=self.year)

    def get_breadcrumbs(self):
        return [(self.year, "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, years=self.years, **kwargs)


class ArticleDetailView(PublicObjectMixin, ArticleViewMixin, DetailView):
    model = Article
    template_name = "news/article_detail.html"
    context_object_name = "article"
    related_count = 3

    def get_queryset(self):
        return (
            self.public_queryset()
            .annotate(
                public_source=FilteredRelation(
                    "source_organisation", condition=published_condition("source_organisation__")
                ),
                theme_rows=inline(Theme.objects.all(), "articles", fields=["id", "name", "slug"]),
                municipality_rows=inline(Municipality.objects.all(), "articles", fields=["id", "name", "slug"]),
                attachment_rows=inline(Document.objects.all(), "articles"),
            )
            .select_related("public_source")
            .prefetch_related(
                Prefetch("image", queryset=Image.objects.usable()),
                Prefetch("regions", queryset=Region.objects.published()),
                Prefetch("related_projects", queryset=Project.objects.published().for_cards()),
                Prefetch(
                    "article_people",
                    queryset=with_public_organisation(
                        ArticlePerson.objects.filter(person__in=Person.objects.published())
                    ),
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if timezone.localtime(self.object.date).year != kwargs["year"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def more_articles(self):
        """Up to three other published articles sharing a region or a theme with this one."""
        article = self.object
        regions = [region.pk for region in article.regions.all()]
        themes = [theme.pk for theme in self.themes]
        if not (regions or themes):
            return Article.objects.none()
        # Subqueries rather than joins: no DISTINCT over thousands of joined rows before the LIMIT.
        return (
            super()
            .get_queryset()
            .filter(
                Q(pk__in=Article.regions.through.objects.filter(region__in=regions).values("article"))
                | Q(pk__in=Article.themes.through.objects.filter(theme__in=themes).values("article"))
            )
            .exclude(pk=article.pk)
            .for_cards()[: self.related_count]
        )

    def get_breadcrumbs(self):
        year = timezone.localtime(self.object.date).year
        return [(year, reverse("news:archive-year", kwargs={"year": year})), (self.object.title, "")]

    def get_context_data(self, **kwargs):
        article = self.object
        self.themes = inline_rows(Theme, article.theme_rows)
        return super().get_context_data(
            themes=self.themes,
            municipalities=inline_rows(Municipality, article.municipality_rows),
            attachments=inline_rows(Document, article.attachment_rows),
            contacts=[entry for entry in article.article_people.all() if entry.is_contact],
            people=[entry for entry in article.article_people.all() if not entry.is_contact],
            more_articles=self.more_articles(),
            short_url=article.short_url(self.request.build_absolute_uri),
            **kwargs,
        )
