"""The main journeys with the keyboard alone: find a project by filter, open it, follow its Kurzlink,
download a vCard. Every element that takes focus on the way shows a visible focus indicator."""

import pytest

from projects.models import Project

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
}"""


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching ``selector`` has the focus; fail if focus is ever invisible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # ran past the last focusable element
        assert page.evaluate(FOCUS_VISIBLE), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return
    pytest.fail(f"{selector} never received the keyboard focus")


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(demo_server, page):
    page.goto(demo_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_find_a_project_by_filter_open_it_follow_its_kurzlink_and_download_a_vcard(demo_server, page):
    project = Project.objects.published().get(short_code="0de173")
    region = project.lead_region

    page.goto(demo_server.url + "/projekte/")
    tab_to(page, "select[name=region]")
    for _ in range(50):  # choose the region with the arrow keys, as a keyboard user does
        if page.evaluate("document.activeElement.value") == region.slug:
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "form.filter-form [type=submit]")
    with page.expect_navigation(url=f"**/projekte/?*region={region.slug}*"):
        page.keyboard.press("Enter")

    tab_to(page, f'a[href="{project.get_absolute_url()}"]')
    with page.expect_navigation(url=f"**{project.get_absolute_url()}"):
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == project.title

    tab_to(page, 'a.shortlink[href$="/x/pk-0de173"]')
    with page.expect_navigation(url=f"**{project.get_absolute_url()}"):
        page.keyboard.press("Enter")

    person = project.contacts.published().first()
    tab_to(page, f'a[href="{person.get_absolute_url()}"]')
    with page.expect_navigation(url=f"**{person.get_absolute_url()}"):
        page.keyboard.press("Enter")
    tab_to(page, 'a[href$=".vcf"]')
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".vcf")
