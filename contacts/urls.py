from django.urls import path
from django.utils.translation import gettext_lazy as _

from regionportal.publishing.views import easy_language_path

from . import views
from .models import Organisation, Person

CONTACTS = (_("Kontakte"), "contacts:list")

app_name = "contacts"

urlpatterns = [
    path("", views.ContactListView.as_view(), name="list"),
    path("personen/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    easy_language_path("personen/<slug:slug>/", Person, "person", CONTACTS),
    path("personen/<slug:slug>/vcard.vcf", views.PersonVCardView.as_view(), name="person-vcard"),
    path("organisationen/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
    easy_language_path("organisationen/<slug:slug>/", Organisation, "organisation", CONTACTS),
    path(
        "organisationen/<slug:slug>/vcard.vcf",
        views.OrganisationVCardView.as_view(),
        name="organisation-vcard",
    ),
]
