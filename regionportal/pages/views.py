"""Portal-wide pages: home, short links, search, image credits, health check and error pages."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage, Page
from django.db.models import Exists, F, OuterRef, Q, QuerySet
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
from django.utils.translation import get_language
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
from regionportal.caching.cache import CountedPaginator
from regionportal.caching.options import OptionsChoiceField, OptionsSelect
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
    """One kind of content on the search page: its model and how a region narrows it (a hit's title, address and
    meta line come from the model's search entry: ``search_meta``)."""

    key: str
    label: str
    model: type
    in_region: Callable[[QuerySet, Region], QuerySet]

    @property
    def kind(self):
        return self.model._meta.label_lower

    def region_rows(self, region):
        return self.in_region(self.model._default_manager.all(), region)


RESULT_TYPES = [
    ResultType("projects", _("Projekte"), Project, lambda queryset, region: queryset.in_region(region)),
    ResultType(
        "articles",
        _("Nachrichten"),
        Article,
        _in(lambda region: Article.regions.through.objects.filter(region=region), "article"),
    ),
    ResultType("regions", _("Regionen"), Region, lambda queryset, region: queryset.filter(pk=region.pk)),
    ResultType(
        "municipalities",
        _("Kommunen"),
        Municipality,
        _in(lambda region: Membership.objects.filter(region=region), "municipality"),
    ),
    ResultType("themes", _("Themen"), Theme, _in(lambda region: RegionTheme.objects.filter(region=region), "theme")),
    ResultType(
        "programmes",
        _("Förderprogramme"),
        FundingProgramme,
        _in(lambda region: FundingLine.objects.filter(project__lead_region=region), "programme"),
    ),
    ResultType(
        "organisations",
        _("Organisationen"),
        Organisation,
        lambda queryset, region: queryset.filter(
            Q(pk__in=Region.objects.filter(pk=region.pk).values("organisation"))
            | Q(pk__in=Project.objects.filter(lead_region=region).values("lead_organisation"))
        ),
    ),
    ResultType(
        "people",
        _("Personen"),
        Person,
        lambda queryset, region: queryset.filter(
            Q(pk__in=RegionContact.objects.filter(region=region).values("person"))
            | Q(pk__in=ProjectContact.objects.filter(project__lead_region=region).values("person"))
        ),
    ),
]


@dataclass
class Hit:
    """A hit on the search page, from its search entry: ready to show."""

    title: str
    url: str
    search_title: str
    search_meta: str
    search_snippet: str

    def __str__(self):
        return self.title


class SearchForm(forms.Form):
    """What narrows the search besides the words: one kind of content and one region (by slug)."""

    type = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("", _("alle Arten"))] + [(t.key, t.label) for t in RESULT_TYPES],
        widget=OptionsSelect,  # rendered in one pass, not one template per option
    )
    region = OptionsChoiceField(  # 400 regions: options rendered in one pass, as in the project list's filter
        label=_("Region"),
        required=False,
        queryset=Region.objects.published().only("pk", "name", "slug"),
        to_field_name="slug",
        empty_label=_("alle Regionen"),
        options=lambda: region_options(None),
    )


class SearchView(TemplateView):
    """``/suche/?q=…&type=…&region=…``: published content of every kind, best hits first.

    Without ``type`` the page shows the best hits of every kind with a count each; with ``type`` one kind, paged,
    with the counts of all. One query answers it from the search entries (``SiteSearch.page``), a second one on
    PostgreSQL only when the words find nothing at all (similar titles); a region adds its subqueries to it.
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
        types = {t.key: t for t in RESULT_TYPES}
        if active:  # one kind, paged: the page asked for (checked against the count below); one hit of the others
            number = self.requested_page()
            windows = {t.kind: (1, 0) for t in RESULT_TYPES}
            windows[types[active].kind] = ((number - 1) * self.per_page + 1, number * self.per_page)
        else:
            windows = {t.kind: (1, self.per_group) for t in RESULT_TYPES}
        restrict = {t.kind: t.region_rows(region) for t in RESULT_TYPES} if region else None
        search = SiteSearch(query)
        found = search.page(windows, restrict)
        counts = {t.key: found.get(t.kind, (0, []))[0] for t in RESULT_TYPES}
        page_obj = None
        if active and counts[active]:
            paginator = CountedPaginator([], self.per_page, min(counts[active], CANDIDATE_LIMIT))
            try:
                page_obj = Page([], paginator.validate_number(self.request.GET.get("page") or 1), paginator)
            except InvalidPage as error:
                raise Http404(_("Diese Seite der Suchergebnisse gibt es nicht.")) from error
        prefix = reverse("portal:home").removesuffix("/")  # the language's, e.g. /en; entries keep German paths
        language = get_language()
        groups = []
        for result_type in RESULT_TYPES:
            rows = found.get(result_type.kind, (0, []))[1]
            if rows and (not active or result_type.key == active):
                items = [
                    Hit(
                        title=row["title"],
                        url=prefix + row["path"],
                        search_title=search.highlight(row["title"]),
                        search_meta=row["meta"].get(language) or row["meta"].get(settings.LANGUAGE_CODE, ""),
                        search_snippet=search.snippet(row["text"]),
                    )
                    for row in rows
                ]
                groups.append(self.group(result_type, counts[result_type.key], items))
        if page_obj is not None:
            page_obj.object_list = groups[0]["items"] if groups else []
        return {
            "results": groups,
            "counts": [self.group(t, counts[t.key]) for t in RESULT_TYPES if counts[t.key]],
            "total": sum(min(count, CANDIDATE_LIMIT) for count in counts.values()),
            "more": any(count > CANDIDATE_LIMIT for count in counts.values()),
            "active_type": active,
            "page_obj": page_obj,
        }

    def requested_page(self):
        """The page number asked for, to choose the hits to fetch; the paginator checks it once they are counted."""
        try:
            return max(int(self.request.GET.get("page") or 1), 1)
        except ValueError:
            return 1

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
