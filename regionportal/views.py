"""Portal-wide pages: home, short links, search, image credits, health check and error pages."""

from django.db.models import Count, F, Q
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import FundingProgramme, Municipality, Project, Region, Theme
from regionportal.models import Image, ShortLink, short_code_validator


@never_cache
def healthz(request):
    """The framework's own ceiling: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().for_cards()
        return super().get_context_data(
            regions=Region.objects.published()
            .annotate(project_count=Count("projects", filter=Q(projects__in=Project.objects.published())))
            .order_by("name")[:8],
            featured_projects=projects.filter(featured=True).order_by("title")[:3],
            recent_projects=projects.order_by("-updated_at")[:6],
            latest_articles=Article.objects.published().for_cards()[:4],
            **kwargs,
        )


def shortlink(request, code):
    """``/x/pk-<code>``: count the visit and send the visitor to the object's current address.

    A code whose object was deleted answers 410 Gone (the code is never handed out again); one whose object is
    not public (a draft, archived, scheduled) answers 404 like any unknown code.
    """
    code = code.lower()  # printed codes are lower case; people typing them may not be
    if not short_code_validator.regex.fullmatch(code):
        return not_found(request, _("Diesen Kurzlink gibt es nicht. Bitte prüfen Sie die Schreibweise."))
    link = ShortLink.objects.filter(code=code).select_related("content_type").first()
    target = link and link.target
    if link is None:
        return not_found(request, _("Diesen Kurzlink gibt es nicht. Bitte prüfen Sie die Schreibweise."))
    if target is None:
        return not_found(request, _("Die Seite hinter diesem Kurzlink wurde entfernt."), status=410)
    if not target.is_public:
        return not_found(request, _("Dieser Kurzlink führt zu keiner veröffentlichten Seite."))
    ShortLink.objects.filter(pk=link.pk).update(hits=F("hits") + 1)
    return redirect(target)


class CreditsView(ListView):
    """Every picture shown on a public page, with its credit, creator, licence and source."""

    template_name = "portal/credits.html"
    context_object_name = "images"

    def get_queryset(self):
        return (
            Image.objects.usable()
            .filter(
                Q(project_uses__project__in=Project.objects.published())
                | Q(articles__in=Article.objects.published())
                | Q(regions__in=Region.objects.published())
            )
            .distinct()
            .order_by("credit_line", "title")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=[(_("Bildnachweise"), "")], **kwargs)


class SearchView(TemplateView):
    """``/suche/?q=…``: published content containing every word of the query, grouped by type.

    A plain ``icontains`` search for now; PostgreSQL full-text search replaces it later.
    """

    template_name = "portal/search.html"
    max_length = 200
    max_words = 10
    per_group = 10
    # (key, heading, what is public, fields searched); the querysets are built per request.
    groups = [
        (
            "projects",
            _("Projekte"),
            lambda: Project.objects.published().for_cards(),
            ["title", "summary", "body"],
        ),
        (
            "articles",
            _("Nachrichten"),
            lambda: Article.objects.published().for_cards(),
            ["title", "teaser", "body"],
        ),
        ("regions", _("Regionen"), lambda: Region.objects.published(), ["name", "summary", "description"]),
        ("municipalities", _("Kommunen"), lambda: Municipality.objects.all(), ["name"]),
        ("themes", _("Themen"), lambda: Theme.objects.all(), ["name", "description"]),
        (
            "programmes",
            _("Förderprogramme"),
            lambda: FundingProgramme.objects.published(),
            ["name", "short_name", "summary", "description"],
        ),
        (
            "organisations",
            _("Organisationen"),
            lambda: Organisation.objects.published(),
            ["name", "short_name", "description"],
        ),
        (
            "people",
            _("Personen"),
            lambda: Person.objects.published(),
            ["first_name", "last_name", "position"],
        ),
    ]

    def get_query(self):
        """The cleaned query and whether it had to be shortened. NUL bytes never reach the database."""
        query = " ".join(self.request.GET.get("q", "").replace("\x00", " ").split())
        return query[: self.max_length].strip(), len(query) > self.max_length

    def matching(self, queryset, fields, words):
        for word in words:
            any_field = Q.create([(f"{field}__icontains", word) for field in fields], connector=Q.OR)
            queryset = queryset.filter(any_field)
        return queryset

    def get_context_data(self, **kwargs):
        query, shortened = self.get_query()
        words = query.split()[: self.max_words]
        results = []
        if words:
            for key, label, queryset, fields in self.groups:
                matches = self.matching(queryset(), fields, words)
                results.append(
                    {"key": key, "label": label, "count": matches.count(), "items": matches[: self.per_group]}
                )
        return super().get_context_data(
            query=query,
            shortened=shortened,
            max_length=self.max_length,
            results=[group for group in results if group["count"]],
            total=sum(group["count"] for group in results),
            breadcrumbs=[(_("Suche"), "")],
            **kwargs,
        )


def not_found(request, message="", status=404):
    """The 404 page with a message of ours (never the framework's technical one)."""
    return TemplateResponse(request, "404.html", {"message": message}, status=status)


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.get_template("404.html").render({}, request))


def server_error(request):
    # No context processors and no database here: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())
