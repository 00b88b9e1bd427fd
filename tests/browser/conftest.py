"""Headless Debian Chromium driven by Playwright against the live test server with the demo content."""

import os
import shutil
from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django_otp.oath import TOTP

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PASSWORD = "geheim-geheim"  # what tests.admin.conftest.make_staff gives everyone


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium fehlt: .ci/install-browser-tools installiert Debians chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_server(live_server, transactional_db):
    call_command("load_demo", verbosity=0)
    return live_server


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="de-DE")
    page = context.new_page()
    requests_elsewhere = []
    page.on(
        "request",
        lambda req: None if req.url.startswith(("http://localhost", "data:")) else requests_elsewhere.append(req.url),
    )
    page.requests_elsewhere = requests_elsewhere
    yield page
    context.close()


@pytest.fixture
def roles(transactional_db):
    """The role groups as their migration makes them (an earlier transactional test flushed them away)."""
    state = MigrationExecutor(connection).loader.project_state(("regionportal", "0003_roles"))
    import_module("regionportal.migrations.0003_roles").create_roles(state.apps, None)


def new_page(browser):
    return browser.new_context(viewport=VIEWPORTS["desktop"], locale="de-DE").new_page()


def sign_in(browser, server, user, device=None):
    """Through the admin's login form, as a person does; with ``device`` (a TOTPDevice) also through the one-time
    code that portal administrators must enter (regionportal.backoffice.two_factor)."""
    page = new_page(browser)
    page.goto(server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    if device is not None:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Einmalcode").fill(f"{totp.token():06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Bestätigen").click()
    assert page.url == server.url + reverse("admin:index")
    return page
