"""Public pages for regions, municipalities, projects, funding programmes and themes."""

from django.db.models import Count, FilteredRelation, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from contacts.models import Organisation, Person, with_public_organisation
from regionportal.caching.cache import CachedCountMixin
from regionportal.media.models import Image, usable_condition
from regionportal.publishing.child_rows import inline, inline_rows
from regionportal.publishing.models import is_published, related_model
from regionportal.publishing.parameters import chips
from regionportal.publishing.views import (
    BreadcrumbMixin,
    EasyLanguageLinkMixin,
    KnownParametersMixin,
    PublicObjectMixin,
    ShortLinkMixin,
)

from . import charts
from .filters import ProjectFilter
from .maps import region_members
from .models import (
    FundingLine,
    FundingProgramme,
    KeyFigure,
    Membership,
    Milestone,
    Municipality,
    Project,
    ProjectContact,
    ProjectDocument,
    ProjectGoal,
    ProjectImage,
    ProjectLink,
    Region,
    RegionContact,
    RegionGoal,
    RegionTheme,
    Theme,
    count_per,
)

NEWS_PREVIEW = 6
DECISION_FIELDS = ["id", "date", "reference", "title", "result", "url", "is_withdrawn"]  # what the page shows


# The news (app news) and council decisions (app decisions) about a project, its region, places and themes:
# those apps build on this one, so the pages reach them through the relations they declare.
def news_articles():
    return related_model(Project, "articles")


def council_decisions():
    return related_model(Project, "decisions")


PROJECT_PREVIEW = 24  # a theme or programme with hundreds of projects shows the first ones and links the filtered list


def count_published_projects(relation="projects"):
    return Count(relation, filter=Q(**{f"{relation}__in": Project.objects.published()}), distinct=True)


class RegionListView(BreadcrumbMixin, ListView):
    template_name = "projects/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return (
            Region.objects.published()
            .prefetch_related("states")
            .annotate(project_count=Project.objects.published().count_in_region())
            .order_by("name")
        )

    def get_breadcrumbs(self):
        return [(_("Regionen"), "")]


class RegionDetailView(PublicObjectMixin, ShortLinkMixin, BreadcrumbMixin, DetailView):
    model = Region
    template_name = "projects/region_detail.html"
    context_object_name = "region"

    def get_queryset(self):
        return (
            self.public_queryset()
            .annotate(
                key_figure_rows=inline(KeyFigure.objects.all(), "region"),
                goal_rows=inline(RegionGoal.objects.all(), "region"),
                reference_rows=inline(
                    Membership.objects.references(), "region", fields=["municipality__name", "municipality__slug"]
                ),
                organisation_is_published=is_published(Organisation, "organisation"),
                member_count=count_per(Membership.objects.members(), "region", counted="municipality"),
                usable_image=FilteredRelation("image", condition=usable_condition("image__")),
            )
            .select_related("organisation", "usable_image")
            .prefetch_related(
                "states",
                Prefetch("region_themes", queryset=RegionTheme.objects.select_related("theme")),
                Prefetch(
                    "region_contacts",
                    queryset=with_public_organisation(
                        RegionContact.objects.filter(person__in=Person.objects.published())
                    ),
                    to_attr="public_contacts",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        region = self.object
        return super().get_context_data(
            key_figures=inline_rows(KeyFigure, region.key_figure_rows),
            goals=inline_rows(RegionGoal, region.goal_rows),
            members=region_members([region]).annotate(project_count=count_published_projects()),
            references=sorted(
                (
                    {"name": row["municipality__name"], "slug": row["municipality__slug"]}
                    for row in region.reference_rows or ()
                ),
                key=lambda place: place["name"],
            ),
            projects=Project.objects.published().in_region(region).for_cards().order_by("title"),
            articles=news_articles().objects.published().in_region(region).for_cards()[:NEWS_PREVIEW],
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Regionen"), reverse("projects:region-list")), (self.object.name, "")]


class MunicipalityDetailView(EasyLanguageLinkMixin, BreadcrumbMixin, DetailView):
    model = Municipality
    template_name = "projects/municipality_detail.html"
    context_object_name = "municipality"

    def get_queryset(self):
        return Municipality.objects.select_related("state").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.members()
                .filter(region__in=Region.objects.published())
                .select_related("region")
                .order_by("region__name"),
                to_attr="current_memberships",
            )
        )

    def get_context_data(self, **kwargs):
        municipality = self.object
        regions = [membership.region for membership in municipality.current_memberships]
        projects = Project.objects.published().for_cards().order_by("title")
        own = Project.municipalities.through.objects.filter(municipality=municipality).values("project")
        return super().get_context_data(
            regions=regions,
            regions_in_text=", ".join(region.in_text for region in regions),
            neighbours=region_members(regions).annotate(project_count=count_published_projects()),
            projects=projects.filter(pk__in=own),
            region_wide_projects=projects.filter(is_region_wide=True, lead_region__in=regions).exclude(pk__in=own),
            articles=news_articles().objects.published().filter(municipalities=municipality).for_cards()[:NEWS_PREVIEW],
            **kwargs,
        )

    def get_breadcrumbs(self):
        regions = self.object.current_memberships
        trail = [(_("Regionen"), reverse("projects:region-list"))]
        if len(regions) == 1:
            trail.append((regions[0].region.name, regions[0].region.get_absolute_url()))
        return trail + [(self.object.name, "")]


class ProjectListView(KnownParametersMixin, CachedCountMixin, BreadcrumbMixin, FilterView):
    template_name = "projects/project_list.html"
    filterset_class = ProjectFilter
    context_object_name = "projects"
    paginate_by = 20

    def get_queryset(self):
        return Project.objects.published().for_cards()

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so the default sort order applies to a visit without query string too.
        return super().get_filterset_kwargs(filterset_class) | {"data": self.request.GET}

    def get_context_data(self, **kwargs):
        return super().get_context_data(chips=chips(self.filterset, self.request.GET), **kwargs)

    def get_breadcrumbs(self):
        return [(_("Projekte"), "")]


class ProjectDetailView(PublicObjectMixin, ShortLinkMixin, BreadcrumbMixin, DetailView):
    model = Project
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return (
            self.public_queryset()
            .select_related("lead_region", "lead_organisation")
            .annotate(
                lead_organisation_is_published=is_published(Organisation, "lead_organisation"),
                goal_rows=inline(ProjectGoal.objects.all(), "project"),
                link_rows=inline(ProjectLink.objects.all(), "project"),
                milestone_rows=inline(Milestone.objects.all(), "project"),
                decision_rows=inline(
                    council_decisions().objects.all(), "projects", fields=DECISION_FIELDS, body_name="body__name"
                ),
                article_rows=inline(
                    news_articles().objects.published(), "related_projects", fields=["id", "title", "slug", "date"]
                ),
            )
            .prefetch_related(
                "themes",
                "municipalities",
                Prefetch(
                    "funding_lines",
                    queryset=FundingLine.objects.select_related(
                        "programme__funding_body", "funding_body", "partner", "beneficiary"
                    ).annotate(
                        programme_is_published=is_published(FundingProgramme, "programme"),
                        beneficiary_is_published=is_published(Organisation, "beneficiary"),
                    ),
                ),
                Prefetch(
                    "partners",
                    queryset=Organisation.objects.annotate(is_published=is_published(Organisation)),
                ),
                Prefetch(
                    "project_contacts",
                    queryset=with_public_organisation(
                        ProjectContact.objects.filter(person__in=Person.objects.published())
                    ),
                ),
                Prefetch(
                    "project_images",
                    queryset=ProjectImage.objects.filter(image__in=Image.objects.usable()).select_related("image"),
                ),
                Prefetch("project_documents", queryset=ProjectDocument.objects.select_related("document")),
            )
        )

    def get_context_data(self, **kwargs):
        project = self.object
        return super().get_context_data(
            goals=inline_rows(ProjectGoal, project.goal_rows),
            milestones=inline_rows(Milestone, project.milestone_rows),
            decisions=inline_rows(council_decisions(), project.decision_rows),
            links=inline_rows(ProjectLink, project.link_rows),
            articles=inline_rows(news_articles(), project.article_rows),
            region_members=region_members([project.lead_region]),
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Projekte"), reverse("projects:list")), (self.object.title, "")]


class ProgrammeListView(BreadcrumbMixin, ListView):
    template_name = "projects/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return FundingProgramme.objects.published().select_related("funding_body").order_by("name")

    def get_breadcrumbs(self):
        return [(_("Förderprogramme"), "")]


class ProgrammeDetailView(PublicObjectMixin, ShortLinkMixin, BreadcrumbMixin, DetailView):
    model = FundingProgramme
    template_name = "projects/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        published = FundingProgramme.objects.published()
        return (
            self.public_queryset()
            .select_related("funding_body")
            .annotate(funding_body_is_published=is_published(Organisation, "funding_body"))
            .prefetch_related(
                Prefetch("parent", queryset=published),
                Prefetch("children", queryset=published.order_by("name"), to_attr="public_children"),
            )
        )

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().funded_by(self.object)
        lines = FundingLine.objects.filter(programme__in=self.object.family, project__in=projects)
        return super().get_context_data(
            projects=projects.for_cards().order_by("title")[:PROJECT_PREVIEW],
            project_count=projects.count(),
            funding=lines.aggregate(total=Sum("amount"), approximate=Count("pk", filter=Q(amount_is_approximate=True))),
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Förderprogramme"), reverse("projects:programme-list")), (self.object.name, "")]


class ThemeListView(BreadcrumbMixin, ListView):
    template_name = "projects/theme_list.html"
    context_object_name = "themes"

    def get_queryset(self):
        return Theme.objects.annotate(project_count=count_published_projects()).order_by("name")

    def get_breadcrumbs(self):
        return [(_("Themen"), "")]


class ThemeDetailView(EasyLanguageLinkMixin, BreadcrumbMixin, DetailView):
    model = Theme
    template_name = "projects/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.select_related("parent").prefetch_related("children")

    def get_context_data(self, **kwargs):
        theme = self.object
        projects = Project.objects.published().filter(
            pk__in=Project.themes.through.objects.filter(theme=theme).values("project")
        )
        return super().get_context_data(
            projects=projects.for_cards().order_by("title")[:PROJECT_PREVIEW],
            project_count=projects.count(),
            articles=news_articles().objects.published().filter(themes=theme).for_cards()[:NEWS_PREVIEW],
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Themen"), reverse("projects:theme-list")), (self.object.name, "")]


class FiguresMixin:
    """``/zahlen/`` is about the whole portal, ``/regionen/<slug>/zahlen/`` about one published region."""

    model = Region  # whose former slugs the region's figures keep answering to

    def get_region(self):
        slug = self.kwargs.get("slug")
        return get_object_or_404(Region.objects.published(), slug=slug) if slug else None


class FiguresView(FiguresMixin, BreadcrumbMixin, TemplateView):
    template_name = "projects/figures.html"

    def get_context_data(self, **kwargs):
        self.region = self.get_region()
        figures = charts.figures(self.region)
        return super().get_context_data(
            region=self.region,
            charts=figures["charts"],
            timeline=figures["timeline"],
            regions=Region.objects.published().order_by("name") if self.region is None else None,
            **kwargs,
        )

    def get_breadcrumbs(self):
        if self.region is None:
            return [(_("Zahlen und Fakten"), "")]
        return [
            (_("Regionen"), reverse("projects:region-list")),
            (self.region.name, self.region.get_absolute_url()),
            (_("Zahlen und Fakten"), ""),
        ]


class FiguresCsvView(FiguresMixin, View):
    """One chart's table as CSV: the same rows the figures page shows."""

    def get(self, request, *args, **kwargs):
        region = self.get_region()
        chart = next((c for c in charts.figures(region)["charts"] if c.slug == kwargs["chart"]), None)
        if chart is None:
            raise Http404(_("Diese Grafik gibt es nicht."))
        response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
        name = f"{region.slug if region else 'portal'}-{chart.slug}.csv"
        response.headers["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
