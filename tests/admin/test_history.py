"""The history page of a project lists the versions of its inline rows too: who changed which row, and how;
scoped like the rest of the back office. Restoring a version restores the project's own fields only.

The page speaks plain German, read here from the rendered HTML for each role: "Anna Schmidt (Kreis Unna) hat den
Eintrag zur Prüfung gegeben", "Titel: alt → neu" with the form's labels and German numbers and dates, full names
instead of logins, and only links the viewer may open."""

import re
from decimal import Decimal

import lxml.html
import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import FundingLine, Project, ProjectGoal
from regionportal.backoffice import services
from regionportal.publishing.models import PublicationState
from tests.factories import make_programme, make_project

from .conftest import changeform_data, force_login_verified, messages_of
from .test_workflow_buttons import press

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=(project.pk,))


def history_url(project):
    return reverse("admin:projects_project_history", args=(project.pk,))


def versions_shown(response):
    return list(response.context["page_obj"])


def row_versions_shown(response):
    return [version for version in versions_shown(response) if getattr(version, "row_kind", None)]


def history_table(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).get_element_by_id("change-history")


def rows_read(response):
    """Each version as the page reads, in one line: "07.12.2026, 21:49 Uhr (MEZ) Anna Schmidt (Kreis Unna) hat …"."""
    return [read(row) for row in history_table(response).xpath(".//tbody/tr")]


def read(element):
    """The text of ``element`` with its white space as the browser collapses it (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", element.text_content()).strip()


def links(response):
    """The links of the version list: text → address."""
    return [(read(a), a.get("href")) for a in history_table(response).iter("a")]


def named(user, first, last):
    User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    user.refresh_from_db()
    return user


@pytest.fixture
def anna(unna):
    return named(unna.editor, "Anna", "Schmidt")


@pytest.fixture
def jonas(publisher):
    return named(publisher, "Jonas", "Becker")


WHEN = r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr \((MEZ|MESZ)\)"


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
    assert newest.history_delta_changes == [
        {"field": "Fördersumme (EUR)", "old": "100.000,00", "new": "150.000,00"}  # as the form shows amounts
    ]
    line, project = rows_read(response)[:2]
    editor = unna.editor.username  # no name entered: the login stands in for it
    assert re.fullmatch(
        f"{WHEN} {editor} \\(Kreis Unna\\) hat unter „Förderungen“ „Aktive Regionalentwicklung – {funded}“ geändert\\. "
        "Fördersumme \\(EUR\\): 100.000,00\xa0→ 150.000,00",
        line,
    ), line
    assert f"{editor} (Kreis Unna) hat den Eintrag bearbeitet." in project


def test_changes_read_as_the_editor_entered_them(client, unna):
    draft = make_project(region=unna.region, state=PublicationState.DRAFT)
    client.force_login(unna.editor)

    edit(client, draft, _workflow="review", featured="on")  # the button "Zur Prüfung geben"

    changes = versions_shown(client.get(history_url(draft)))[0].history_delta_changes
    assert changes == [  # in the order of the form, then the state the button changed
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


def test_each_step_reads_as_a_sentence_with_full_names_and_regions(client, unna, anna, jonas):
    draft = make_project(region=unna.region, title="Radweg Kamen", state=PublicationState.DRAFT)
    client.force_login(anna)
    press(client, draft, "Zur Prüfung geben", title="Radweg Kamen–Unna")
    client.force_login(jonas)
    press(client, draft, "Planen …", {"schedule_at": "24.06.2030 14:00"})

    newest, older, *_rest = rows_read(client.get(history_url(draft)))

    assert re.fullmatch(
        f"{WHEN} Jonas Becker \\(Kreis Unna\\) hat den Eintrag zur Veröffentlichung am 24.06.2030, 14:00 Uhr "
        "\\(MESZ\\) geplant\\. Status der Veröffentlichung: In Prüfung\xa0→ Veröffentlicht Veröffentlichen ab: –\xa0→ "
        "24.06.2030, 14:00 Uhr \\(MESZ\\) aktuelle Fassung",
        newest,
    ), newest
    assert re.fullmatch(
        f"{WHEN} Anna Schmidt \\(Kreis Unna\\) hat den Eintrag zur Prüfung gegeben\\. Titel: Radweg Kamen\xa0→ Radweg "
        "Kamen–Unna Status der Veröffentlichung: Entwurf\xa0→ In Prüfung Diese Version wiederherstellen",
        older,
    ), older


@pytest.mark.parametrize(
    ("step", "sentence"),
    [
        (services.unpublish, "hat den Eintrag von der Website zurückgezogen."),
        (services.archive, "hat den Eintrag archiviert."),
    ],
)
def test_steps_taken_from_the_list_read_the_same(client, unna, jonas, step, sentence):
    project = unna.objects["projects.project"]  # published
    step(obj=project, user=jonas)
    client.force_login(jonas)

    assert f"Jonas Becker (Kreis Unna) {sentence}" in rows_read(client.get(history_url(project)))[0]


def test_an_accepted_proposal_names_who_proposed_it(client, mitte, joint_project, contributor):
    editor = named(mitte.editor, "Anna", "Schmidt")
    named(contributor, "Lena", "Wagner")
    proposal = services.propose_change(project=joint_project, user=contributor, changes={"title": "Gewerbepark"})
    services.accept_proposal(proposal=proposal, user=editor)
    client.force_login(editor)

    newest = rows_read(client.get(history_url(joint_project)))[0]

    assert "Anna Schmidt (Region der Mitte) hat den Vorschlag von Lena Wagner übernommen." in newest
    assert "Titel: Interkommunales Gewerbegebiet\xa0→ Gewerbepark" in newest


def test_long_and_rich_texts_show_what_changed_in_words(client, unna, anna):
    project = unna.objects["projects.project"]
    client.force_login(anna)
    body = "<p>" + " ".join(f"Satz{n}." for n in range(40)) + "</p>"
    edit(client, project, body=body, summary="Kurz.")
    edit(client, project, body=body.replace("Satz20.", "<strong>Satz zwanzig.</strong>"))

    changed = rows_read(client.get(history_url(project)))[0]

    assert "Beschreibung: […] Satz16. Satz17. Satz18. Satz19. Satz20. Satz21. Satz22. Satz23. Satz24. […]" in changed
    assert "→ […] Satz16. Satz17. Satz18. Satz19. Satz zwanzig. Satz21. Satz22. Satz23. Satz24. […]" in changed
    assert "<" not in changed and "strong" not in changed


@pytest.mark.parametrize("role", ["editor", "publisher", "contributor"])
def test_no_link_to_an_account_page_for_staff_who_may_not_open_it(client, unna, mitte, publisher, contributor, role):
    viewer, project, saved_by = {
        "editor": (unna.editor, unna.objects["projects.project"], publisher),
        "publisher": (publisher, unna.objects["projects.project"], unna.editor),
        "contributor": (contributor, contributor.project_contributions.get().project, mitte.editor),
    }[role]
    services.save_edit(obj=project, user=saved_by)
    client.force_login(viewer)

    response = client.get(history_url(project))

    assert saved_by.username in rows_read(response)[0]
    assert not [href for _text, href in links(response) if "/auth/user/" in href]
    for text, href in links(response):  # every link left opens for this viewer
        assert client.get(href).status_code == 200, (text, href)


def test_a_portal_administrator_gets_the_names_linked_to_the_accounts(client, portal_admin, unna, anna):
    project = unna.objects["projects.project"]
    services.save_edit(obj=project, user=anna)
    force_login_verified(client, named(portal_admin, "Petra", "Albers"))

    response = client.get(history_url(project))

    assert ("Anna Schmidt", reverse("admin:auth_user_change", args=[anna.pk])) in links(response)
    assert client.get(reverse("admin:auth_user_change", args=[anna.pk])).status_code == 200


def test_a_contributor_reads_the_history_but_is_offered_no_version_page(client, joint_project, contributor, mitte):
    services.save_edit(obj=joint_project, user=mitte.editor)
    client.force_login(contributor)

    response = client.get(history_url(joint_project))

    assert "hat den Eintrag bearbeitet." in rows_read(response)[0]
    assert links(response) == []
    assert "wiederherstellen" not in response.content.decode()


def test_a_publisher_restores_an_earlier_version_from_the_history_page(client, unna, anna, jonas):
    project = unna.objects["projects.project"]
    old_title = project.title
    client.force_login(anna)
    edit(client, project, title="Ein neuer Titel")
    client.force_login(jonas)

    history = client.get(history_url(project))
    restore = [href for text, href in links(history) if text == "Diese Version wiederherstellen"]
    assert len(restore) == 1  # the version before; the newest is the current one
    page = client.get(restore[0])
    assert "Diese Version wiederherstellen" in page.content.decode()
    response = client.post(restore[0], changeform_data(page), follow=True)

    project.refresh_from_db()
    assert (project.title, project.state) == (old_title, PublicationState.PUBLISHED)
    assert response.redirect_chain[-1][0] == change_url(project)
    (message,) = messages_of(response)
    assert re.fullmatch(f"„{old_title}“: Fassung vom {WHEN} wiederhergestellt\\. Status: Veröffentlicht\\.", message)
    newest = rows_read(client.get(history_url(project)))[0]
    assert re.search(f"Jonas Becker \\(Kreis Unna\\) hat die Fassung vom {WHEN} wiederhergestellt\\.", newest)
    assert f"Titel: Ein neuer Titel\xa0→ {old_title}" in newest


def test_restoring_an_image_is_a_version_of_its_own(client, unna, anna):
    image = unna.objects["regionportal.image"]
    image_change = reverse("admin:regionportal_image_change", args=[image.pk])
    client.force_login(anna)
    client.post(image_change, changeform_data(client.get(image_change), title="Anderer Titel"))
    before = image.history.last()

    url = reverse("admin:regionportal_image_simple_history", args=[image.pk, before.history_id])
    response = client.post(url, changeform_data(client.get(url)), follow=True)

    image.refresh_from_db()
    assert image.title == before.title
    assert messages_of(response)[0].endswith("wiederhergestellt.")
    assert (
        "Anna Schmidt (Kreis Unna) hat die Fassung vom"
        in rows_read(client.get(reverse("admin:regionportal_image_history", args=[image.pk])))[0]
    )
