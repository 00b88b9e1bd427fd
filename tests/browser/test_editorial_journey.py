"""The back office's "done when", in Chromium against the demo content: an editor of Kreis Unna signs in and
creates a project with a goal, funding (an amount typed in German), a milestone, a contact, an image and a PDF, and
sends it to review; a publisher of Kreis Unna schedules it; the public site shows it at its time and not before;
its history lists every step with who took it; the editor of the Region der Mitte sees none of it (checked with
Django's test client). The other roles' journeys are in test_role_journeys."""

import time
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from projects.models import Project, Region
from regionportal.backoffice.german_dates import german_datetime
from regionportal.backoffice.permissions import REGION_EDITORS, REGION_PUBLISHERS
from regionportal.publishing.models import PublicationState
from tests.admin.conftest import make_staff
from tests.media.corpus import pdf_file

from .conftest import new_page, sign_in

TITLE = "Radschnellweg zwischen Kamen und Unna"
SCHEDULE_AHEAD = timedelta(seconds=20)  # time enough, on a busy CI machine too, to see the 404 before it is due


@pytest.fixture
def people(demo_server, roles):
    unna, mitte = Region.objects.get(slug="kreis-unna"), Region.objects.get(slug="region-der-mitte")
    return {
        "editor": make_staff("redaktion-unna", REGION_EDITORS, [unna]),
        "publisher": make_staff("freigabe-unna", REGION_PUBLISHERS, [unna]),
        "other_editor": make_staff("redaktion-mitte", REGION_EDITORS, [mitte]),
    }


def picture():
    buffer = BytesIO()
    PILImage.new("RGB", (800, 500), (0, 84, 122)).save(buffer, "PNG")
    return {"name": "radweg.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


PDF = {
    "name": "machbarkeitsstudie.pdf",
    "mimeType": "application/pdf",
    "buffer": pdf_file(),
}


def save(page, button="_save"):
    with page.expect_navigation():
        page.click(f"input[name={button}]")
    assert page.locator(".messagelist .success").count() == 1, page.locator("main").inner_text()


def choose(page, select_id, term, option):
    """Pick ``option`` in an autocomplete field after typing ``term``, as in any select2 box."""
    page.click(f"#{select_id} + .select2")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-results__option:has-text('{option}')")


def add_row(page, prefix):
    """Open the group if it is collapsed, then Django's "hinzufügen"."""
    group = page.locator(f"#{prefix}-group")
    if group.locator("details:not([open]) > summary").count():
        group.locator("details > summary").first.click()
    group.locator(".add-row a").click()


def upload(page, server, model, file, **fields):
    page.goto(server.url + reverse(f"admin:regionportal_{model}_add"))
    page.set_input_files("#id_file", file)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    save(page)


def create_project(page, server):
    upload(
        page,
        server,
        "image",
        picture(),
        title="Radweg an der Seseke",
        alt_text="Radfahrende auf dem neuen Weg an der Seseke",
        creator="Kreis Unna",
        credit_line="Foto: Kreis Unna",
    )
    upload(page, server, "document", PDF, title="Machbarkeitsstudie Radschnellweg")

    page.goto(server.url + reverse("admin:projects_project_add"))
    page.fill("#id_title", TITLE)
    page.press("#id_title", "Tab")  # the address name is filled in from the title
    page.fill("#id_summary", "Ein Radschnellweg verbindet Kamen und Unna.")
    choose(page, "id_lead_region", "Unna", "Kreis Unna")
    add_row(page, "goals")
    page.fill("#id_goals-0-title", "10.000 Fahrten am Tag")
    add_row(page, "funding_lines")
    choose(page, "id_funding_lines-0-programme", "Aktive", "Aktive Regionalentwicklung")
    page.fill("#id_funding_lines-0-amount", "1.250.000,50")  # as a German user types it
    add_row(page, "milestones")
    page.fill("#id_milestones-0-date", "24.06.2027")
    page.fill("#id_milestones-0-title", "Spatenstich")
    add_row(page, "project_contacts")
    choose(page, "id_project_contacts-0-person", "Kozik", "Kozik")
    page.fill("#id_project_contacts-0-role", "Projektleitung")
    add_row(page, "project_images")
    choose(page, "id_project_images-0-image", "Seseke", "Radweg an der Seseke")
    add_row(page, "project_documents")
    choose(page, "id_project_documents-0-document", "Machbarkeit", "Machbarkeitsstudie Radschnellweg")
    save(page)

    project = Project.objects.get(title=TITLE)
    assert project.slug == "radschnellweg-zwischen-kamen-und-unna"
    assert [project.goals.count(), project.project_images.count(), project.project_documents.count()] == [1, 1, 1]
    assert project.funding_lines.get().amount == Decimal("1250000.50")
    assert [(m.date, m.title) for m in project.milestones.all()] == [(date(2027, 6, 24), "Spatenstich")]
    assert project.project_contacts.get().role == "Projektleitung"
    return project


def press(page, label):
    """Press a workflow button of the change form (regionportal.backoffice.workflow)."""
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()
    assert page.locator(".messagelist .success").count() == 1, page.locator("main").inner_text()
    return page.locator(".messagelist .success").inner_text()


def send_to_review(page, server, project):
    page.goto(server.url + reverse("admin:projects_project_change", args=[project.pk]))
    assert press(page, "Zur Prüfung geben").endswith(
        "ist zur Prüfung gegeben und noch nicht öffentlich. Die Regionsfreigabe prüft und veröffentlicht."
    )


def schedule(page, server, project):
    """Publish ``project`` a few seconds from now, typed in German; returns when."""
    page.goto(server.url + reverse("admin:projects_project_change", args=[project.pk]))
    at = (timezone.now() + SCHEDULE_AHEAD).replace(microsecond=0)
    page.fill("#id_schedule_at", timezone.localtime(at).strftime("%d.%m.%Y %H:%M:%S"))
    assert f"ist geplant und ab {german_datetime(at)} öffentlich unter" in press(page, "Planen …")
    return at


def assert_hidden_from(client, project, *, in_autocomplete=True):
    """Not in the other region's back office: no change or history page, not in its list or dashboard."""
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 404
    assert client.get(reverse("admin:projects_project_history", args=[project.pk])).status_code == 404
    for page in (reverse("admin:projects_project_changelist"), reverse("admin:index")):
        response = client.get(page)
        assert response.status_code == 200 and project.title not in response.content.decode(), page
    if in_autocomplete:  # once published, any region may link to it (regionportal.backoffice.permissions)
        found = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "news", "model_name": "article", "field_name": "related_projects", "term": "Radschnell"},
        ).json()["results"]
        assert str(project.pk) not in [result["id"] for result in found]


def test_editor_creates_publisher_schedules_public_sees_it_at_its_time(demo_server, browser, people):
    started = time.monotonic()
    editor_page = sign_in(browser, demo_server, people["editor"])
    project = create_project(editor_page, demo_server)
    send_to_review(editor_page, demo_server, project)
    project.refresh_from_db()
    assert project.state == PublicationState.REVIEW

    other_region = Client()
    other_region.force_login(people["other_editor"])
    assert_hidden_from(other_region, project)
    own_region = Client()
    own_region.force_login(people["editor"])
    assert TITLE in own_region.get(reverse("admin:index")).content.decode()  # waiting for review, on the dashboard

    publisher_page = sign_in(browser, demo_server, people["publisher"])
    publish_at = schedule(publisher_page, demo_server, project)
    project.refresh_from_db()
    assert (project.state, project.publish_at) == (PublicationState.PUBLISHED, publish_at)

    public = new_page(browser)
    detail = demo_server.url + project.get_absolute_url()
    assert public.goto(detail).status == 404
    public.goto(demo_server.url + reverse("projects:list"))
    assert TITLE not in public.content()
    assert timezone.now() < publish_at, "too slow to see the page before its time"

    time.sleep((publish_at - timezone.now()).total_seconds() + 0.5)
    assert public.goto(detail).status == 200
    assert public.locator("h1").inner_text() == TITLE
    assert public.locator("img[alt='Radfahrende auf dem neuen Weg an der Seseke']").count() == 1
    assert public.get_by_role("link", name="Machbarkeitsstudie Radschnellweg").count() == 1
    public.goto(demo_server.url + reverse("projects:list"))
    assert TITLE in public.content()

    editor_page.goto(demo_server.url + reverse("admin:projects_project_history", args=[project.pk]))
    rows = [" ".join(row.split()) for row in editor_page.locator("#change-history tbody tr").all_inner_texts()]
    scheduled, reviewed, created = [row for row in rows if " hat den Eintrag " in row]  # the project's own versions
    when = german_datetime(publish_at)
    publisher, editor = people["publisher"].username, people["editor"].username  # accounts without a name
    assert f"{publisher} (Kreis Unna) hat den Eintrag zur Veröffentlichung am {when} geplant." in scheduled
    assert "In Prüfung → Veröffentlicht" in scheduled and f"Veröffentlichen ab: – → {when}" in scheduled
    assert f"{editor} (Kreis Unna) hat den Eintrag zur Prüfung gegeben." in reviewed
    assert f"{editor} (Kreis Unna) hat den Eintrag angelegt." in created
    funding = [row for row in rows if "„Förderungen“ „Aktive Regionalentwicklung" in row]
    assert len(funding) == 1 and f"{editor} (Kreis Unna) hat unter „Förderungen“" in funding[0]
    assert editor_page.locator("#change-history a[href*='/auth/user/']").count() == 0  # a page editors may not open

    assert_hidden_from(other_region, project, in_autocomplete=False)
    assert time.monotonic() - started < 60
