from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.ContactListView.as_view(), name="list"),
    path("personen/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("personen/<slug:slug>/vcard.vcf", views.PersonVCardView.as_view(), name="person-vcard"),
    path("organisationen/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
    path(
        "organisationen/<slug:slug>/vcard.vcf",
        views.OrganisationVCardView.as_view(),
        name="organisation-vcard",
    ),
]
