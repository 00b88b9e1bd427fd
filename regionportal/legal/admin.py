"""The accessibility statement and the reported barriers in the admin: portal administration only."""

from django.contrib import admin
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regionportal.backoffice.admin import PortalAdministrationOnly
from regionportal.backoffice.admin_tools import RichTextAdminMixin
from regionportal.legal.forms import NonAccessibleContentFormSet
from regionportal.legal.models import AccessibilityStatement, BarrierReport, NonAccessibleContent, ReportStatus


class NonAccessibleContentInline(PortalAdministrationOnly, admin.StackedInline):
    model = NonAccessibleContent
    formset = NonAccessibleContentFormSet
    extra = 0
    fields = ("content", "reason", "explanation", "alternative")


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(PortalAdministrationOnly, RichTextAdminMixin, admin.ModelAdmin):
    """One statement per site, changed but never deleted (the page must not disappear). Below the form: the
    non-accessible parts, each with its reason."""

    inlines = [NonAccessibleContentInline]
    list_display = ("__str__", "site", "conformance", "assessed_on", "reviewed_on", "feedback_email")
    fieldsets = [
        (None, {"fields": ("site", "operator", "legal_basis")}),
        (_("Stand der Vereinbarkeit"), {"fields": ("conformance",)}),
        (
            _("Prüfung und Erstellung"),
            {"fields": ("assessment_method", "assessment_details", "assessed_on", "prepared_on", "reviewed_on")},
        ),
        (
            _("Rückmeldungen (Formular „Barriere melden“)"),
            {"fields": ("feedback_office", "feedback_email", "feedback_phone", "feedback_address")},
        ),
        (
            _("Ombuds- oder Durchsetzungsstelle des Landes"),
            {"fields": ("enforcement_body", "enforcement_url", "enforcement_email")},
        ),
    ]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def has_add_permission(self, request):
        exists = AccessibilityStatement.objects.filter(site=get_current_site(request)).exists()
        return not exists and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BarrierReport)
class BarrierReportAdmin(PortalAdministrationOnly, admin.ModelAdmin):
    """What visitors reported: read as sent; the office keeps status and a note."""

    list_display = ("created_at", "page_url", "status", "has_email", "notified_at")
    list_filter = ("status", "created_at")
    search_fields = ("page_url", "description", "name", "email")
    date_hierarchy = "created_at"
    fields = ("created_at", "page_url", "description", "name", "email", "notified_at", "status", "note")
    readonly_fields = ("created_at", "page_url", "description", "name", "email", "notified_at")
    actions = ["mark_in_progress", "mark_closed"]

    def has_add_permission(self, request):
        return False  # reports come from the form

    @admin.display(boolean=True, description=_("Antwort möglich"))
    def has_email(self, obj):
        return bool(obj.email)

    def _set_status(self, request, queryset, status):
        count = queryset.update(status=status)
        self.message_user(request, ngettext("%d Meldung geändert.", "%d Meldungen geändert.", count) % count)

    @admin.action(description=_("Als „in Bearbeitung“ markieren"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, ReportStatus.IN_PROGRESS)

    @admin.action(description=_("Als „erledigt“ markieren"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self._set_status(request, queryset, ReportStatus.CLOSED)
