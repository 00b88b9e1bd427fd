from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Document, Image, ShortLink


class PublishableAdmin(admin.ModelAdmin):
    """Common columns and the collapsed "Erweitert" fieldset for every publishable model."""

    publishing_fieldset = (
        _("Veröffentlichung"),
        {"fields": ("state", "publish_at", "unpublish_at", "short_link_display")},
    )
    readonly_fields = ("short_link_display",)
    list_filter = ("state",)

    @admin.display(description=_("Kurzlink"))
    def short_link_display(self, obj):
        return obj.short_path if obj and obj.short_code else _("wird beim Speichern vergeben")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("title", "creator", "credit_line", "licence", "rights_expire_on")
    list_filter = ("licence",)
    search_fields = ("title", "alt_text", "caption", "creator", "credit_line")
    readonly_fields = ("width", "height", "uploaded_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "file_type", "size_bytes", "published_on")
    list_filter = ("file_type",)
    search_fields = ("title", "description")
    readonly_fields = ("uploaded_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if obj.file and not obj.size_bytes:
            obj.size_bytes = obj.file.size
        super().save_model(request, obj, form, change)


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
