from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from regionportal.backoffice.admin import VersionedAdmin
from regionportal.backoffice.permissions import editable

from .models import Body, Decision


# Reference data: the portal administration sets bodies up; editors only choose them (see the role groups).
@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "oparl_id", "oparl_synced_at")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "oparl_id")
    autocomplete_fields = ("region",)
    readonly_fields = ("oparl_synced_at",)


@admin.register(Decision)
class DecisionAdmin(VersionedAdmin):
    list_display = ("title", "reference", "body", "date", "result", "is_withdrawn", "from_oparl")
    list_filter = ("body", "result", "is_withdrawn", "projects__lead_region")
    list_select_related = ("body",)
    search_fields = ("title", "reference", "paper_type")
    autocomplete_fields = ("body", "projects")
    date_hierarchy = "date"
    readonly_fields = ("oparl_id",)
    fieldsets = (
        (None, {"fields": ("body", "date", "reference", "title", "paper_type", "result", "url", "projects")}),
        (
            _("Aus dem Ratsinformationssystem"),
            {
                "fields": ("oparl_id", "is_withdrawn"),
                "description": _(
                    "Der OParl-Abgleich ändert kein Feld, das Sie geändert haben, und löscht nichts (docs/oparl.md)."
                ),
            },
        ),
    )

    @admin.display(description=_("aus OParl"), boolean=True)
    def from_oparl(self, obj):
        return obj.oparl_id is not None

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "projects":  # a decision appears on the project page: only the editor's own projects
            kwargs["queryset"] = editable(Project.objects.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
