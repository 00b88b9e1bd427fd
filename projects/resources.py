"""CSV import and export of projects and municipalities in the admin (django-import-export).

An import is checked completely in a dry run first and written only when every row is valid, in one
transaction (all rows or none). Rows are refused with a message naming the problem: unknown columns, unknown
regions, municipalities or themes, a region outside the editor's scope, a key that occurs twice in the file.
Exports escape cells a spreadsheet would run as a formula.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from regionportal.backoffice import services
from regionportal.backoffice.permissions import can_edit, scope_for
from regionportal.backoffice.richtext import sanitize
from regionportal.publishing.spreadsheets import LIST_SEPARATOR, spreadsheet_safe

from .models import Municipality, Project, Region, State, Theme


class RichTextWidget(widgets.CharWidget):
    """Imported rich text is sanitised like text saved in the admin form."""

    def clean(self, value, row=None, **kwargs):
        return sanitize(super().clean(value, row, **kwargs) or "")


class PortalResource(resources.ModelResource):
    """Header and duplicate checks, scoped saving through the editorial services and formula-safe export."""

    required_columns = ()

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.seen_keys = set()

    def known_columns(self):
        return {field.column_name for field in self.get_import_fields()}

    def before_import(self, dataset, **kwargs):
        headers = [header.strip() for header in dataset.headers or []]
        unknown = sorted(set(headers) - self.known_columns())
        missing = sorted(set(self.required_columns) - set(headers))
        if unknown or missing:
            problems = []
            if unknown:
                problems.append(_("unbekannte Spalten: %(columns)s") % {"columns": ", ".join(unknown)})
            if missing:
                problems.append(_("fehlende Spalten: %(columns)s") % {"columns": ", ".join(missing)})
            raise ValidationError(
                _("Die Kopfzeile passt nicht (%(problems)s). Erwartet werden die Spalten: %(expected)s.")
                % {"problems": "; ".join(problems), "expected": ", ".join(sorted(self.known_columns()))}
            )
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        key = tuple((row.get(name) or "").strip() for name in self._meta.import_id_fields)
        if key in self.seen_keys:
            raise ValidationError(
                _("„%(key)s“ kommt in der Datei mehrfach vor; jede Zeile braucht einen eigenen Schlüssel.")
                % {"key": " ".join(key)}
            )
        self.seen_keys.add(key)
        self.check_row(row)
        super().before_import_row(row, **kwargs)

    def check_row(self, row):
        """Refuse a row with a clear message before anything of it is saved."""

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_safe(super().export_field(field, instance, **kwargs))


def related_keys(value):
    return [key.strip() for key in (value or "").split(LIST_SEPARATOR) if key.strip()]


def require_existing(model, field, keys, message):
    known = set(model._default_manager.filter(**{f"{field}__in": keys}).values_list(field, flat=True))
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValidationError(message % {"keys": ", ".join(unknown)})


class ProjectResource(PortalResource):
    lead_region = fields.Field(
        attribute="lead_region", column_name="lead_region", widget=widgets.ForeignKeyWidget(Region, "slug")
    )
    municipalities = fields.Field(
        attribute="municipalities",
        column_name="municipalities",
        widget=widgets.ManyToManyWidget(Municipality, separator=LIST_SEPARATOR, field="ags"),
    )
    themes = fields.Field(
        attribute="themes",
        column_name="themes",
        widget=widgets.ManyToManyWidget(Theme, separator=LIST_SEPARATOR, field="slug"),
    )
    body = fields.Field(attribute="body", column_name="body", widget=RichTextWidget())
    state = fields.Field(attribute="state", column_name="state", readonly=True)  # the workflow decides, not a file
    required_columns = ("slug", "title", "lead_region")

    class Meta:
        model = Project
        fields = (
            "slug",
            "title",
            "summary",
            "body",
            "lead_region",
            "is_region_wide",
            "municipalities",
            "themes",
            "status",
            "start_date",
            "end_date",
            "state",
        )
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True

    def check_row(self, row):
        region = (row.get("lead_region") or "").strip()
        found = Region.objects.filter(slug=region).values_list("pk", flat=True).first()
        if found is None:
            raise ValidationError(_("Die Region „%(region)s“ gibt es nicht.") % {"region": region})
        scope = scope_for(self.user)
        if not scope.is_portal_admin and found not in scope.region_ids:
            raise ValidationError(
                _("Sie dürfen nur Projekte Ihrer eigenen Regionen importieren, nicht für „%(region)s“.")
                % {"region": region}
            )
        require_existing(
            Municipality,
            "ags",
            related_keys(row.get("municipalities")),
            _("Diese Gemeindeschlüssel (AGS) sind unbekannt: %(keys)s."),
        )
        require_existing(Theme, "slug", related_keys(row.get("themes")), _("Diese Themen sind unbekannt: %(keys)s."))

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new and not can_edit(self.user, instance):
            raise ValidationError(
                _("Ein Projekt mit dem Kurznamen „%(slug)s“ gibt es schon, Sie dürfen es aber nicht ändern.")
                % {"slug": instance.slug}
            )
        super().after_init_instance(instance, new, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        services.save_edit(obj=instance, user=self.user)  # rights, workflow state and a version with the user

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("lead_region").prefetch_related("municipalities", "themes")


class MunicipalityResource(PortalResource):
    state = fields.Field(attribute="state", column_name="state", widget=widgets.ForeignKeyWidget(State, "code"))
    ars = fields.Field(attribute="ars", column_name="ars", default=None)  # an empty cell is "no ARS", not ""
    required_columns = ("ags", "name", "slug", "kind", "state")

    class Meta:
        model = Municipality
        fields = ("ags", "name", "slug", "kind", "ars", "state", "latitude", "longitude", "website", "population")
        import_id_fields = ["ags"]
        clean_model_instances = True
        skip_unchanged = True

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("state")

    def check_row(self, row):
        code = (row.get("state") or "").strip()
        if not State.objects.filter(code=code).exists():
            raise ValidationError(
                _("Das Bundesland mit dem Länderschlüssel „%(code)s“ gibt es nicht (01–16).") % {"code": code}
            )
