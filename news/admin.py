from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice.admin import PublishableAdmin, ScopedTabularInline
from regionportal.backoffice.permissions import scope_for

from .models import Article, ArticlePerson


class ArticlePersonInline(ScopedTabularInline):
    model = ArticlePerson
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class ArticleForm(forms.ModelForm):
    def _save_m2m(self):
        # The form only offers the editor's own regions; the article keeps the other regions it belongs to
        # (also when an old version is restored, which saves through this form too).
        others = list(self.instance.regions.exclude(pk__in=self.fields["regions"].queryset.values("pk")))
        super()._save_m2m()
        self.instance.regions.add(*others)


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    form = ArticleForm
    list_display = ("title", *PublishableAdmin.publication_columns, "date", "source")
    list_filter = ("state", "regions", "themes")
    search_fields = ("title", "teaser", "short_code")
    rich_text_fields = ("body",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "regions",
        "municipalities",
        "themes",
        "related_projects",
        "image",
        "source_organisation",
        "attachments",
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "regions" in form.base_fields and not scope_for(request.user).is_portal_admin:
            form.base_fields["regions"].required = True  # an editor's article belongs to at least one of their regions
        return form
