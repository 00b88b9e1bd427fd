"""The other roles' journeys of issue 12, in Chromium against the demo content, asserting what each person sees:

- the contributor of a partner organisation proposes a change through the rendered project form; the editor of the
  leading region finds it on the start page, accepts it with "Vorschlag übernehmen", and it is public at once;
- the publisher of Kreis Unna takes an entry from review: corrects it and presses "Freigeben", "Zurückziehen",
  restores an earlier version from the history page and "Archivieren", each confirmed in German;
- the portal administrator signs in with a one-time code, assigns a new editor to a region, edits the
  accessibility statement and works through the reported barriers.
"""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from projects.models import Project, Region
from regionportal.backoffice.models import ChangeProposal, EditorAssignment, ProjectContributor, ProposalStatus
from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS, REGION_PUBLISHERS
from regionportal.legal.models import AccessibilityStatement, BarrierReport, ReportStatus
from regionportal.publishing.models import PublicationState
from tests.admin.conftest import make_staff
from tests.factories import make_project

from .conftest import new_page, sign_in
from .test_editorial_journey import choose, press, save

WHEN = r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr \((MEZ|MESZ)\)"


def person(username, first, last, group=None, regions=()):
    user = make_staff(username, group, regions)
    User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    user.refresh_from_db()
    return user


def history_rows(page, server, obj):
    """The history page's rows as a person reads them, newest first."""
    page.goto(server.url + reverse("admin:projects_project_history", args=[obj.pk]))
    return [" ".join(row.split()) for row in page.locator("#change-history tbody tr").all_inner_texts()]


def user_links(page):
    return page.locator("#change-history a[href*='/auth/user/']").count()


@pytest.fixture
def mitte(demo_server, roles):
    return Region.objects.get(slug="region-der-mitte")


def test_contributor_proposes_editor_accepts_public_sees_it(demo_server, browser, mitte):
    started = time.monotonic()
    project = Project.objects.get(slug="wirtschafts-region-der-mitte")
    assert project.is_public
    contributor = person("mitwirkend-bad-hersfeld", "Lena", "Wagner")
    ProjectContributor.objects.create(user=contributor, project=project)
    editor = person("redaktion-mitte", "Anna", "Schmidt", REGION_EDITORS, [mitte])
    summary = "Zwei Länder, ein Wirtschaftsraum: Kommunen planen Gewerbe und Wohnen gemeinsam."

    contributing = sign_in(browser, demo_server, contributor)
    contributing.goto(demo_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    assert contributing.locator("#id_lead_region").count() == 0  # texts and dates only
    contributing.fill("#id_summary", summary)
    save(contributing)
    assert contributing.locator(".messagelist .success").inner_text() == (
        "Ihr Vorschlag wurde gespeichert und wartet auf die Prüfung durch die Redaktion der Region."
    )
    proposal = ChangeProposal.objects.get(project=project)
    assert proposal.changes == {"summary": summary}
    project.refresh_from_db()
    assert project.summary != summary  # nothing public yet
    public = new_page(browser)
    public.goto(demo_server.url + project.get_absolute_url())
    assert summary not in public.locator("main").inner_text()

    editing = sign_in(browser, demo_server, editor)
    proposals = editing.locator("li", has=editing.get_by_role("link", name=project.title))
    assert "Lena Wagner" in proposals.first.inner_text()  # on the start page, with who proposed it
    with editing.expect_navigation():
        editing.get_by_role("link", name=project.title).first.click()
    assert summary in editing.locator(".field-changes_display").inner_text()
    assert "Lena Wagner" in editing.locator(".field-proposer_display").inner_text()
    assert editing.locator("input[name=_save]").count() == 0  # the decision is the only thing to do here
    message = press(editing, "Vorschlag übernehmen")
    assert message == (
        f"Der Vorschlag von Lena Wagner ist übernommen: „{project.title}“ hat jetzt die vorgeschlagenen Angaben. "
        "Sie sind jetzt öffentlich."
    )
    assert editing.url == demo_server.url + reverse("admin:projects_project_change", args=[project.pk])
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposalStatus.ACCEPTED, editor)

    public.goto(demo_server.url + project.get_absolute_url())
    assert public.locator(".lead").inner_text() == summary

    rows = history_rows(editing, demo_server, project)
    newest = rows[0]
    assert "Anna Schmidt (Region der Mitte) hat den Vorschlag von Lena Wagner übernommen." in newest
    assert "Kurzbeschreibung: " in newest and f"→ {summary} aktuelle Fassung" in newest, newest
    assert any("Ein Import oder ein inzwischen gelöschtes Konto hat den Eintrag angelegt." in row for row in rows)
    assert "redaktion-mitte" not in newest and user_links(editing) == 0
    assert time.monotonic() - started < 45


def test_publisher_reviews_publishes_withdraws_restores_archives(demo_server, browser, roles):
    started = time.monotonic()
    unna = Region.objects.get(slug="kreis-unna")
    editor = person("redaktion-unna", "Anna", "Schmidt", REGION_EDITORS, [unna])
    publisher = person("freigabe-unna", "Jonas", "Becker", REGION_PUBLISHERS, [unna])
    project = make_project(region=unna, title="Radweg Kamen", state=PublicationState.DRAFT)
    editor_page = sign_in(browser, demo_server, editor)
    editor_page.goto(demo_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    press(editor_page, "Zur Prüfung geben")
    editor_page.context.close()

    page = sign_in(browser, demo_server, publisher)
    with page.expect_navigation():  # waiting for review, on the start page
        page.get_by_role("link", name="Radweg Kamen", exact=True).click()
    assert (
        page.locator(".publication-status, .field-publication_display")
        .first.inner_text()
        .strip()
        .endswith("In Prüfung")
    )
    page.fill("#id_title", "Radweg Kamen–Unna")
    message = press(page, "Freigeben")
    url = demo_server.url + project.get_absolute_url()
    path = re.escape(project.get_absolute_url())
    assert re.fullmatch(f"„Radweg Kamen–Unna“ ist freigegeben und jetzt öffentlich unter http\\S+{path}\\.", message)
    public = new_page(browser)
    assert public.goto(url).status == 200
    assert public.locator("h1").inner_text() == "Radweg Kamen–Unna"

    assert press(page, "Zurückziehen") == "„Radweg Kamen–Unna“ ist zurückgezogen und nicht mehr öffentlich."
    assert public.goto(url).status == 404

    rows = history_rows(page, demo_server, project)
    assert "Jonas Becker (Kreis Unna) hat den Eintrag von der Website zurückgezogen." in rows[0]
    assert "Jonas Becker (Kreis Unna) hat den Eintrag freigegeben." in rows[1]
    assert "Titel: Radweg Kamen → Radweg Kamen–Unna" in rows[1]
    assert "Anna Schmidt (Kreis Unna) hat den Eintrag zur Prüfung gegeben." in rows[2]
    assert rows[0].endswith("aktuelle Fassung") and user_links(page) == 0
    with page.expect_navigation():  # the version before the publisher's correction
        page.locator("#change-history tbody tr").nth(2).get_by_role(
            "link", name="Diese Version wiederherstellen"
        ).click()
    assert re.fullmatch(f"Fassung vom {WHEN}", page.locator("h1, #content h2").first.inner_text().strip())
    assert page.locator("#id_title").input_value() == "Radweg Kamen"
    with page.expect_navigation():
        page.get_by_role("button", name="Diese Version wiederherstellen").first.click()
    message = page.locator(".messagelist .success").inner_text()
    assert re.fullmatch(f"„Radweg Kamen“: Fassung vom {WHEN} wiederhergestellt. Status: Zurückgezogen.", message), (
        message
    )
    project.refresh_from_db()
    assert (project.title, project.state) == ("Radweg Kamen", PublicationState.UNPUBLISHED)

    assert press(page, "Archivieren") == "„Radweg Kamen“ ist archiviert und nicht öffentlich."
    rows = history_rows(page, demo_server, project)
    assert "Jonas Becker (Kreis Unna) hat den Eintrag archiviert." in rows[0]
    assert re.search(f"Jonas Becker \\(Kreis Unna\\) hat die Fassung vom {WHEN} wiederhergestellt\\.", rows[1])
    assert public.goto(url).status == 410  # archived: gone for good
    assert time.monotonic() - started < 45


def test_portal_administrator_assigns_an_editor_edits_the_statement_sees_the_barriers(demo_server, browser, roles):
    started = time.monotonic()
    admin_user = person("portal-admin", "Petra", "Albers", PORTAL_ADMINISTRATION)
    newcomer = person("redaktion-neu", "Tom", "Krüger", REGION_EDITORS)
    report = BarrierReport.objects.create(page_url="/projekte/", description="Die Karte hat keine Textalternative.")
    device = TOTPDevice.objects.create(user=admin_user, name="Authenticator-App", confirmed=True)
    page = sign_in(browser, demo_server, admin_user, device)

    page.goto(demo_server.url + reverse("admin:auth_user_change", args=[newcomer.pk]))
    page.click("#region_assignments-group .add-row a")
    choose(page, "id_region_assignments-0-region", "Unna", "Kreis Unna")
    save(page)
    assert "redaktion-neu" in page.locator(".messagelist .success").inner_text()
    assert list(EditorAssignment.objects.filter(user=newcomer).values_list("region__slug", flat=True)) == ["kreis-unna"]
    newcomer_page = sign_in(browser, demo_server, newcomer)  # and the new editor sees the region's projects
    newcomer_page.goto(demo_server.url + reverse("admin:projects_project_changelist"))
    assert "Smart Region Kreis Unna" in newcomer_page.locator("#result_list").inner_text()
    assert "Region der Mitte" not in newcomer_page.locator("#result_list").inner_text()

    statement = AccessibilityStatement.objects.get()
    page.goto(demo_server.url + reverse("admin:regionportal_accessibilitystatement_change", args=[statement.pk]))
    page.fill("#id_feedback_phone", "0 23 03 / 27-10 00")
    save(page)
    public = new_page(browser)
    public.goto(demo_server.url + "/barrierefreiheit/")
    assert "0 23 03 / 27-10 00" in public.locator("main").inner_text()

    page.goto(demo_server.url + reverse("admin:index"))
    with page.expect_navigation():
        page.get_by_role("link", name="Meldungen von Barrieren").first.click()
    assert "/projekte/" in page.locator("#result_list").inner_text()
    with page.expect_navigation():
        page.locator("#result_list tbody th a").first.click()
    assert "Die Karte hat keine Textalternative." in page.locator("main").inner_text()
    page.select_option("#id_status", label="in Bearbeitung")
    page.fill("#id_note", "An die Kartenredaktion gegeben.")
    save(page)
    report.refresh_from_db()
    assert (report.status, report.note) == (ReportStatus.IN_PROGRESS, "An die Kartenredaktion gegeben.")
    assert time.monotonic() - started < 45
