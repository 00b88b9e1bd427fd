"""What the back office's scripts show, in Chromium: the rich-text editor with German names on every toolbar
button and style, no missing-glyph box, room for a text and the browser's spell check on; the date fields' time-zone
note in German."""

import pytest
from django.urls import reverse

from projects.models import Region
from regionportal.backoffice.permissions import REGION_EDITORS
from tests.admin.conftest import make_staff

from .conftest import PASSWORD, sign_in

ENGLISH = {
    "heading 2",
    "paragraph",
    "Paragraph",
    "Heading 2",
    "Heading 3",
    "bold",
    "italic",
    "undo",
    "redo",
    "Insert table",
}


@pytest.fixture
def editor_page(demo_server, browser, roles):
    editor = make_staff("redaktion-unna", REGION_EDITORS, [Region.objects.get(slug="kreis-unna")])
    page = sign_in(browser, demo_server, editor)
    page.goto(demo_server.url + reverse("admin:projects_project_add"))
    page.wait_for_selector(".prose-menubar button[title]")
    yield page
    page.context.close()


def test_every_button_and_style_has_a_german_name(editor_page):
    names = editor_page.evaluate(
        """() => [
            ...[...document.querySelectorAll('.prose-menubar [title]')].map((b) => b.title),
            ...[...document.querySelectorAll('.prose-menubar [aria-label]')].map((b) => b.getAttribute('aria-label')),
            ...[...document.querySelectorAll('.prose-menubar__option > *')].map((o) => o.textContent),
        ]"""
    )
    assert {"Absatz", "Überschrift 2", "Fett", "Kursiv", "Tabelle einfügen", "Rückgängig"} <= set(names)
    assert not ENGLISH & set(names)


def test_the_style_button_keeps_its_german_name_while_the_cursor_moves(editor_page):
    editor_page.locator(".ProseMirror[contenteditable]").first.click()
    editor_page.keyboard.type("Ein Satz")
    editor_page.click(".prose-menubar__selected")
    editor_page.click(".prose-menubar__option[data-name=heading2]")
    editor_page.keyboard.type(" als Überschrift")
    title = editor_page.locator(".prose-menubar__selected button").first.get_attribute("title")
    assert title == "Überschrift 2"


def test_no_character_the_fonts_lack_and_room_to_write_with_spell_check(editor_page):
    marker = editor_page.evaluate(
        "() => getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content"
    )
    assert "⏷" not in marker
    area = editor_page.locator(".ProseMirror[contenteditable]").first
    assert area.get_attribute("spellcheck") != "false"
    assert area.bounding_box()["height"] >= 150


def test_the_time_zone_note_of_date_fields_is_german(demo_server, browser, roles):
    editor = make_staff("redaktion-unna", REGION_EDITORS, [Region.objects.get(slug="kreis-unna")])
    context = browser.new_context(locale="de-DE", timezone_id="America/New_York")  # a browser 6 hours behind
    page = context.new_page()
    page.goto(demo_server.url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(demo_server.url + reverse("admin:news_article_add"))
    notes = page.locator(".timezonewarning").all_inner_texts()
    context.close()
    assert notes and all(note.startswith("Hinweis: Bitte geben Sie Uhrzeiten in der Zeitzone") for note in notes)
    assert all("Stunden nach" in note for note in notes), notes
