"""axe-core finds no WCAG 2.1 A/AA violation on any kind of public page, on a desktop and on a phone."""

from axe_playwright_python.sync_playwright import Axe

from tests.pages import public_pages

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_every_public_page_passes_axe_and_requests_nothing_from_elsewhere(demo_server, page):
    axe = Axe()
    reports = []
    for path in public_pages():
        page.goto(demo_server.url + path)
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            reports.append(f"{path}\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)
    assert page.requests_elsewhere == []


def test_pages_fit_a_320_px_phone_without_horizontal_scrolling(demo_server, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    overflowing = []
    for path in public_pages():
        page.goto(demo_server.url + path)
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
            overflowing.append(path)
    page.close()
    assert overflowing == []
