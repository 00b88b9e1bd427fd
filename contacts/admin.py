from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regionportal.backoffice.admin import PublishableAdmin

from .models import Organisation, Person

CONTACT_FIELDS = ("phone", "fax", "email", "website", "confirmed_on")


@admin.register(Organisation)
class OrganisationAdmin(PublishableAdmin):
    list_display = ("name", *PublishableAdmin.publication_columns, "short_name", "kind", "city", "confirmed_on")
    list_filter = ("kind", "state")
    search_fields = ("name", "short_name", "city")
    rich_text_fields = ("description",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent", "description")}),
        (_("Anschrift"), {"fields": ("street", "postal_code", "city")}),
        (_("Erreichbarkeit"), {"fields": CONTACT_FIELDS}),
        PublishableAdmin.publishing_fieldset,
    )


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = (
        "last_name",
        "first_name",
        *PublishableAdmin.publication_columns,
        "position",
        "organisation",
        "confirmed_on",
    )
    list_filter = ("state", "organisation")
    search_fields = ("first_name", "last_name", "position", "email")
    prepopulated_fields = {"slug": ("first_name", "last_name")}
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)
    fieldsets = (
        (None, {"fields": ("academic_title", "first_name", "last_name", "slug", "position", "organisation")}),
        (_("Erreichbarkeit"), {"fields": CONTACT_FIELDS}),
        PublishableAdmin.publishing_fieldset,
    )
