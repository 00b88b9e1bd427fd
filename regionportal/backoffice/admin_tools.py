"""Back-office tools for publishable content, mixed into ``PublishableAdmin`` (regionportal.admin).

Rich text with server-side sanitising, a preview of the public page, the short link with its hit count and QR
code downloads, and a delete confirmation that names nothing of another region. Every view here looks its
object up through the admin's scoped ``get_object``: outside the user's scope it is a 404.
"""

import io

import segno
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import NestedObjects, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import router
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from import_export.forms import SelectableFieldsExportForm

from regionportal.backoffice import preview
from regionportal.backoffice.permissions import is_scoped, linkable, regions_of, scope_for, uses_beyond, visible
from regionportal.backoffice.richtext import RichTextFormField
from regionportal.publishing.models import ShortLink

QR_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


class RichTextAdminMixin:
    """The fields named in ``rich_text_fields`` get the WYSIWYG editor; what is saved is sanitised with nh3."""

    rich_text_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            return db_field.formfield(form_class=RichTextFormField, widget=AdminProseEditorWidget, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EasyLanguageAdminMixin:
    """The Leichte-Sprache version of the object's page (regionportal.publishing.models.EasyLanguageVersion) in a
    fieldset of its own at the end of the form, written with the rich-text editor; closed while there is none.
    Whoever may change the object changes it, with the object's own permissions, scope and history."""

    easy_language_fields = ("easy_language_title", "easy_language")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "easy_language":
            return db_field.formfield(form_class=RichTextFormField, widget=AdminProseEditorWidget, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        own = self.easy_language_fields
        fieldsets = [
            (name, options | {"fields": [field for field in options["fields"] if field not in own]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        classes = [] if obj is not None and obj.has_easy_language else ["collapse"]
        return [*fieldsets, (_("Leichte Sprache"), {"fields": own, "classes": classes})]


class PublishableToolsMixin:
    """Preview and short-link downloads as admin URLs of each model, and the links to them in the change form."""

    change_form_template = "admin/regionportal/publishable_change_form.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/vorschau/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/vorschau/leichte-sprache/",
                self.admin_site.admin_view(self.easy_language_preview_view),
                name="{}_{}_preview_easy_language".format(*info),
            ),
            path(
                "<path:object_id>/kurzlink.<str:kind>",
                self.admin_site.admin_view(self.short_link_qr_view),
                name="{}_{}_qrcode".format(*info),
            ),
        ] + super().get_urls()

    def _viewable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # 404 outside the user's scope
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def preview_view(self, request, object_id):
        """The public page of the object in any state, for staff only (never cached, never indexed)."""
        return preview.render_preview(request, self._viewable_object(request, object_id))

    def easy_language_preview_view(self, request, object_id):
        """The object's Leichte-Sprache version in any state (404 while it has none)."""
        obj = self._viewable_object(request, object_id)
        return preview.render_preview(request, obj, obj.get_easy_language_url())

    def short_link_qr_view(self, request, object_id, kind):
        """The object's short link as a QR code to download, as SVG or PNG."""
        if kind not in QR_FORMATS:
            raise Http404
        obj = self._viewable_object(request, object_id)
        if not obj.short_code:
            raise Http404
        buffer = io.BytesIO()
        segno.make(obj.short_url(), error="m").save(buffer, kind=kind, scale=10, border=4)
        response = HttpResponse(buffer.getvalue(), content_type=QR_FORMATS[kind])
        response["Content-Disposition"] = f'attachment; filename="kurzlink-{obj.short_code}.{kind}"'
        return response

    def _url(self, name, obj, *args):
        info = self.admin_site.name, self.opts.app_label, self.opts.model_name, name
        return reverse("{}:{}_{}_{}".format(*info), args=[obj.pk, *args])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        can_preview = preview.has_preview(obj)
        context = {
            "preview_url": self._url("preview", obj) if can_preview else "",
            "easy_language_preview_url": (
                self._url("preview_easy_language", obj) if can_preview and obj.has_easy_language else ""
            ),
        }
        return super().change_view(request, object_id, form_url, context | (extra_context or {}))

    @admin.display(description=_("Kurzlink"))
    def short_link_display(self, obj):
        if not (obj and obj.short_code):
            return _("wird beim Speichern vergeben")
        hits = ShortLink.objects.filter(code=obj.short_code).values_list("hits", flat=True).first() or 0
        url = obj.short_url()
        return format_html(
            '<a href="{}">{}</a> · {} · {} <a href="{}" download>SVG</a> <a href="{}" download>PNG</a>',
            url,
            url,
            ngettext("%(count)d Aufruf", "%(count)d Aufrufe", hits) % {"count": hits},
            gettext("QR-Code herunterladen:"),
            self._url("qrcode", obj, "svg"),
            self._url("qrcode", obj, "png"),
        )


class ScopedDeletionMixin:
    """Django's delete confirmation, without names of other regions' content: when deleting would touch
    any, the titles are withheld and the deletion is refused (portal administrators see and may do everything)."""

    delete_confirmation_template = "admin/regionportal/delete_confirmation.html"

    def get_deleted_objects(self, objs, request):
        if scope_for(request.user).is_portal_admin:
            return super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        roots = {(obj._meta.concrete_model, obj.pk) for obj in objs}
        related = [obj for instances in collector.data.values() for obj in instances] + list(collector.protected)
        elsewhere = {
            (obj._meta.concrete_model, obj.pk) for obj in related if belongs_elsewhere(obj, request.user, roots)
        }
        if not elsewhere:
            return super().get_deleted_objects(objs, request)

        def describe(obj):
            label = capfirst(obj._meta.verbose_name)
            if (obj._meta.concrete_model, obj.pk) in elsewhere:
                return f"{label}: {gettext('Eintrag einer anderen Region')}"
            return f"{label}: {obj}"

        model_count = {model._meta.verbose_name_plural: len(objs) for model, objs in collector.model_objs.items()}
        perms_needed = {gettext("Inhalte anderer Regionen (bitte wenden Sie sich an die Portal-Administration)")}
        return collector.nested(describe), model_count, perms_needed, [describe(obj) for obj in collector.protected]

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {"is_public": obj.is_public, "short_link": obj.short_url()}
        return super().delete_view(request, object_id, context | (extra_context or {}))


class ExportForm(SelectableFieldsExportForm):
    """The export's column choice labelled as the forms label the fields, with the file's column name:
    "Beginn (start_date)" rather than the library's "Start Date"."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields[field_name]
        try:
            label = resource._meta.model._meta.get_field(field.attribute or field_name).verbose_name
        except FieldDoesNotExist:
            label = field.column_name
        return f"{capfirst(label)} ({field.column_name})"


class SharedMediaDeletionMixin:
    """Images and documents are deleted only by someone who may change every place that shows them (regionportal.
    permissions.uses_beyond). Otherwise the delete page – and the bulk delete, which then deletes none of the
    selection – names the other uses and deletes nothing; a confirmation sent anyway answers 403."""

    delete_confirmation_template = "admin/regionportal/media_delete_confirmation.html"
    delete_selected_confirmation_template = "admin/regionportal/media_delete_selected_confirmation.html"
    actions = ["delete_selected"]

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [
            format_html(
                "{} „{}“ – {}: {}",
                capfirst(medium._meta.verbose_name),
                medium,
                gettext("auch verwendet in"),
                "; ".join(describe_use(use, request.user) for use in uses),
            )
            for medium in objs
            if (uses := uses_beyond(request.user, medium))
        ]
        return deleted, model_count, perms_needed, [*protected, *refused]

    def delete_view(self, request, object_id, extra_context=None):
        return refused_confirmation(request, super().delete_view(request, object_id, extra_context))

    @admin.action(description=_("Ausgewählte %(verbose_name_plural)s löschen"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        return refused_confirmation(request, delete_selected(self, request, queryset))


def refused_confirmation(request, response):
    """A delete confirmed although the page refused it: the refusal again, as 403."""
    if request.POST.get("post") and getattr(response, "context_data", {}).get("protected"):
        response.status_code = 403
    return response


def describe_use(use, user):
    """``Projekt „Titel“ (Region)`` – titles of others' drafts withheld, as everywhere in the back office."""

    def name(obj):
        shown = obj.is_public or visible(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
        return str(obj) if shown else None

    title = name(use)
    regions = ", ".join(name(region) or gettext("eine andere Region") for region in regions_of(use) if region != use)
    kind = capfirst(use._meta.verbose_name)
    label = f"{kind} „{title}“" if title else gettext("%(kind)s (nicht veröffentlicht)") % {"kind": kind}
    return f"{label} ({regions})" if regions else label


class CsvImportExportMixin(ImportExportMixin):
    """CSV import (dry run with preview, then all rows or none) and CSV export of what the list shows.

    The resources (e.g. projects.resources) get the user: they refuse rows outside the user's scope and save
    through the editorial services. Importing needs the "add" permission, exporting "view" (settings).
    """

    import_formats = [CSV]
    export_formats = [CSV]
    export_form_class = ExportForm

    def get_import_resource_kwargs(self, request, **kwargs):
        return super().get_import_resource_kwargs(request, **kwargs) | {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return super().get_export_resource_kwargs(request, **kwargs) | {"user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        return super().get_import_data_kwargs(**kwargs) | {"rollback_on_validation_errors": True}

    def process_result(self, result, request):
        """After the confirmation: either every row was written, or none (the transaction was rolled back)."""
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        numbers = [row.number for row in result.invalid_rows] + [number for number, _errors in result.row_errors()]
        messages.error(
            request,
            _(
                "Nichts wurde importiert: Die Daten haben sich seit der Vorschau geändert, Zeile %(rows)s ist jetzt "
                "fehlerhaft. Bitte laden Sie die Datei erneut hoch."
            )
            % {"rows": ", ".join(str(number) for number in sorted(set(numbers))) or "?"},
        )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import")
        )

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):
            form.add_error(
                "import_file",
                _(
                    "Die Datei ist nicht UTF-8-kodiert. Speichern Sie sie in Ihrer Tabellenkalkulation als "
                    "„CSV UTF-8“ und laden Sie sie erneut hoch."
                ),
            )
        else:
            form.add_error("import_file", _("Die Datei lässt sich nicht als CSV lesen."))


def _is_outside(model, pk, user, roots):
    if (model._meta.concrete_model, pk) in roots or not is_scoped(model):
        return False
    return not linkable(model, user).filter(pk=pk).exists()


def belongs_elsewhere(obj, user, roots):
    """Would deleting touch ``obj`` of another region: hidden from ``user`` itself, or a row linking to such?"""
    model = type(obj)
    if (model._meta.concrete_model, obj.pk) in roots:
        return False
    if is_scoped(model) and not visible(model._default_manager.filter(pk=obj.pk), user).exists():
        return True
    return any(
        _is_outside(field.related_model, getattr(obj, field.attname), user, roots)
        for field in obj._meta.concrete_fields
        if field.many_to_one and getattr(obj, field.attname) is not None
    )
