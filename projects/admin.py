from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice.admin import (
    FormerSlugsAdminMixin,
    PublishableAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
)
from regionportal.backoffice.admin_tools import CsvImportExportMixin, EasyLanguageAdminMixin
from regionportal.backoffice.german_numbers import GermanNumbersMixin
from regionportal.backoffice.permissions import is_contributor_only, scope_for
from regionportal.backoffice.services import propose_change

from .models import (
    FundingLine,
    FundingProgramme,
    InterventionField,
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
from .resources import MunicipalityResource, ProjectResource


# Reference data: editors only have the "view" permission for these (see the role groups).
@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "code")
    search_fields = ("name", "abbreviation")


@admin.register(Theme)
class ThemeAdmin(FormerSlugsAdminMixin, EasyLanguageAdminMixin, admin.ModelAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(InterventionField)
class InterventionFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "english_title")
    search_fields = ("code", "title")

    @admin.display(description=_("Bezeichnung"), ordering="title")
    def english_title(self, field):
        """The regulation's English title, marked as English for screen readers (WCAG 3.1.2)."""
        return format_html('<span lang="en">{}</span>', field.title)


@admin.register(Municipality)
class MunicipalityAdmin(
    GermanNumbersMixin, FormerSlugsAdminMixin, EasyLanguageAdminMixin, CsvImportExportMixin, admin.ModelAdmin
):
    resource_classes = [MunicipalityResource]
    list_display = ("name", "kind", "ags", "state")
    list_filter = ("kind", "state")
    search_fields = ("name", "ags", "ars")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("state",)


class MembershipInline(ScopedTabularInline):
    model = Membership
    autocomplete_fields = ("municipality",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class RegionContactInline(ScopedTabularInline):
    model = RegionContact
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class RegionThemeInline(ScopedStackedInline):
    model = RegionTheme
    autocomplete_fields = ("theme",)


class KeyFigureInline(ScopedTabularInline):
    model = KeyFigure


class RegionGoalInline(ScopedTabularInline):
    model = RegionGoal


@admin.register(Region)
class RegionAdmin(PublishableAdmin):
    list_display = ("name", *PublishableAdmin.publication_columns, "kind", "ars", "nuts3")
    list_filter = ("kind", "state", "states")
    search_fields = ("name", "ars", "nuts3")
    rich_text_fields = ("description",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisation", "image")
    filter_horizontal = ("states",)
    inlines = [MembershipInline, RegionThemeInline, KeyFigureInline, RegionGoalInline, RegionContactInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "summary", "description", "image")}),
        (_("Amtliche Angaben"), {"fields": ("states", "ars", "nuts3", "organisation", "website")}),
        PublishableAdmin.publishing_fieldset,
    )


class ProjectGoalInline(ScopedTabularInline):
    model = ProjectGoal
    classes = ["collapse"]


class MilestoneInline(ScopedTabularInline):
    model = Milestone
    classes = ["collapse"]


class FundingLineInline(ScopedStackedInline):
    model = FundingLine
    classes = ["collapse"]
    autocomplete_fields = ("programme", "funding_body", "partner", "beneficiary")
    filter_horizontal = ("intervention_fields",)
    # One field a line in the collapsed section: Django opens it when one of its fields has an error only then.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "order",
                    "programme",
                    "funding_body",
                    "partner",
                    "grant_reference",
                    "amount",
                    "amount_is_approximate",
                    "funding_rate",
                    "own_contribution",
                    "start_date",
                    "end_date",
                )
            },
        ),
        (
            _("EU-Kofinanzierung (Liste der Vorhaben)"),
            {
                "classes": ["collapse"],
                "description": _(
                    "Angaben für die EU-Liste der Vorhaben (Art. 49 Abs. 3 der Verordnung (EU) 2021/1060), "
                    "veröffentlicht unter „Offene Daten“. Beginn und Ende des Vorhabens sind der Förderzeitraum oben."
                ),
                "fields": (
                    "operation_code",
                    "beneficiary",
                    "total_cost",
                    "total_cost_is_approximate",
                    "eligible_cost",
                    "currency",
                    "exchange_rate",
                    "fund",
                    "cofinancing_rate",
                    "specific_objective",
                    "intervention_fields",
                    "postcode",
                    "nuts_code",
                    "nuts_version",
                    "latitude",
                    "longitude",
                ),
            },
        ),
    )


class ProjectContactInline(ScopedTabularInline):
    model = ProjectContact
    classes = ["collapse"]
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class ProjectImageInline(ScopedTabularInline):
    """Open: the first image is the project's picture on its page and in lists."""

    model = ProjectImage
    autocomplete_fields = ("image",)


class ProjectDocumentInline(ScopedTabularInline):
    model = ProjectDocument
    classes = ["collapse"]
    autocomplete_fields = ("document",)


class ProjectLinkInline(ScopedTabularInline):
    model = ProjectLink
    classes = ["collapse"]


@admin.register(Project)
class ProjectAdmin(CsvImportExportMixin, PublishableAdmin):
    resource_classes = [ProjectResource]
    list_display = ("title", *PublishableAdmin.publication_columns, "lead_region", "status", "start_date", "featured")
    list_filter = ("state", "status", "lead_region", "themes", "featured")
    search_fields = ("title", "summary", "short_code")
    rich_text_fields = ("body",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("lead_region", "municipalities", "themes", "lead_organisation", "partners")
    list_select_related = ("lead_region",)
    date_hierarchy = "start_date"
    inlines = [
        ProjectImageInline,
        ProjectGoalInline,
        MilestoneInline,
        FundingLineInline,
        ProjectContactInline,
        ProjectDocumentInline,
        ProjectLinkInline,
    ]
    period_fieldset = (
        _("Zeitraum"),
        {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))},
    )
    # What a new project needs on one screen, the rest collapsed below it; then the images (the first is the
    # project's picture) and the rows, each group collapsed with its number of rows in the heading.
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead_region", "summary", "status")}),
        period_fieldset,
        (_("Themen und Kommunen"), {"fields": ("themes", "municipalities", "is_region_wide")}),
        (_("Beschreibung"), {"fields": ("body",)}),
        (
            _("Projektträger, Partner und Startseite"),
            {"classes": ["collapse"], "fields": ("lead_organisation", "partners", "featured")},
        ),
        PublishableAdmin.publishing_fieldset,
    )
    # Staff of a partner organisation propose changes to the texts and dates of a joint project.
    contributor_fieldsets = (
        (None, {"fields": ("title", "summary", "body", "status")}),
        period_fieldset,
        (_("Leichte Sprache"), {"fields": PublishableAdmin.easy_language_fields, "classes": ["collapse"]}),
    )

    def _contributes_only(self, request, obj):
        return obj is not None and is_contributor_only(request.user, obj)

    def _contributes(self, request):
        return bool(scope_for(request.user).contributed_project_ids)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._contributes(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._contributes(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._contributes(request)

    def get_fieldsets(self, request, obj=None):
        return (
            self.contributor_fieldsets if self._contributes_only(request, obj) else super().get_fieldsets(request, obj)
        )

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self._contributes_only(request, obj) else super().get_prepopulated_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if self._contributes_only(request, obj) else super().get_inlines(request, obj)

    def may_open_versions(self, request, obj):
        # a restored version is no proposal: it would propose only what was typed over the old version
        return not self._contributes_only(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.may_open_versions(request, self.get_object(request, unquote(object_id))):
            raise PermissionDenied(
                gettext(
                    "Frühere Fassungen stellt die Redaktion der Region wieder her. Ihre Änderungen schlagen Sie vor, "
                    "indem Sie das Projekt bearbeiten."
                )
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if self._contributes_only(request, obj):
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            obj._proposal = propose_change(project=obj, user=request.user, changes=changes) if changes else None
        else:
            super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if not hasattr(obj, "_proposal"):
            return super().response_change(request, obj)
        if obj._proposal:
            self.message_user(
                request,
                gettext("Ihr Vorschlag wurde gespeichert und wartet auf die Prüfung durch die Redaktion der Region."),
                messages.SUCCESS,
            )
        else:
            self.message_user(request, gettext("Sie haben nichts geändert."), messages.INFO)
        return self.response_post_save_change(request, obj)


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(PublishableAdmin):  # reference data too, with history and workflow
    list_display = ("name", *PublishableAdmin.publication_columns, "level", "funding_body", "start_date", "end_date")
    list_filter = ("level", "state")
    search_fields = ("name", "short_name", "legal_basis")
    rich_text_fields = ("description",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("funding_body", "parent")
    list_select_related = ("funding_body",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "slug",
                    "level",
                    "funding_body",
                    "parent",
                    "summary",
                    "description",
                )
            },
        ),
        (_("Rahmen"), {"fields": ("legal_basis", "start_date", "end_date", "url")}),
        PublishableAdmin.publishing_fieldset,
    )
