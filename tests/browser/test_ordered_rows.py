"""Ordered rows in Chromium at 1280 px: an editor moves a project's goals with the arrows and by dragging, and the
stored order follows what the page shows; the milestone table fits the form. Screenshots go to
``$SCREENSHOT_DIR`` when it is set."""

import os
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from projects.models import Milestone, Project, ProjectGoal, Region
from regionportal.backoffice.permissions import REGION_EDITORS
from tests.admin.conftest import make_staff

from .conftest import sign_in
from .test_accessibility import WCAG_21_AA


@pytest.fixture
def project(demo_server, roles):
    unna = Region.objects.get(slug="kreis-unna")
    project = Project.objects.filter(lead_region=unna).order_by("pk").first()
    project.goals.all().delete()
    for order, title in enumerate(["Erstes Ziel", "Zweites Ziel", "Drittes Ziel"], 1):
        ProjectGoal.objects.create(project=project, title=title, order=order)
    for day in (1, 2):
        Milestone.objects.create(
            project=project,
            date=date(2025, 3, day),
            title="Auftaktveranstaltung mit allen Kommunen des Kreises und den Partnern",
            description="Vorstellung der Ergebnisse der Machbarkeitsstudie und Abstimmung der nächsten Schritte",
        )
    project.editor = make_staff("redaktion-unna", REGION_EDITORS, [unna])
    return project


def shot(page, name):
    if folder := os.environ.get("SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def open_group(page, prefix):
    page.locator(f"#{prefix}-group details > summary").first.click()


def shown_goals(page):
    return [
        page.locator(f"#{row.get_attribute('id')} td.field-title input").input_value()
        for row in page.locator("#goals-group tbody tr.form-row:not(.empty-form)").element_handles()
    ]


def titles(project):
    return list(project.goals.values_list("title", flat=True))


def save(page):
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1, page.locator("main").inner_text()


def test_an_editor_orders_goals_by_arrows_and_by_dragging(demo_server, browser, project):
    page = sign_in(browser, demo_server, project.editor)
    page.goto(demo_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    shot(page, "project-form-1280")
    open_group(page, "goals")
    open_group(page, "milestones")
    shot(page, "project-form-rows-open-1280")

    table = page.locator("#milestones-group table")
    fits = table.evaluate(
        "t => t.getBoundingClientRect().right <= t.closest('.inline-group').getBoundingClientRect().right"
    )
    assert fits, "the milestone table is cut off at 1280 px"
    found = Axe().run(page, context={"include": [["#goals-group td.field-position"]]}, options=WCAG_21_AA)
    assert not found.violations_count, found.generate_report()  # the arrows and handles of the rows
    assert "button-name" in [rule["id"] for rule in found.response["passes"]]  # the arrows were checked

    page.locator("#goals-group").get_by_role("button", name="Zeile nach unten").first.click()  # in place, no page load
    assert shown_goals(page) == ["Zweites Ziel", "Erstes Ziel", "Drittes Ziel"]
    assert page.locator("#goals-group .row-order-status").inner_text() == "Jetzt an Stelle 2 von 3."
    save(page)
    assert titles(project) == ["Zweites Ziel", "Erstes Ziel", "Drittes Ziel"]

    open_group(page, "goals")
    handle = page.locator("#goals-group tbody tr.form-row:not(.empty-form) .row-order-handle")
    handle.nth(2).drag_to(page.locator("#goals-group tbody tr.form-row").first, target_position={"x": 5, "y": 2})
    assert shown_goals(page) == ["Drittes Ziel", "Zweites Ziel", "Erstes Ziel"]
    save(page)
    assert titles(project) == ["Drittes Ziel", "Zweites Ziel", "Erstes Ziel"]
    assert list(project.goals.values_list("order", flat=True)) == [1, 2, 3]


def test_without_javascript_the_arrows_save_and_come_back_moved(demo_server, browser, project):
    page = sign_in(browser, demo_server, project.editor)
    page.context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    from .conftest import PASSWORD

    page.goto(demo_server.url + reverse("admin:login"))
    page.fill("#id_username", project.editor.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(demo_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    open_group(page, "goals")  # <details> opens without JavaScript
    with page.expect_navigation():
        page.locator("#goals-group").get_by_role("button", name="Zeile nach oben").nth(2).click()
    assert page.locator(".messagelist .success").inner_text() == "Die Zeile wurde verschoben und der Eintrag gesichert."
    assert titles(project) == ["Erstes Ziel", "Drittes Ziel", "Zweites Ziel"]
    shot(page, "project-form-no-js-1280")
    context.close()
