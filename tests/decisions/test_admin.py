"""Decisions in the back office: the editors of the projects' regions keep them, German labels, scoped choices."""

import lxml.html
import pytest
from django.urls import reverse

from decisions.models import Body, Decision
from tests.pages import sent_values

pytestmark = pytest.mark.django_db


def change_url(decision):
    return reverse("admin:decisions_decision_change", args=[decision.pk])


def change_form(client, decision):
    """What the browser sends for the change form as rendered (``{name: [values]}``)."""
    page = lxml.html.fromstring(client.get(change_url(decision)).content)
    return sent_values(page.get_element_by_id("decision_form"))


def test_editor_changes_a_decision_about_their_project(client, unna):
    decision = unna.objects["decisions.decision"]
    client.force_login(unna.editor)
    data = change_form(client, decision) | {"title": ["Beschluss des Kreistages"], "result": ["adopted"]}

    response = client.post(change_url(decision), data)

    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.title, decision.get_result_display()) == ("Beschluss des Kreistages", "beschlossen")
    assert decision.history.latest().history_user == unna.editor


def test_another_regions_project_is_refused(client, unna, mitte):
    decision = unna.objects["decisions.decision"]
    foreign = mitte.objects["projects.project"]  # published: other admins may offer it, this field does not
    client.force_login(unna.editor)
    data = change_form(client, decision)
    data["projects"] = [*data["projects"], str(foreign.pk)]

    response = client.post(change_url(decision), data)

    assert response.status_code == 200
    assert f"{foreign.pk} ist keine gültige Auswahl" in response.content.decode()
    assert list(decision.projects.all()) == [unna.objects["projects.project"]]


def test_a_decision_taken_over_from_a_milestone_asks_for_its_body(client, unna):
    decision = Decision.objects.create(title="Aus einem Meilenstein", reference="DS 7/2019")
    decision.projects.add(unna.objects["projects.project"])
    client.force_login(unna.editor)

    response = client.post(change_url(decision), change_form(client, decision))

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_a_bodys_decision_without_project_belongs_to_the_bodys_region(client, unna, mitte):
    body = Body.objects.create(name="Kreistag mit Region", region=unna.region)
    loose = Decision.objects.create(body=body, title="Noch keinem Projekt zugeordnet")

    client.force_login(unna.editor)
    assert client.get(change_url(loose)).status_code == 200
    client.force_login(mitte.editor)
    assert client.get(change_url(loose)).status_code == 404
