from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regionportal.admin import PublishableAdmin

from .models import Article, ArticlePerson


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ("title", "date", "source", "state")
    list_filter = ("state", "regions", "themes")
    search_fields = ("title", "teaser", "short_code")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "regions", "municipalities", "themes", "related_projects", "image", "source_organisation", "attachments",
    )
    date_hierarchy = "date"
    inlines = [ArticlePersonInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "date", "teaser", "body")}),
        (_("Bild"), {"fields": ("image", "image_caption")}),
        (_("Zuordnung"), {"fields": ("regions", "municipalities", "themes", "related_projects")}),
        (_("Quelle"), {"fields": ("source", "source_organisation", "source_url", "author", "attachments")}),
        PublishableAdmin.publishing_fieldset,
    )
