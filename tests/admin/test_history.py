"""The history page of a project lists the versions of its inline rows too: who changed which row, and how;
scoped like the rest of the back office. Restoring a version restores the project's own fields only."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import FundingLine, Project, ProjectGoal
from regionportal.publishing.models import PublicationState
from tests.factories import make_programme, make_project

from .conftest import changeform_data, force_login_verified

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=(project.pk,))


def history_url(project):
    return reverse("admin:projects_project_history", args=(project.pk,))


def versions_shown(response):
    return list(response.context["page_obj"])


def row_versions_shown(response):
    return [version for version in versions_shown(response) if getattr(version, "row_kind", None)]


@pytest.fixture
def funded(unna):
    project = unna.objects["projects.project"]
    FundingLine.objects.create(
        project=project, programme=make_programme(name="Aktive Regionalentwicklung"), amount=Decimal("100000")
    )
    return project


def edit(client, project, **changes):
    url = change_url(project)
    response = client.post(url, changeform_data(client.get(url), **changes))
    assert response.status_code == 302, [inline.formset.errors for inline in response.context["inline_admin_formsets"]]
    return response


def test_changed_funding_amount_is_in_the_projects_history_with_who_and_what(client, unna, funded):
    client.force_login(unna.editor)

    edit(client, funded, **{"funding_lines-0-amount": "150.000,00"})

    response = client.get(history_url(funded))
    newest = versions_shown(response)[0]  # saved after the project itself, in the same request
    assert (newest.row_kind, newest.row_label) == ("Förderung", f"Aktive Regionalentwicklung – {funded}")
    assert newest.history_user == unna.editor
    assert newest.history_type == "~"
    assert newest.history_delta_changes == [{"field": "Fördersumme (EUR)", "old": "100000,00", "new": "150000,00"}]
    html = response.content.decode()
    assert "Förderung: Aktive Regionalentwicklung" in html
    assert "100000,00&nbsp;&rarr;&nbsp;&nbsp;150000,00" in html
    assert html.count(f">{unna.editor.username}</a>") >= 2  # the row's version and the project's


def test_changes_read_as_the_editor_entered_them(client, unna):
    draft = make_project(region=unna.region, state=PublicationState.DRAFT)
    client.force_login(unna.editor)

    edit(client, draft, _workflow="review", featured="on")  # the button "Zur Prüfung geben"

    changes = versions_shown(client.get(history_url(draft)))[0].history_delta_changes
    assert changes == [
        {"field": "Auf der Startseite hervorheben", "old": "Nein", "new": "Ja"},
        {"field": "Status der Veröffentlichung", "old": "Entwurf", "new": "In Prüfung"},
    ]


def test_added_and_removed_rows_are_listed_in_order_with_the_projects_versions(client, unna, funded):
    client.force_login(unna.editor)

    new_goal = {
        "goals-TOTAL_FORMS": "1",
        "goals-0-title": "500 Arbeitsplätze",
        "goals-0-status": "planned",
    }
    edit(client, funded, title="Neuer Titel", **new_goal)
    goal = ProjectGoal.objects.get(project=funded)
    edit(client, funded, **{"goals-0-id": str(goal.pk), "goals-0-DELETE": "on"})

    shown = [
        (getattr(version, "row_kind", "Projekt"), version.history_type, version.history_user)
        for version in versions_shown(client.get(history_url(funded)))
    ]
    goal_kind = "Ziel / Leuchtturmprojekt"
    assert shown[:4] == [
        (goal_kind, "-", unna.editor),
        ("Projekt", "~", unna.editor),
        (goal_kind, "+", unna.editor),
        ("Projekt", "~", unna.editor),
    ]


def test_a_row_pointing_at_something_deleted_since_is_still_listed(client, unna):
    project = unna.objects["projects.project"]
    image = unna.objects["regionportal.image"]
    image.delete()  # its use in the project goes with it

    client.force_login(unna.editor)
    response = client.get(history_url(project))

    assert response.status_code == 200
    deleted = row_versions_shown(response)[0]
    assert (deleted.row_kind, deleted.history_type) == ("Projektbild", "-")
    assert deleted.row_label.startswith("#")


def test_rows_of_a_project_loaded_without_versions_are_listed(client, unna, funded):
    Project.history.filter(id=funded.pk).delete()  # as the demo content, loaded from fixtures
    funded.funding_lines.get().delete()
    client.force_login(unna.editor)

    response = client.get(history_url(funded))

    assert response.status_code == 200
    assert [(v.row_kind, v.history_type) for v in versions_shown(response)][0] == ("Förderung", "-")


def test_the_list_is_paginated_across_the_project_and_its_rows(client, unna, funded, monkeypatch):
    client.force_login(unna.editor)
    edit(client, funded, **{"funding_lines-0-amount": "150.000,00"})
    whole = versions_shown(client.get(history_url(funded)))
    monkeypatch.setattr(admin.site.get_model_admin(Project), "history_list_per_page", 2)

    pages = [versions_shown(client.get(history_url(funded), {"p": number})) for number in (1, 2, 3, 4)]

    # two versions each of the project and its funding line, the first of its contact, image and document
    assert len(whole) == 7
    assert [(type(v), v.history_id) for page in pages for v in page] == [(type(v), v.history_id) for v in whole]
    dates = [version.history_date for version in whole]
    assert dates == sorted(dates, reverse=True)


def test_the_page_costs_the_same_queries_however_many_rows_changed(client, unna, funded):
    client.force_login(unna.editor)

    def queries_with_lines(count):
        for n in range(count):
            FundingLine.objects.create(project=funded, programme=make_programme(), amount=n)
        line = funded.funding_lines.first()
        line.amount += 1
        line.save()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(history_url(funded)).status_code == 200
        return len(queries)

    assert queries_with_lines(1) == queries_with_lines(5)


def test_a_portal_administrator_still_finds_a_deleted_projects_history(client, portal_admin, funded):
    force_login_verified(client, portal_admin)
    url = history_url(funded)
    funded.delete()

    response = client.get(url)

    assert response.status_code == 200
    assert ("Förderung", "-") in [(v.row_kind, v.history_type) for v in row_versions_shown(response)]


def test_another_regions_editor_gets_404_for_the_history(client, mitte, funded):
    client.force_login(mitte.editor)

    assert client.get(history_url(funded)).status_code == 404


def test_a_contributor_sees_the_projects_versions_but_not_its_rows(client, mitte, joint_project, contributor):
    FundingLine.objects.create(project=joint_project, programme=make_programme(), amount=Decimal("5000"))
    client.force_login(contributor)

    response = client.get(history_url(joint_project))

    assert response.status_code == 200
    assert versions_shown(response) and not row_versions_shown(response)


def test_restoring_a_version_restores_the_projects_fields_and_keeps_the_rows(client, unna, funded):
    client.force_login(unna.editor)
    before = funded.history.latest()
    edit(client, funded, title="Neuer Titel", **{"funding_lines-0-amount": "150.000,00"})
    url = reverse("admin:projects_project_simple_history", args=(funded.pk, before.history_id))

    response = client.post(url, changeform_data(client.get(url)))

    assert response.status_code == 302
    funded.refresh_from_db()
    assert funded.title == before.title
    assert funded.funding_lines.get().amount == Decimal("150000.00")
