"""Optimistic locking for admin change forms: a second editor's save never silently overwrites the first one's.

The form carries the ``updated_at`` of the stored row it was rendered from as a hidden version token. On saving,
inside the admin's transaction, the row is locked (``select_for_update``) and its current ``updated_at`` compared
with the token: if someone saved in between, the form is refused with a conflict message and the editor's input
is shown again. No schema change: ``updated_at`` (``auto_now``) moves with every save.
"""

from django import forms
from django.db import router, transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice.models import display_name

VERSION_FIELD = "version_token"


class VersionTokenField(forms.CharField):
    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False  # bookkeeping, never an edit of the entry


class VersionTokenFormMixin(forms.Form):
    version_token = VersionTokenField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            # the stored row, not the instance: a restore form shows an old version over the current one
            current = self.stored_versions().first()
            self.fields[VERSION_FIELD].initial = current.isoformat() if current else ""

    def stored_versions(self):
        model = type(self.instance)
        return model._default_manager.filter(pk=self.instance.pk).values_list("updated_at", flat=True)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # Inside the admin's transaction the lock lasts until its save is committed; a second save waits here.
        with transaction.atomic(using=router.db_for_write(type(self.instance))):
            current = self.stored_versions().select_for_update().first()
        # A form without a token (an old browser tab, a hand-made request) counts as stale.
        if current is not None and cleaned_data.get(VERSION_FIELD) != current.isoformat():
            raise forms.ValidationError(self.conflict_message(current), code="conflict")
        return cleaned_data

    def conflict_message(self, current):
        latest = self.instance.history.select_related("history_user").first()
        user = latest.history_user if latest is not None else None
        values = {
            "when": formats.date_format(current.astimezone(), "DATETIME_FORMAT"),
            "user": display_name(user) if user else _("jemand anderes"),
        }
        return (
            _(
                "Während Sie bearbeitet haben, hat %(user)s diesen Eintrag gespeichert (%(when)s). Ihre Änderungen "
                "wurden deshalb nicht gespeichert. Öffnen Sie den Eintrag neu, prüfen Sie die aktuelle Fassung und "
                "tragen Sie Ihre Änderungen dort noch einmal ein."
            )
            % values
        )


def show_version_token(adminform):
    """The hidden token in the first fieldset of a form that can be saved, and nowhere else (a read-only form would
    show its value as text). Placed in the form as rendered, so that no admin's own fieldsets – e.g. those of a
    project's contributor – can leave it out."""
    (name, options), *rest = adminform.fieldsets
    adminform.fieldsets = [(name, options | {"fields": [*options["fields"], VERSION_FIELD]}), *rest]


class OptimisticLockingAdminMixin:
    """For the admin of a model with ``updated_at`` and history: saves over someone else's are refused."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = kwargs.pop("form", self.form)
        if not issubclass(form, VersionTokenFormMixin):
            form = type(form.__name__, (VersionTokenFormMixin, form), {})
        return super().get_form(request, obj, change, form=form, **kwargs)

    def get_fields(self, request, obj=None):
        # an admin without fieldsets: the token is no field of its own, show_version_token places it
        return [name for name in super().get_fields(request, obj) if name != VERSION_FIELD]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            show_version_token(context["adminform"])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_history_view(self, request, template, context, **kwargs):
        restoring = context.get("adminform")  # the restore form of a version, not the list of versions
        if restoring and not context["revert_disabled"] and self.has_change_permission(request, context["original"]):
            show_version_token(restoring)
        return super().render_history_view(request, template, context, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        # restoring an old version saves like the change form does: locked, in one transaction
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, *args, **kwargs)
