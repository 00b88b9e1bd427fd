from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regionportal.admin import PublishableAdmin

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
    State,
    Theme,
)


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "code")
    search_fields = ("name", "abbreviation")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "ags", "state")
    list_filter = ("kind", "state")
    search_fields = ("name", "ags", "ars")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("state",)


class OrderedInline(admin.TabularInline):
    extra = 0


class MembershipInline(OrderedInline):
    model = Membership
    autocomplete_fields = ("municipality",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class RegionContactInline(OrderedInline):
    model = RegionContact
    autocomplete_fields = ("person",)


class RegionThemeInline(admin.StackedInline):
    model = RegionTheme
    extra = 0
    autocomplete_fields = ("theme",)


class KeyFigureInline(OrderedInline):
    model = KeyFigure


class RegionGoalInline(OrderedInline):
    model = RegionGoal


@admin.register(Region)
class RegionAdmin(PublishableAdmin):
    list_display = ("name", "kind", "ars", "nuts3", "state")
    list_filter = ("kind", "state", "states")
    search_fields = ("name", "ars", "nuts3")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisation", "image")
    filter_horizontal = ("states",)
    inlines = [MembershipInline, RegionThemeInline, KeyFigureInline, RegionGoalInline, RegionContactInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "summary", "description", "image")}),
        (_("Amtliche Angaben"), {"fields": ("states", "ars", "nuts3", "organisation", "website")}),
        PublishableAdmin.publishing_fieldset,
    )


class ProjectGoalInline(OrderedInline):
    model = ProjectGoal


class MilestoneInline(OrderedInline):
    model = Milestone


class FundingLineInline(admin.StackedInline):
    model = FundingLine
    extra = 0
    autocomplete_fields = ("programme", "funding_body", "partner")


class ProjectContactInline(OrderedInline):
    model = ProjectContact
    autocomplete_fields = ("person",)


class ProjectImageInline(OrderedInline):
    model = ProjectImage
    autocomplete_fields = ("image",)


class ProjectDocumentInline(OrderedInline):
    model = ProjectDocument
    autocomplete_fields = ("document",)


class ProjectLinkInline(OrderedInline):
    model = ProjectLink


@admin.register(Project)
class ProjectAdmin(PublishableAdmin):
    list_display = ("title", "lead_region", "status", "start_date", "state", "featured")
    list_filter = ("state", "status", "lead_region", "themes", "featured")
    search_fields = ("title", "summary", "short_code")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("lead_region", "municipalities", "themes", "lead_organisation", "partners")
    list_select_related = ("lead_region",)
    date_hierarchy = "start_date"
    inlines = [
        ProjectGoalInline,
        MilestoneInline,
        FundingLineInline,
        ProjectContactInline,
        ProjectImageInline,
        ProjectDocumentInline,
        ProjectLinkInline,
    ]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "status", "featured")}),
        (_("Zeitraum"), {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))}),
        (_("Wo und wer"), {"fields": ("lead_region", "is_region_wide", "municipalities", "themes", "lead_organisation", "partners")}),
        PublishableAdmin.publishing_fieldset,
    )


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(PublishableAdmin):
    list_display = ("name", "level", "funding_body", "start_date", "end_date", "state")
    list_filter = ("level", "state")
    search_fields = ("name", "short_name", "legal_basis")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("funding_body", "parent")
    list_select_related = ("funding_body",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "level", "funding_body", "parent", "summary", "description")}),
        (_("Rahmen"), {"fields": ("legal_basis", "start_date", "end_date", "url")}),
        PublishableAdmin.publishing_fieldset,
    )
