"""Portal-wide pages: home, short links, search, image credits, health check and error pages."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from contacts.models import Organisation, Person
from news.models import Article
from projects.filters import region_options
from projects.models import (
    FundingLine,
    FundingProgramme,
    Membership,
    Municipality,
    Project,
    ProjectContact,
    ProjectImage,
    Region,
    RegionContact,
    RegionTheme,
    Theme,
)
from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION
from regionportal.caching.options import OptionsChoiceField
from regionportal.media.models import Image
from regionportal.publishing.models import PublicationState, ShortLink, short_code_validator
from regionportal.publishing.slugs import redirect_from_former_slug
from regionportal.publishing.views import ARCHIVED_MESSAGE, BreadcrumbMixin, not_found
from regionportal.search.query import CANDIDATE_LIMIT, MAX_QUERY_LENGTH, SiteSearch, clean_query


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
            .annotate(project_count=Project.objects.published().count_in_region())
            .order_by("name")[:8],
            featured_projects=projects.filter(featured=True).order_by("title")[:3],
            recent_projects=projects.order_by("-updated_at")[:6],
            latest_articles=Article.objects.published().for_cards()[:4],
            **kwargs,
        )


def shortlink(request, code):
    """``/x/pk-<code>``: count the visit and send the visitor to the object's current address.

    A code whose object was deleted or archived answers 410 Gone (the code is never handed out again); one whose
    object is not public otherwise (a draft, withdrawn, scheduled) answers 404 like any unknown code.
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
    if getattr(target, "state", None) == PublicationState.ARCHIVED:
        return not_found(request, ARCHIVED_MESSAGE, status=410)
    if not target.is_public:
        return not_found(request, _("Dieser Kurzlink führt zu keiner veröffentlichten Seite."))
    ShortLink.objects.filter(pk=link.pk).update(hits=F("hits") + 1)
    return redirect(target, permanent=True)


class CreditsView(BreadcrumbMixin, ListView):
    """Every picture shown on a public page, with its credit, creator, licence and source."""

    template_name = "portal/credits.html"
    context_object_name = "images"

    def get_queryset(self):
        return (
            Image.objects.usable()
            .filter(  # EXISTS per kind of use: no join of every picture with every article that shows it
                Exists(ProjectImage.objects.filter(image=OuterRef("pk"), project__in=Project.objects.published()))
                | Exists(Article.objects.published().filter(image=OuterRef("pk")))
                | Exists(Region.objects.published().filter(image=OuterRef("pk")))
            )
            .order_by("credit_line", "title")
        )

    def get_breadcrumbs(self):
        return [(_("Bildnachweise"), "")]


def _in(through_queryset, column):
    """A region filter through a relation table: a subquery, so rows never repeat."""
    return lambda queryset, region: queryset.filter(pk__in=through_queryset(region).values(column))


@dataclass(frozen=True)
class ResultType:
    """One kind of content on the search page: its public rows, how a region narrows it and its meta line."""

    key: str
    label: str
    public: Callable[[], QuerySet]
    in_region: Callable[[QuerySet, Region], QuerySet]
    meta: Callable[[object], str] = str


RESULT_TYPES = [
    ResultType(
        "projects",
        _("Projekte"),
        lambda: Project.objects.published().select_related("lead_region"),
        lambda queryset, region: queryset.in_region(region),
        lambda project: f"{project.get_status_display()} · {project.lead_region.name}",
    ),
    ResultType(
        "articles",
        _("Nachrichten"),
        lambda: Article.objects.published(),
        _in(lambda region: Article.regions.through.objects.filter(region=region), "article"),
        lambda article: date_format(timezone.localtime(article.date), "DATE_FORMAT"),
    ),
    ResultType(
        "regions",
        _("Regionen"),
        lambda: Region.objects.published(),
        lambda queryset, region: queryset.filter(pk=region.pk),
        lambda region: region.get_kind_display(),
    ),
    ResultType(
        "municipalities",
        _("Kommunen"),
        lambda: Municipality.objects.select_related("state"),
        _in(lambda region: Membership.objects.filter(region=region), "municipality"),
        lambda municipality: f"{municipality.get_kind_display()} · {municipality.state.name}",
    ),
    ResultType(
        "themes",
        _("Themen"),
        lambda: Theme.objects.all(),
        _in(lambda region: RegionTheme.objects.filter(region=region), "theme"),
        lambda theme: _("Thema"),
    ),
    ResultType(
        "programmes",
        _("Förderprogramme"),
        lambda: FundingProgramme.objects.published(),
        _in(lambda region: FundingLine.objects.filter(project__lead_region=region), "programme"),
        lambda programme: programme.get_level_display(),
    ),
    ResultType(
        "organisations",
        _("Organisationen"),
        lambda: Organisation.objects.published(),
        lambda queryset, region: queryset.filter(
            Q(pk__in=Region.objects.filter(pk=region.pk).values("organisation"))
            | Q(pk__in=Project.objects.filter(lead_region=region).values("lead_organisation"))
        ),
        lambda organisation: organisation.get_kind_display(),
    ),
    ResultType(
        "people",
        _("Personen"),
        lambda: Person.objects.published().select_related("organisation"),
        lambda queryset, region: queryset.filter(
            Q(pk__in=RegionContact.objects.filter(region=region).values("person"))
            | Q(pk__in=ProjectContact.objects.filter(project__lead_region=region).values("person"))
        ),
        lambda person: person.organisation.name if person.organisation else _("Person"),
    ),
]


class SearchForm(forms.Form):
    """What narrows the search besides the words: one kind of content and one region (by slug)."""

    type = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle Arten"))] + [(t.key, t.label) for t in RESULT_TYPES]
    )
    region = OptionsChoiceField(  # 400 regions: options rendered in one pass, as in the project list's filter
        label=_("Region"),
        required=False,
        queryset=Region.objects.published().only("pk", "name", "slug"),
        to_field_name="slug",
        empty_label=_("alle Regionen"),
        options=lambda: region_options(None),
    )


class CountedPaginator(Paginator):
    """A paginator told the number of hits (from the one count query) instead of counting again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self):
        return self._count


class SearchView(TemplateView):
    """``/suche/?q=…&type=…&region=…``: published content of every kind, best hits first.

    Without ``type`` the page shows the best hits of every kind with a count each; with ``type`` one kind, paged.
    The number of queries does not depend on the number of hits (a count query for all kinds, one per kind shown).
    """

    template_name = "portal/search.html"
    per_group = 10
    per_page = 20

    def get(self, request, *args, **kwargs):
        query, shortened = clean_query(request.GET.get("q", ""))
        form = SearchForm(request.GET, label_suffix="")
        context = self.get_context_data(query=query, shortened=shortened, form=form, max_length=MAX_QUERY_LENGTH)
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        if query:
            context.update(self.results(query, form.cleaned_data["type"], form.cleaned_data["region"]))
        return self.render_to_response(context)

    def results(self, query, active, region):
        querysets = {}
        for result_type in RESULT_TYPES:
            queryset = result_type.public()
            querysets[result_type.key] = result_type.in_region(queryset, region) if region else queryset
        # The words first, all kinds counted in one query; similar titles (typos) only when they find nothing.
        search = SiteSearch(query, typos=False)
        counts = self.count(search, querysets)
        if not any(counts.values()):
            search = SiteSearch(query)
            counts = self.count(search, querysets) if active else counts
        if active:  # one kind, paged
            hits = search.ranked(querysets[active])
            page_obj = self.paginate(hits, min(counts[active], CANDIDATE_LIMIT)) if counts[active] else None
            found = {active: list(page_obj.object_list) if page_obj else []}
        else:  # every kind with hits (or, trying typos, every kind): its best hits, each query counting them too
            page_obj = None
            kinds = [key for key, count in counts.items() if count] or list(querysets)
            found = {key: list(search.ranked(querysets[key])[: self.per_group]) for key in kinds}
            counts |= {key: items[0].search_total if items else 0 for key, items in found.items()}
        groups = []
        for result_type in RESULT_TYPES:
            items = found.get(result_type.key)
            if not items:
                continue
            for item in items:
                item.search_title = search.highlight(str(item))
                item.search_snippet = search.snippet(item)
                item.search_meta = result_type.meta(item)
            groups.append(self.group(result_type, counts[result_type.key], items))
        return {
            "results": groups,
            "counts": [self.group(t, counts[t.key]) for t in RESULT_TYPES if counts[t.key]],
            "total": sum(min(count, CANDIDATE_LIMIT) for count in counts.values()),
            "more": any(count > CANDIDATE_LIMIT for count in counts.values()),
            "active_type": active,
            "page_obj": page_obj,
        }

    @staticmethod
    def group(result_type, count, items=()):
        """Hits of one kind; ``count`` stops at ``CANDIDATE_LIMIT`` with ``more`` set when there are more."""
        return {
            "key": result_type.key,
            "label": result_type.label,
            "count": min(count, CANDIDATE_LIMIT),
            "more": count > CANDIDATE_LIMIT,
            "items": items,
        }

    @staticmethod
    def count(search, querysets):
        """Hits per kind in a single query (a UNION ALL of one capped COUNT per kind)."""
        if not search:
            return dict.fromkeys(querysets, 0)
        parts = [
            queryset.model._base_manager.filter(pk__in=search.candidates(queryset))
            .order_by()
            .annotate(search_type=Value(key))
            .values("search_type")
            .annotate(hits=Count("pk"))
            .values_list("search_type", "hits")
            for key, queryset in querysets.items()
        ]
        return dict.fromkeys(querysets, 0) | dict(parts[0].union(*parts[1:], all=True).order_by())

    def paginate(self, hits, count):
        paginator = CountedPaginator(hits, self.per_page, count)
        try:
            return paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(_("Diese Seite der Suchergebnisse gibt es nicht.")) from error

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=[(_("Suche"), "")], **kwargs)


def in_back_office(request):
    return request.path_info.startswith(reverse("admin:index"))


BACK_OFFICE_ERRORS = {
    403: (
        _("Keine Berechtigung"),
        _(
            "Diese Seite oder Aktion ist für Ihr Konto nicht freigegeben. Meist gehört der Eintrag zu einer anderen "
            "Region, oder Ihre Rolle erlaubt diesen Schritt nicht (zum Beispiel Freigeben oder Löschen). Es wurde "
            "nichts geändert."
        ),
    ),
    404: (
        _("Seite nicht gefunden"),
        _(
            "Diese Adresse gibt es in der Redaktion nicht (mehr). Vielleicht wurde der Eintrag inzwischen gelöscht, "
            "oder ein Lesezeichen ist veraltet."
        ),
    ),
}


def back_office_error(request, status):
    """An error page inside the back office's frame (admin/error.html) that says what to do next, naming the
    portal administrators to ask."""
    people = get_user_model().objects.filter(groups__name=PORTAL_ADMINISTRATION, is_active=True)
    administrators = people.exclude(email="")
    title, message = BACK_OFFICE_ERRORS[status]
    context = admin.site.each_context(request) | {
        "title": title,
        "message": message,
        "administrators": administrators.order_by("last_name", "first_name", "username"),
    }
    return TemplateResponse(request, "admin/error.html", context, status=status).render()


def permission_denied(request, exception):
    if in_back_office(request):
        return back_office_error(request, 403)
    return HttpResponseForbidden(loader.get_template("403.html").render({}, request))


def page_not_found(request, exception):
    if in_back_office(request):
        return back_office_error(request, 404)
    redirect_response = redirect_from_former_slug(request)
    if redirect_response is not None:
        return redirect_response
    return HttpResponseNotFound(loader.get_template("404.html").render({}, request))


def csrf_failure(request, reason=""):
    """A form arrived without its CSRF cookie or token (cookies blocked, a page kept open since the browser was
    closed): a page of ours that says what to do (``CSRF_FAILURE_VIEW``), not the framework's technical one."""
    return HttpResponseForbidden(loader.get_template("403_csrf.html").render({}, request))


def server_error(request):
    # No context processors and no database here: whatever broke must not break the error page too.
    template = "admin/500.html" if in_back_office(request) else "500.html"
    return HttpResponseServerError(loader.get_template(template).render())
