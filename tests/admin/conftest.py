"""Two region editors (Kreis Unna, Region der Mitte), a publisher, a contributor and content for each."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django import forms
from django.contrib.auth.models import Group, User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from decisions.models import Body, Decision
from projects.models import ProjectContact, ProjectDocument, ProjectImage
from regionportal.models import EditorAssignment, ProjectContributor, PublicationState
from regionportal.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS, REGION_PUBLISHERS
from tests.factories import (
    make_article,
    make_document,
    make_image,
    make_organisation,
    make_person,
    make_project,
    make_region,
)


def force_login_verified(client, user):
    """Sign in as someone who also entered a one-time code (portal administrators must, regionportal.two_factor)."""
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def make_staff(username, group=None, regions=()):
    user = User.objects.create_user(username, f"{username}@example.org", "geheim-geheim", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for region in regions:
        EditorAssignment.objects.create(user=user, region=region)
    return user


@dataclass
class RegionContent:
    """One region with an editor and one object of every scoped kind."""

    region: object
    editor: object
    objects: dict = field(default_factory=dict)


def make_region_content(name, slug):
    region = make_region(name=name, slug=slug)
    editor = make_staff(f"redaktion-{slug}", REGION_EDITORS, [region])
    organisation = make_organisation(name=f"Wirtschaftsförderung {name}")
    project = make_project(region=region, title=f"Projekt in {name}", lead_organisation=organisation)
    person = make_person(last_name=f"Kontakt {name}", state=PublicationState.DRAFT)
    ProjectContact.objects.create(project=project, person=person, role="Auskunft")
    image = make_image(title=f"Bild aus {name}", uploaded_by=editor)
    ProjectImage.objects.create(project=project, image=image)
    document = make_document(title=f"Konzept {name}")
    ProjectDocument.objects.create(project=project, document=document)
    article = make_article(title=f"Nachricht aus {name}")
    article.regions.add(region)
    decision = Decision.objects.create(body=Body.objects.create(name=f"Kreistag {name}"), title=f"Beschluss in {name}")
    decision.projects.add(project)
    objects = {
        "projects.region": region,
        "projects.project": project,
        "news.article": article,
        "contacts.person": person,
        "contacts.organisation": organisation,
        "regionportal.image": image,
        "regionportal.document": document,
        "decisions.decision": decision,
    }
    return RegionContent(region, editor, objects)


@pytest.fixture
def unna(db):
    return make_region_content("Kreis Unna", "kreis-unna")


@pytest.fixture
def mitte(db):
    return make_region_content("Region der Mitte", "region-der-mitte")


@pytest.fixture
def publisher(unna):
    return make_staff("freigabe-unna", REGION_PUBLISHERS, [unna.region])


@pytest.fixture
def portal_admin(db):
    return make_staff("portal-admin", PORTAL_ADMINISTRATION)


@pytest.fixture
def joint_project(mitte):
    """A joint project led by the Region der Mitte."""
    return make_project(region=mitte.region, title="Interkommunales Gewerbegebiet", start_date=date(2022, 1, 1))


@pytest.fixture
def contributor(joint_project):
    """Staff of a member town who may propose changes to the joint project only."""
    user = make_staff("mitwirkend")
    ProjectContributor.objects.create(user=user, project=joint_project)
    return user


def _widget_values(name, bound):
    value = bound.value()
    if isinstance(bound.field, forms.ModelMultipleChoiceField):  # a browser sends only the options it shows
        offered = {str(pk) for pk in bound.field.queryset.values_list("pk", flat=True)}
        return {name: [str(pk) for pk in value or () if str(pk) in offered]}
    widget = bound.field.widget
    widget = getattr(widget, "widget", widget)  # RelatedFieldWidgetWrapper
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {f"{name}_{index}": "" if part is None else str(part) for index, part in enumerate(parts)}
    if value is None or value is False:
        return {name: ""} if value is None else {}
    if value is True:
        return {name: "on"}
    if isinstance(value, list | tuple):
        return {name: [str(item) for item in value]}
    if isinstance(widget, forms.widgets.Input) and not isinstance(widget, forms.FileInput):
        return {name: widget.format_value(value) or ""}  # as the page renders it (German amounts: 1.000,00)
    return {name: str(value)}


def _form_values(form):
    data = {}
    for name in form.fields:
        data.update(_widget_values(form.add_prefix(name), form[name]))
    return data


def changeform_data(response, **changes):
    """What a browser would send back for an admin change form as rendered, with ``changes`` applied."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):  # none on the restore page
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for form in formset.forms:
            data.update(_form_values(form))
    data.update(changes)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
