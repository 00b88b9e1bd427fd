"""The back office of the portal's own models: images, documents, proposals, short links, users and groups.

The building blocks every content admin is made of (region scoping, workflow, history) are in
regionportal.backoffice.admin; the legal pages register theirs in regionportal.legal.admin.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice import services
from regionportal.backoffice.admin import PortalAdministrationOnly, ScopedAdmin, VersionedAdmin, run_each
from regionportal.backoffice.admin_tools import SharedMediaDeletionMixin
from regionportal.backoffice.german_numbers import german_notation
from regionportal.backoffice.models import (
    ChangeProposal,
    EditorAssignment,
    ProjectContributor,
    ProposalStatus,
)
from regionportal.backoffice.permissions import scope_for
from regionportal.backoffice.workflow import publication_status
from regionportal.legal import admin as legal_admin  # noqa: F401 - registers the legal pages' admins
from regionportal.media.forms import DocumentForm, ImageForm
from regionportal.media.models import Document, Image
from regionportal.publishing.models import ShortLink


@admin.register(Image)
class ImageAdmin(SharedMediaDeletionMixin, VersionedAdmin):
    form = ImageForm  # checks and cleans the upload (regionportal.media)
    list_display = ("title", "creator", "credit_line", "licence", "rights_expire_on")
    list_filter = ("licence",)
    search_fields = ("title", "alt_text", "caption", "creator", "credit_line")
    fieldsets = (
        (None, {"fields": ("file", "title", "alt_text", "caption", "creator", "licence")}),
        (_("Bildnachweis, Quelle und Nutzungsrechte"), {"fields": ("credit_line", "source_url", "rights_expire_on")}),
    )
    readonly_fields = ("pixel_size", "uploaded_by")

    def get_fieldsets(self, request, obj=None):
        """Size and uploader once they are known: after the upload."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            return fieldsets
        (name, options), *others = fieldsets
        known = ["pixel_size"] if obj.width and obj.height else []
        known += ["uploaded_by"] if obj.uploaded_by_id else []
        fields = [new for field in options["fields"] for new in ([field, *known] if field == "file" else [field])]
        return [(name, options | {"fields": fields}), *others]

    @admin.display(description=_("Größe in Pixel"))
    def pixel_size(self, obj):
        return f"{german_notation(obj.width)} × {german_notation(obj.height)}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Document)
class DocumentAdmin(SharedMediaDeletionMixin, VersionedAdmin):
    form = DocumentForm  # checks the upload and takes type and size from it (regionportal.media)
    list_display = ("title", "file_type", "size_bytes", "published_on")
    list_filter = ("file_type",)
    search_fields = ("title", "description")
    readonly_fields = ("file_type_display", "size_display", "uploaded_by")

    def get_fields(self, request, obj=None):
        """Type and size are the file's (or the link's): shown, never typed, once there is something to show."""
        fields = ["title", "description", "file", "external_url", "language", "published_on"]
        if obj is None or obj.pk is None:
            return fields
        known = ["file_type_display", *(["size_display"] if obj.size_bytes is not None else [])]
        known += ["uploaded_by"] if obj.uploaded_by_id else []
        return [*fields[:4], *known, *fields[4:]]

    @admin.display(description=_("Dateityp"))
    def file_type_display(self, obj):
        return obj.get_file_type_display()

    @admin.display(description=_("Größe"))
    def size_display(self, obj):
        return filesizeformat(obj.size_bytes)  # "2,4 MB"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


DECIDE_BUTTON = "_decide"


@admin.register(ChangeProposal)
class ChangeProposalAdmin(ScopedAdmin):
    """The review queue for contributors' proposals: compare with the project and accept or reject – on the
    proposal's page with the buttons "Vorschlag übernehmen" and "Vorschlag ablehnen", or for several in the list."""

    change_form_template = "admin/regionportal/changeproposal_change_form.html"
    list_display = ("project", "proposer_display", "created_at", "status")
    list_filter = ("status",)
    list_select_related = ("project", "proposed_by")
    search_fields = ("project__title",)
    fields = ("project", "proposer_display", "created_at", "changes_display", "status", "decided_by", "decided_at")
    readonly_fields = fields
    actions = ["accept_selected", "reject_selected"]
    decisions = {
        "accept": (services.accept_proposal, _("Vorschlag übernehmen")),
        "reject": (services.reject_proposal, _("Vorschlag ablehnen")),
    }

    @admin.display(description=_("vorgeschlagen von"), ordering="proposed_by__last_name")
    def proposer_display(self, obj):
        return obj.proposer_name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, unquote(object_id))
        may_decide = proposal.status == ProposalStatus.OPEN and self.has_change_permission(request, proposal)
        if request.method == "POST":
            return self._decide_one(request, proposal, request.POST.get(DECIDE_BUTTON))
        context = {
            # nothing on the page is a field: the decision is the only thing to do here
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
            "decisions": [(name, label) for name, (_service, label) in self.decisions.items()] if may_decide else [],
            "decide_button": DECIDE_BUTTON,
        }
        return super().change_view(request, object_id, form_url, context | (extra_context or {}))

    def _decide_one(self, request, proposal, decision):
        """Accept or reject ``proposal``; back to the project (accepted) or the queue, or the refusal's reason."""
        if decision not in self.decisions:
            self.message_user(
                request, gettext("Wählen Sie „Vorschlag übernehmen“ oder „Vorschlag ablehnen“."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        service, _label = self.decisions[decision]
        try:
            service(proposal=proposal, user=request.user)  # PermissionDenied: the admin's German 403 page
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        project, values = proposal.project, {"user": self.proposer_display(proposal) or "–", "title": proposal.project}
        if decision == "reject":
            self.message_user(
                request, gettext("Der Vorschlag von %(user)s zu „%(title)s“ ist abgelehnt.") % values, messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:regionportal_changeproposal_changelist"))
        values["state"] = publication_status(project)
        text = gettext("Der Vorschlag von %(user)s ist übernommen: „%(title)s“ hat jetzt die vorgeschlagenen Angaben.")
        if project.is_public:
            text += " " + gettext("Sie sind jetzt öffentlich.")
        else:
            text += " " + gettext("Status: %(state)s.")
        self.message_user(request, text % values, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:projects_project_change", args=[project.pk]))

    def has_add_permission(self, request):
        return False  # proposals come from saving a project as a contributor

    def has_module_permission(self, request):
        return super().has_module_permission(request) or bool(scope_for(request.user).contributed_project_ids)

    def has_view_permission(self, request, obj=None):
        # contributors follow their own proposals (the queryset shows them nothing else)
        return super().has_view_permission(request, obj) or bool(scope_for(request.user).contributed_project_ids)

    @admin.display(description=_("Änderungen"))
    def changes_display(self, obj):
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (
                    capfirst(obj.project._meta.get_field(name).verbose_name),
                    getattr(obj.project, name),
                    value,
                )
                for name, value in obj.changes.items()
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
            "</tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Feld"),
            _("jetzt"),
            _("vorgeschlagen"),
            rows,
        )

    def _decide(self, request, queryset, service, status):
        proposals = queryset.select_related("project", "proposed_by")
        run_each(self, request, proposals, lambda p: service(proposal=p, user=request.user), capfirst(status.label))

    @admin.action(description=_("Vorschläge übernehmen"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide(request, queryset, services.accept_proposal, ProposalStatus.ACCEPTED)

    @admin.action(description=_("Vorschläge ablehnen"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, services.reject_proposal, ProposalStatus.REJECTED)


@admin.register(ShortLink)
class ShortLinkAdmin(admin.ModelAdmin):
    list_display = ("__str__", "content_type", "object_id", "hits", "created_at")
    list_filter = ("content_type",)
    search_fields = ("code",)
    readonly_fields = ("code", "content_type", "object_id", "hits", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # codes are never reused, so their registry rows are never deleted


class EditorAssignmentInline(PortalAdministrationOnly, admin.TabularInline):
    model = EditorAssignment
    extra = 0
    autocomplete_fields = ("region",)


class ProjectContributorInline(PortalAdministrationOnly, admin.TabularInline):
    model = ProjectContributor
    extra = 0
    autocomplete_fields = ("project",)


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(PortalAdministrationOnly, UserAdmin):
    inlines = [EditorAssignmentInline, ProjectContributorInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:  # only a superuser makes superusers or grants single permissions
            fields += ["is_superuser", "user_permissions"]
        return fields


@admin.register(Group)
class PortalGroupAdmin(PortalAdministrationOnly, GroupAdmin):
    pass
