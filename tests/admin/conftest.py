"""Two region editors (Kreis Unna, Region der Mitte), a publisher, a contributor and content for each."""

from dataclasses import dataclass, field
from datetime import date

import lxml.html
import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from decisions.models import Body, Decision
from projects.models import ProjectContact, ProjectDocument, ProjectImage
from regionportal.backoffice.models import EditorAssignment, ProjectContributor
from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS, REGION_PUBLISHERS
from regionportal.publishing.models import PublicationState
from tests.factories import (
    make_article,
    make_document,
    make_image,
    make_organisation,
    make_person,
    make_project,
    make_region,
)
from tests.pages import page_form, sent_values


def force_login_verified(client, user):
    """Sign in as someone who also entered a one-time code (portal administrators must,
    regionportal.backoffice.two_factor)."""
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


def changeform_data(response, **changes):
    """What the browser sends for the admin's add, change or restore form as ``response`` renders it (hidden
    version token, inlines with their management forms, preset choices), with ``changes`` applied."""
    data = sent_values(page_form(response, f"{response.context['opts'].model_name}_form"))
    data.update(changes)
    return data


def offered_actions(changelist):
    """The bulk actions the rendered list offers (without the empty choice)."""
    form = page_form(changelist, "changelist-form")
    return [value for value in form.xpath('.//select[@name="action"]/option/@value') if value]  # none: no select


def action_data(changelist, action, *objects, select_across=False):
    """What the browser sends from the rendered list (CSRF token, ``select_across``, the clicked button's ``index``)
    after ticking ``objects`` and choosing ``action``; objects the page does not list go in as a forged request."""
    form = page_form(changelist, "changelist-form")
    data = sent_values(form)
    (button,) = form.xpath('.//button[@name="index"]')
    data |= {"action": [action], "index": [button.get("value")], "_selected_action": [str(obj.pk) for obj in objects]}
    if select_across:
        data["select_across"] = ["1"]
    return data


def confirmation_data(response):
    """What the browser sends when the "Ja, ich bin sicher" button of a rendered delete confirmation is clicked."""
    forms = [form for form in lxml.html.fromstring(response.content.decode()).forms if "post" in form.inputs.keys()]
    assert len(forms) == 1, "the page offers no confirmation"
    return sent_values(forms[0])


@pytest.fixture
def csrf_client():
    """A client that checks CSRF tokens as the live site does: what it posts must come from a rendered page."""
    return Client(enforce_csrf_checks=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def with_new_row(data, prefix, **values):
    """``data`` with one more row of the inline ``prefix``, as Django's "hinzufügen" link makes it in the page: the
    empty row's values under the next index (and ``values`` typed into it)."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    row = {name.replace("__prefix__", str(index)): value for name, value in data.items() if name.startswith(template)}
    assert row, f"the page has no empty row for {prefix}"
    row |= {f"{prefix}-{index}-{name}": [value] for name, value in values.items()}
    return data | row | {f"{prefix}-TOTAL_FORMS": [str(index + 1)]}


def pressing(response, data, name, value):
    """``data`` as sent when the rendered page's submit button ``name``/``value`` is pressed (it must be there)."""
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath(f'//button[@type="submit"][@name="{name}"][@value="{value}"]'), f"no button {name}={value}"
    return data | {name: [value]}
