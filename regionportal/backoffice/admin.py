"""Back-office building blocks: region scoping, the editorial workflow and history for every content admin.

``ScopedAdmin`` narrows lists, forms, choices, autocompletes, filters and history pages to what the user may
see (regionportal.backoffice.permissions); ``PublishableAdmin`` adds the workflow (regionportal.backoffice.services)."""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from regionportal.backoffice import services
from regionportal.backoffice.admin_tools import (
    EasyLanguageAdminMixin,
    PublishableToolsMixin,
    RichTextAdminMixin,
    ScopedDeletionMixin,
)
from regionportal.backoffice.german_dates import german_datetime
from regionportal.backoffice.german_numbers import GermanNumbersMixin
from regionportal.backoffice.history import (
    ReadableChanges,
    VersionList,
    describe_row,
    is_versioned,
    people_named,
    what_happened,
    with_previous,
)
from regionportal.backoffice.locking import OptimisticLockingAdminMixin
from regionportal.backoffice.ordering import MoveRowResponseMixin, OrderedRowsMixin
from regionportal.backoffice.permissions import linkable, scope_for, visible
from regionportal.backoffice.workflow import (
    SCHEDULE_FIELD,
    WORKFLOW_BUTTON,
    WorkflowFormMixin,
    confirmation,
    publication_status,
)
from regionportal.publishing.models import FormerSlug


def run_each(model_admin, request, objects, call, done_label):
    """Apply ``call`` to each object; report what was done in one message and each refusal with its reason."""
    done = []
    for obj in objects:
        try:
            call(obj)
        except PermissionDenied as error:
            reason = str(error)
        except ValidationError as error:
            reason = " ".join(error.messages)
        else:
            done.append(str(obj))
            continue
        model_admin.message_user(request, f"„{obj}“: {reason}", messages.ERROR)
    if done:
        model_admin.message_user(request, f"{done_label}: {', '.join(done)}", messages.SUCCESS)


def is_autocomplete(request):
    return request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"


def count_rows_of_collapsed(inline_admin_formset):
    """A collapsed group of rows says in its heading how many it holds: "Meilensteine (3)"."""
    count = inline_admin_formset.formset.initial_form_count()
    if count and inline_admin_formset.is_collapsible:
        opts = inline_admin_formset.opts  # the inline admin of this request
        opts.verbose_name_plural = f"{capfirst(opts.verbose_name_plural)} ({count})"


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """Offers only related objects that occur in the user's list and that the user may link to; the entries
    without one are offered in words ("ohne Angabe"), not as a bare "-"."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = gettext("ohne Angabe")

    def field_choices(self, field, request, model_admin):
        used = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        return [(obj.pk, str(obj)) for obj in linkable(field.related_model, request.user).filter(pk__in=used)]


class LinkableChoicesMixin:
    """Foreign-key and many-to-many fields offer only what the user may link to; the form refuses others."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", linkable(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", linkable(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LabelledInlineFormSet(BaseInlineFormSet):
    """Names duplicates by the fields' labels ("Kennzeichen des Vorhabens"), not their attribute names."""

    def get_unique_error_message(self, unique_check):
        labels = ", ".join(f"„{self.model._meta.get_field(name).verbose_name}“" for name in unique_check)
        return gettext("Bitte korrigieren Sie die doppelten Angaben in %(fields)s: jede Zeile braucht eigene.") % {
            "fields": labels
        }


class ScopedTabularInline(OrderedRowsMixin, GermanNumbersMixin, LinkableChoicesMixin, admin.TabularInline):
    formset = LabelledInlineFormSet
    extra = 0


class ScopedStackedInline(OrderedRowsMixin, GermanNumbersMixin, LinkableChoicesMixin, admin.StackedInline):
    formset = LabelledInlineFormSet
    extra = 0


class ScopedAdmin(MoveRowResponseMixin, GermanNumbersMixin, LinkableChoicesMixin, admin.ModelAdmin):
    """An admin whose every view only knows the objects the user may see; others answer 404."""

    def get_queryset(self, request):
        return visible(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("Diesen Eintrag gibt es nicht oder Sie dürfen ihn nicht sehen."))
        return obj

    def get_search_results(self, request, queryset, search_term):
        if is_autocomplete(request):  # the field's choices, not the list of editable objects
            queryset = linkable(self.model, request.user)
        return super().get_search_results(request, queryset, search_term)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        for inline_admin_formset in context.get("inline_admin_formsets", []):
            count_rows_of_collapsed(inline_admin_formset)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_list_filter(self, request):
        return [
            (name, ScopedRelatedFilter)
            if isinstance(name, str) and "__" not in name and self.model._meta.get_field(name).is_relation
            else name
            for name in super().get_list_filter(request)
        ]


class VersionedAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A scoped admin with the versions django-simple-history keeps: list, compare and restore.

    The history page also lists the versions of the rows edited in the inlines the user sees
    (regionportal.backoffice.history), each as a sentence saying who did what; restoring a version restores the
    object's own fields, not its rows, and is a version of its own ("Fassung vom … wiederhergestellt").
    """

    object_history_template = "admin/regionportal/object_history.html"
    object_history_list_template = "admin/regionportal/object_history_list.html"
    object_history_form_template = "admin/regionportal/object_history_form.html"
    restore_note = _("Wiederhergestellt werden die Angaben des Eintrags selbst.")
    rich_text_fields = ()  # shown without their tags in the history (regionportal.backoffice.admin_tools)

    def _check_in_scope(self, request, object_id):
        # simple_history would otherwise find objects outside the scope through their versions
        if not scope_for(request.user).is_portal_admin:
            self.get_object(request, unquote(object_id))

    def may_open_versions(self, request, obj):
        """Whether the user may open a version's page (to look at it, or to restore it)."""
        return True

    def history_view(self, request, object_id, extra_context=None):
        self._check_in_scope(request, object_id)
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()  # None once deleted
        current = obj.history.values_list("history_id", flat=True).first() if obj is not None else None
        context = {
            "versions_open": obj is None or self.may_open_versions(request, obj),
            "current_version_id": current,
            "restore_note": self.restore_note,
        }
        return super().history_view(request, object_id, context | (extra_context or {}))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_in_scope(request, object_id)
        version = (
            self.model.history.filter(**{self.opts.pk.attname: unquote(object_id), "history_id": version_id})
            .select_related("history_user")
            .first()
        )
        if version is None:
            raise Http404(gettext("Diese Fassung gibt es nicht."))
        when = german_datetime(version.history_date)
        request.restored_version = services.RESTORED % {"when": when}
        context = {
            "title": gettext("Fassung vom %(when)s") % {"when": when},
            "version": version,
            "version_when": when,
            "version_by": people_named([version]).get(version.history_user_id),
            "restore_note": self.restore_note,
        }
        return super().history_form_view(request, object_id, version_id, context | (extra_context or {}))

    def restore_reason(self, request):
        """The name of the version a restore saves, on the restore page's POST; else None."""
        return getattr(request, "restored_version", None) if request.method == "POST" else None

    def save_model(self, request, obj, form, change):
        if reason := self.restore_reason(request):
            obj._change_reason = str(reason)
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if not self.restore_reason(request):
            return super().response_change(request, obj)
        self.message_user(request, self.restored_message(obj, request.restored_version), messages.SUCCESS)
        opts = self.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def restored_message(self, obj, reason):
        return gettext("„%(title)s“: %(reason)s.") % {"title": obj, "reason": reason}

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        own = super().get_history_queryset(request, history_manager, pk_name, object_id)
        obj = self.get_queryset(request).filter(**{pk_name: object_id}).first()
        rows = [
            (inline.model, inline.get_formset(request, obj).fk)
            for inline in self.get_inline_instances(request, obj)
            if is_versioned(inline.model)
        ]
        if not rows:
            return own
        parent = obj
        if parent is None and (latest := own.first()) is not None:
            parent = latest.instance  # a deleted object as last saved
        return VersionList(own, rows, object_id, parent)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version compared with the previous one of the same object or row, told as a sentence with the name
        of who saved it; a row's version says which row. The entry's changes are listed in the order of its form,
        rich text without tags. Names link to the account only for who may open it."""
        accounts = get_user_model()
        may_open_accounts = self.admin_site.is_registered(accounts) and self.admin_site.get_model_admin(
            accounts
        ).has_view_permission(request)
        names = people_named(
            historical_records,
            link=(lambda user: reverse("admin:auth_user_change", args=[user.pk])) if may_open_accounts else None,
        )
        own = {"form_order": flatten_fieldsets(self.get_fieldsets(request)), "rich_text_fields": self.rich_text_fields}
        for version, previous in with_previous(historical_records):
            model = version.instance_type
            if model is not self.model:
                version.row_kind, version.row_label = describe_row(version)
            version.when = german_datetime(version.history_date)
            version.what = what_happened(version, names.get(version.history_user_id))
            if previous is not None:
                delta = version.diff_against(previous, foreign_keys_are_objs=foreign_keys_are_objs)
                helper = ReadableChanges(model, version, **(own if model is self.model else {}))
                version.history_delta_changes = helper.context_for_delta_changes(delta)


class FormerSlugInline(GenericTabularInline):
    """The object's former slugs, read-only: editors see that links with them still work (301)."""

    model = FormerSlug
    fields = readonly_fields = ("slug", "replaced_at")
    extra = 0
    can_delete = False
    verbose_name_plural = _("Frühere Kurznamen (alte Adressen leiten weiter)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


class FormerSlugsAdminMixin:
    """Shows the former slugs of an object with a public address below its change form."""

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, FormerSlugInline] if obj is not None else inlines


class PublishableAdmin(
    FormerSlugsAdminMixin,
    OptimisticLockingAdminMixin,
    EasyLanguageAdminMixin,
    RichTextAdminMixin,
    PublishableToolsMixin,
    ScopedDeletionMixin,
    VersionedAdmin,
):
    """Workflow for publishable content: editors draft and send to review, publishers publish and schedule – with
    the labelled buttons of regionportal.backoffice.workflow at the top of the change form, or as list actions.

    Saving over a version someone else saved meanwhile is refused (regionportal.backoffice.locking). Rich text, preview,
    short link with QR codes, a scoped delete confirmation and the Leichte-Sprache version come from
    regionportal.backoffice.admin_tools.
    """

    publishing_fieldset = (
        _("Veröffentlichung"),
        {"fields": ("publication_display", "unpublish_at", "short_link_display")},
    )
    # The list columns of every publishable model, right after its name: the state matters most in a list.
    publication_columns = ("publication_display", "published_from_display", "updated_at_display")
    readonly_fields = ("publication_display", "short_link_display")
    restore_note = _(
        "Wiederhergestellt werden die Angaben des Eintrags selbst. Status und Veröffentlichungstermine bleiben, wie "
        "sie jetzt sind."
    )
    list_filter = ("state",)
    save_on_top = True  # the workflow buttons come after these, so Enter in a field still means "Sichern"
    actions = ["send_to_review_selected", "publish_selected", "unpublish_selected", "archive_selected"]

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    def get_fieldsets(self, request, obj=None):
        """State and publication time change through the workflow buttons; "sichtbar bis" is for publishers."""
        fieldsets = super().get_fieldsets(request, obj)
        if scope_for(request.user).can_publish:
            return fieldsets
        return [
            (
                name,
                options | {"fields": [field for field in options["fields"] if field not in services.SCHEDULE_FIELDS]},
            )
            for name, options in fieldsets
        ]

    def _workflow_check(self, request, obj):
        def check(step):
            if obj is None or obj.pk is None:
                raise ValidationError(gettext("Sichern Sie den neuen Eintrag zuerst."))
            stored = self.model._default_manager.get(pk=obj.pk)  # a restore form's object is an old version
            return services.transition_to_take(step, obj=stored, user=request.user)

        return check

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.pop("form", self.form)
        attrs = {"workflow_check": staticmethod(self._workflow_check(request, obj))}
        if not scope_for(request.user).can_publish:
            attrs[SCHEDULE_FIELD] = None  # only publishers schedule
        form = type(base.__name__, (WorkflowFormMixin, base), attrs)
        return super().get_form(request, obj, change, form=form, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            form = context["adminform"].form
            steps = services.steps_for(request.user, obj) if self.has_change_permission(request, obj) else []
            context |= {
                "publication_status": publication_status(obj),
                "workflow_steps": steps,
                "workflow_button": WORKFLOW_BUTTON,
                "schedule_field": form[SCHEDULE_FIELD] if SCHEDULE_FIELD in form.fields else None,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        locked = [name for name in services.WORKFLOW_FIELDS if name not in form.fields]
        if change and locked:  # e.g. restoring an old version must not bring back its state or schedule
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*locked).get()
            for name, value in stored.items():
                setattr(obj, name, value)
        obj._workflow_transition = form.workflow_transition
        services.save_edit(
            obj=obj,
            user=request.user,
            transition=form.workflow_transition,
            at=form.workflow_at,
            reason=self.restore_reason(request),
        )

    def restored_message(self, obj, reason):
        return gettext("„%(title)s“: %(reason)s. Status: %(state)s.") % {
            "title": obj,
            "reason": reason,
            "state": publication_status(obj),
        }

    def construct_change_message(self, request, form, formsets, add=False):
        """A workflow step is named in Django's log of changes too, with the fields changed along with it."""
        message = super().construct_change_message(request, form, formsets, add)
        transition = getattr(form, "workflow_transition", None)
        if transition is None:
            return message
        done = str(services.history_name(transition, form.instance))
        changes = LogEntry(change_message=json.dumps(message)).get_change_message() if message else ""
        return f"{done}. {changes}" if changes else done

    def response_change(self, request, obj):
        transition = getattr(obj, "_workflow_transition", None)
        if transition is None:
            return super().response_change(request, obj)
        self.message_user(request, confirmation(obj, transition), messages.SUCCESS)
        return HttpResponseRedirect(request.get_full_path())  # back to the form, which shows the new state

    @admin.display(description=_("Status"), ordering="state")
    def publication_display(self, obj):
        return publication_status(obj)

    @admin.display(description=_("veröffentlicht/geplant ab"), ordering="publish_at")
    def published_from_display(self, obj):
        return german_datetime(obj.publish_at) if obj.publish_at else None

    @admin.display(description=_("zuletzt geändert"), ordering="updated_at")
    def updated_at_display(self, obj):
        return german_datetime(obj.updated_at)

    def has_edit_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def has_publish_permission(self, request):
        return self.has_edit_permission(request) and scope_for(request.user).can_publish

    def _run(self, request, queryset, service, transition):
        run_each(
            self,
            request,
            queryset,
            lambda obj: service(obj=obj, user=request.user),
            capfirst(transition.label),
        )

    @admin.action(description=_("Zur Prüfung geben"), permissions=["edit"])
    def send_to_review_selected(self, request, queryset):
        self._run(request, queryset, services.send_to_review, services.SEND_TO_REVIEW)

    @admin.action(description=_("Freigeben"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.publish, services.PUBLISH)

    @admin.action(description=_("Zurückziehen"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._run(request, queryset, services.unpublish, services.UNPUBLISH)

    @admin.action(description=_("Archivieren"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._run(request, queryset, services.archive, services.ARCHIVE)


class PortalAdministrationOnly:
    """Accounts, roles and region assignments: portal administration only; nobody grants themselves more."""

    def has_module_permission(self, request):
        return scope_for(request.user).is_portal_admin and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return scope_for(request.user).is_portal_admin and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return scope_for(request.user).is_portal_admin and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return scope_for(request.user).is_portal_admin and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return scope_for(request.user).is_portal_admin and super().has_delete_permission(request, obj)
