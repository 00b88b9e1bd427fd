"""Public pages for regions, municipalities, projects, funding programmes and themes."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from contacts.models import Organisation, Person
from news.models import Article
from regionportal.models import Image

from .filters import ProjectFilter
from .models import (
    FundingLine,
    FundingProgramme,
    Membership,
    Municipality,
    Project,
    ProjectContact,
    ProjectDocument,
    ProjectImage,
    Region,
    RegionContact,
    RegionTheme,
    Theme,
)

NEWS_PREVIEW = 6


def is_published(model, ref="pk"):
    """Annotation: is the row ``ref`` points at public? Its name is shown either way, linked only then."""
    return Exists(model.objects.published().filter(pk=OuterRef(ref)))


def usable_image(field="image"):
    """Prefetch a picture only while its usage rights last; otherwise the attribute is None."""
    return Prefetch(field, queryset=Image.objects.usable())


def public_organisation(field="person__organisation"):
    """What includes/contact_block.html expects: a person's organisation only while it is public."""
    return Prefetch(field, queryset=Organisation.objects.published())


class ShortLinkMixin:
    """Adds ``short_url``, the permanent short link of the page's object as printed on the page."""

    def get_context_data(self, **kwargs):
        path = self.object.short_path
        return super().get_context_data(short_url=self.request.build_absolute_uri(path) if path else "", **kwargs)


class BreadcrumbMixin:
    """Adds ``breadcrumbs`` (label, url) pairs; the base template renders them."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=self.get_breadcrumbs(), **kwargs)


def count_published_projects(relation="projects"):
    return Count(relation, filter=Q(**{f"{relation}__in": Project.objects.published()}), distinct=True)


class RegionListView(BreadcrumbMixin, ListView):
    template_name = "projects/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return (
            Region.objects.published()
            .prefetch_related("states")
            .annotate(project_count=count_published_projects())
            .order_by("name")
        )

    def get_breadcrumbs(self):
        return [(_("Regionen"), "")]


class RegionDetailView(ShortLinkMixin, BreadcrumbMixin, DetailView):
    template_name = "projects/region_detail.html"
    context_object_name = "region"

    def get_queryset(self):
        return (
            Region.objects.published()
            .select_related("organisation")
            .annotate(organisation_is_published=is_published(Organisation, "organisation"))
            .prefetch_related(
                usable_image(),
                "states",
                "key_figures",
                "goals",
                Prefetch("region_themes", queryset=RegionTheme.objects.select_related("theme")),
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.current()
                    .select_related("municipality__state")
                    .order_by("municipality__name"),
                    to_attr="current_memberships",
                ),
                Prefetch(
                    "region_contacts",
                    queryset=RegionContact.objects.filter(person__in=Person.objects.published())
                    .select_related("person")
                    .prefetch_related(public_organisation()),
                    to_attr="public_contacts",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        region = self.object
        return super().get_context_data(
            members=[membership.municipality for membership in region.current_memberships],
            projects=Project.objects.published().in_region(region).for_cards().order_by("title"),
            articles=Article.objects.published().in_region(region).for_cards()[:NEWS_PREVIEW],
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Regionen"), reverse("projects:region-list")), (self.object.name, "")]


class MunicipalityDetailView(BreadcrumbMixin, DetailView):
    template_name = "projects/municipality_detail.html"
    context_object_name = "municipality"

    def get_queryset(self):
        return Municipality.objects.select_related("state").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current()
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
            projects=projects.filter(pk__in=own),
            region_wide_projects=projects.filter(is_region_wide=True, lead_region__in=regions).exclude(pk__in=own),
            articles=Article.objects.published().filter(municipalities=municipality).for_cards()[:NEWS_PREVIEW],
            **kwargs,
        )

    def get_breadcrumbs(self):
        regions = self.object.current_memberships
        trail = [(_("Regionen"), reverse("projects:region-list"))]
        if len(regions) == 1:
            trail.append((regions[0].region.name, regions[0].region.get_absolute_url()))
        return trail + [(self.object.name, "")]


class ProjectListView(BreadcrumbMixin, FilterView):
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
        return super().get_context_data(chips=self.filterset.chips(self.request.GET), **kwargs)

    def get_breadcrumbs(self):
        return [(_("Projekte"), "")]


class ProjectDetailView(ShortLinkMixin, BreadcrumbMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return (
            Project.objects.published()
            .select_related("lead_region", "lead_organisation")
            .annotate(lead_organisation_is_published=is_published(Organisation, "lead_organisation"))
            .prefetch_related(
                "themes",
                "municipalities",
                "goals",
                "milestones",
                "links",
                Prefetch(
                    "funding_lines",
                    queryset=FundingLine.objects.select_related(
                        "programme__funding_body", "funding_body", "partner"
                    ).annotate(programme_is_published=is_published(FundingProgramme, "programme")),
                ),
                Prefetch(
                    "partners",
                    queryset=Organisation.objects.annotate(is_published=is_published(Organisation)),
                ),
                Prefetch(
                    "project_contacts",
                    queryset=ProjectContact.objects.filter(person__in=Person.objects.published())
                    .select_related("person")
                    .prefetch_related(public_organisation()),
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
            articles=Article.objects.published().filter(related_projects=project),
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


class ProgrammeDetailView(ShortLinkMixin, BreadcrumbMixin, DetailView):
    template_name = "projects/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        published = FundingProgramme.objects.published()
        return (
            published.select_related("funding_body")
            .annotate(funding_body_is_published=is_published(Organisation, "funding_body"))
            .prefetch_related(
                Prefetch("parent", queryset=published),
                Prefetch("children", queryset=published.order_by("name"), to_attr="public_children"),
            )
        )

    def get_context_data(self, **kwargs):
        lines = FundingLine.objects.filter(programme=self.object, project__in=Project.objects.published())
        return super().get_context_data(
            projects=Project.objects.published().filter(pk__in=lines.values("project")).for_cards().order_by("title"),
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


class ThemeDetailView(BreadcrumbMixin, DetailView):
    template_name = "projects/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.select_related("parent").prefetch_related("children")

    def get_context_data(self, **kwargs):
        theme = self.object
        return super().get_context_data(
            projects=Project.objects.published().filter(themes=theme).for_cards().order_by("title"),
            articles=Article.objects.published().filter(themes=theme).for_cards()[:NEWS_PREVIEW],
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Themen"), reverse("projects:theme-list")), (self.object.name, "")]
