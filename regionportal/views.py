"""Portal-wide pages: home, short links, search, image credits, health check and error pages."""

from django.db.models import Count, F, Q
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from news.models import Article
from projects.models import Project, Region
from regionportal.models import Image, ShortLink


@never_cache
def healthz(request):
    """The framework's own ceiling: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().for_cards()
        return super().get_context_data(
            regions=Region.objects.published().annotate(
                project_count=Count("projects", filter=Q(projects__in=Project.objects.published()))
            ).order_by("name"),
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
        return Image.objects.usable().filter(
            Q(project_uses__project__in=Project.objects.published())
            | Q(articles__in=Article.objects.published())
            | Q(regions__in=Region.objects.published())
        ).distinct().order_by("credit_line", "title")

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=[(_("Bildnachweise"), "")], **kwargs)


class SearchView(TemplateView):
    template_name = "portal/search.html"


def not_found(request, message="", status=404):
    """The 404 page with a message of ours (never the framework's technical one)."""
    return TemplateResponse(request, "404.html", {"message": message}, status=status)


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.get_template("404.html").render({}, request))


def server_error(request):
    # No context processors and no database here: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())
