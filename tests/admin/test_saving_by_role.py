"""Every role saves every kind of entry that carries a version token (regionportal.backoffice.locking) by posting what
the
rendered change page sends, one field changed: it is saved – or, for a contributor, proposed – and never refused
as a conflict. The contributor's form once lacked the token, so every proposal was refused."""

import pytest
from django.contrib import admin
from django.contrib.messages import constants
from django.urls import reverse

from regionportal.backoffice.locking import VERSION_FIELD, OptimisticLockingAdminMixin
from regionportal.backoffice.models import ChangeProposal, ProposalStatus
from tests.factories import make_programme

from .conftest import changeform_data, force_login_verified

pytestmark = pytest.mark.django_db

CHANGED_FIELD = {
    "projects.region": "summary",
    "projects.project": "summary",
    "projects.fundingprogramme": "short_name",
    "news.article": "teaser",
    "contacts.person": "position",
    "contacts.organisation": "short_name",
}
REGION_CONTENT = [label for label in CHANGED_FIELD if label != "projects.fundingprogramme"]
CASES = [
    *[("editor", label) for label in REGION_CONTENT],
    *[("publisher", label) for label in REGION_CONTENT],
    *[("portal_admin", label) for label in CHANGED_FIELD],
    ("contributor", "projects.project"),
]
CONFLICT = "Während Sie bearbeitet haben"  # regionportal.backoffice.locking: someone else saved meanwhile


def test_every_locked_model_is_covered():
    locked = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, OptimisticLockingAdminMixin)
    }
    assert locked == set(CHANGED_FIELD)


@pytest.fixture
def signed_in(request, client, unna):
    """The client signed in in ``role``, and the entry of ``label`` that role works on."""

    def sign_in(role, label):
        if role == "contributor":
            user, obj = request.getfixturevalue("contributor"), request.getfixturevalue("joint_project")
        else:
            user = unna.editor if role == "editor" else request.getfixturevalue(role)
            obj = make_programme() if label == "projects.fundingprogramme" else unna.objects[label]
        (force_login_verified if role == "portal_admin" else type(client).force_login)(client, user)
        return user, obj

    return sign_in


def url(obj, view, *args):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk, *args])


def sent_once(data):
    assert len(data[VERSION_FIELD]) == 1 and data[VERSION_FIELD][0], "the page sends no version token"


@pytest.mark.parametrize(("role", "label"), CASES)
def test_saving_the_rendered_change_form_succeeds(client, signed_in, role, label):
    user, obj = signed_in(role, label)
    field = CHANGED_FIELD[label]
    data = changeform_data(client.get(url(obj, "change")), **{field: "Geändert über die Seite"})
    sent_once(data)

    response = client.post(url(obj, "change"), data, follow=True)

    assert CONFLICT not in response.content.decode()
    messages = list(response.context["messages"])
    assert messages and all(message.level == constants.SUCCESS for message in messages), messages
    obj.refresh_from_db()
    if role == "contributor":
        proposal = ChangeProposal.objects.get()
        assert (proposal.proposed_by, proposal.changes, proposal.status) == (
            user,
            {field: "Geändert über die Seite"},
            ProposalStatus.OPEN,
        )
        assert "wartet auf die Prüfung" in str(messages[0])
        assert getattr(obj, field) != "Geändert über die Seite"
    else:
        assert getattr(obj, field) == "Geändert über die Seite"


@pytest.mark.parametrize(("role", "label"), [case for case in CASES if case[0] != "contributor"])
def test_restoring_the_rendered_version_form_succeeds(client, signed_in, role, label):
    _user, obj = signed_in(role, label)
    field = CHANGED_FIELD[label]
    version = obj.history.latest()
    restore = url(obj, "simple_history", version.history_id)
    data = changeform_data(client.get(restore), **{field: "Wiederhergestellt"})
    sent_once(data)

    response = client.post(restore, data)

    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Wiederhergestellt"
