"""Public contact pages: people and organisations with everything they are the contact for, and vCards."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django.views.generic.detail import BaseDetailView

from regionportal.publishing.models import related_model
from regionportal.publishing.views import BreadcrumbMixin, PublicObjectMixin

from . import vcard
from .models import Organisation, Person


# What people and organisations are the contact for (projects and regions) is declared by the app projects,
# which builds on this one: the pages reach it through those relations.
def project_roles():
    return related_model(Person, "project_roles")


def region_roles():
    return related_model(Person, "region_roles")


def projects():
    return related_model(project_roles(), "project")


def regions():
    return related_model(region_roles(), "region")


def published_organisation(lookup="organisation"):
    """Prefetch an organisation only when it is published; otherwise the attribute is None."""
    return Prefetch(lookup, queryset=Organisation.objects.published())


class ContactDetailMixin(PublicObjectMixin, BreadcrumbMixin):
    """One published person or organisation (a preview shows a draft to staff; archived entries answer 410),
    with the way back to the contact list."""

    section = (_("Kontakte"), "contacts:list")

    def get_queryset(self):
        return self.public_queryset()


class ContactListView(BreadcrumbMixin, ListView):
    """``/kontakte/``: published organisations with their published people."""

    model = Organisation
    template_name = "contacts/contact_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return Organisation.objects.published().prefetch_related(
            Prefetch("people", queryset=Person.objects.published(), to_attr="public_people")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unaffiliated_people=Person.objects.published().exclude(organisation__in=Organisation.objects.published()),
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [(_("Kontakte"), "")]


class PersonDetailView(ContactDetailMixin, DetailView):
    model = Person
    template_name = "contacts/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                published_organisation(),
                Prefetch(
                    "project_roles",
                    queryset=project_roles()
                    .objects.filter(project__in=projects().objects.published())
                    .prefetch_related(Prefetch("project", queryset=projects().objects.for_cards())),
                ),
                Prefetch(
                    "region_roles",
                    queryset=region_roles()
                    .objects.filter(region__in=regions().objects.published())
                    .select_related("region"),
                ),
            )
        )

    def get_breadcrumbs(self):
        return [(self.object.full_name, "")]


class OrganisationDetailView(ContactDetailMixin, DetailView):
    model = Organisation
    template_name = "contacts/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        public_projects = projects().objects.published().for_cards()
        return (
            super()
            .get_queryset()
            .prefetch_related(
                published_organisation("parent"),
                Prefetch("children", queryset=Organisation.objects.published()),
                Prefetch("people", queryset=Person.objects.published()),  # shown with this organisation
                Prefetch("led_projects", queryset=public_projects),
                Prefetch("partner_projects", queryset=public_projects),
                Prefetch("regions", queryset=regions().objects.published()),
            )
        )

    def get_breadcrumbs(self):
        return [(self.object.name, "")]


class VCardView(ContactDetailMixin, BaseDetailView):
    """A vCard 4.0 download (RFC 6350) of a published person or organisation."""

    def render_to_response(self, context):
        response = HttpResponse(self.vcard(self.object), content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.object.slug}.vcf"'
        return response


class PersonVCardView(VCardView):
    model = Person

    def get_queryset(self):
        return super().get_queryset().prefetch_related(published_organisation())

    def vcard(self, person):
        return vcard.person_vcard(person, person.organisation)


class OrganisationVCardView(VCardView):
    model = Organisation

    def vcard(self, organisation):
        return vcard.organisation_vcard(organisation)
