#!/usr/bin/env python
"""The screenshots of the editors' guide (docs/redaktion.md), taken in Chromium along the editor's journey.

A SQLite database of its own gets the demo content and two people of Kreis Unna (an editor and a publisher); the
development server serves it; Chromium (Debian's, driven by Playwright) signs in as each, creates a project with a
funding line typed in German, sends it to review, schedules it and opens its list and history. Each step is saved
as ``docs/img/redaktion-NN-<step>.png`` at 1280 px.

    .venv/bin/python scripts/guide_screenshots.py            # rewrites docs/img/redaktion-*.png
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import free_port, manage  # noqa: E402

OUT = ROOT / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = secrets.token_urlsafe(12)
PEOPLE = f"""
from django.contrib.auth.models import Group
from projects.models import Region
from regionportal.backoffice.models import EditorAssignment
from regionportal.backoffice.permissions import REGION_EDITORS, REGION_PUBLISHERS
from django.contrib.auth import get_user_model
User = get_user_model()
unna = Region.objects.get(slug="kreis-unna")
for login, first, last, group in [
    ("redaktion-unna", "Jana", "Schulte", REGION_EDITORS),
    ("freigabe-unna", "Murat", "Yilmaz", REGION_PUBLISHERS),
]:
    user = User.objects.create_user(login, login + "@example.org", "{PASSWORD}", is_staff=True,
                                    first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=group))
    EditorAssignment.objects.create(user=user, region=unna)
"""
TITLE = "Radschnellweg zwischen Kamen und Unna"


def environment(work):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    return env | {
        "DJANGO_DEBUG": "1",
        "DJANGO_SQLITE_PATH": str(work / "guide.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_SHARED_CACHE_DIR": str(work / "cache"),
    }


class DevelopmentServer:
    def __init__(self, env):
        self.base = f"http://127.0.0.1:{free_port()}"
        command = [sys.executable, "manage.py", "runserver", "--noreload", self.base.removeprefix("http://")]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the development server did not answer")

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Journey:
    def __init__(self, browser, base):
        self.browser, self.base, self.number = browser, base, 0

    def sign_in(self, login):
        page = self.browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE").new_page()
        page.goto(self.base + "/admin/login/")
        page.fill("#id_username", login)
        page.fill("#id_password", PASSWORD)
        return page

    def shot(self, page, name, element=None, full_page=False):
        self.number += 1
        path = OUT / f"redaktion-{self.number:02d}-{name}.png"
        target = page.locator(element).first if element else page
        if element:
            target.scroll_into_view_if_needed()
            target.screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=full_page)
        print(path.relative_to(ROOT))

    @staticmethod
    def submit(page, selector):
        with page.expect_navigation():
            page.click(selector)

    def choose(self, page, select_id, term, option):
        page.click(f"#{select_id} + .select2")
        page.fill(".select2-container--open .select2-search__field", term)
        page.click(f".select2-results__option:has-text('{option}')")

    def run(self):
        editor = self.sign_in("redaktion-unna")
        self.shot(editor, "anmelden")
        self.submit(editor, "input[type=submit]")
        self.shot(editor, "uebersicht")

        editor.goto(self.base + "/admin/projects/project/add/")
        editor.fill("#id_title", TITLE)
        editor.press("#id_title", "Tab")
        editor.fill("#id_summary", "Ein Radschnellweg verbindet Kamen und Unna.")
        self.choose(editor, "id_lead_region", "Unna", "Kreis Unna")
        self.shot(editor, "projekt-anlegen")
        group = editor.locator("#funding_lines-group")
        if group.locator("details:not([open]) > summary").count():  # a collapsed group of rows opens first
            group.locator("details > summary").first.click()
        group.locator(".add-row a").click()
        self.choose(editor, "id_funding_lines-0-programme", "Aktive", "Aktive Regionalentwicklung")
        editor.fill("#id_funding_lines-0-amount", "1.250.000,50")
        self.shot(editor, "foerderung", "#funding_lines-group")
        self.submit(editor, "input[name=_continue]")
        self.shot(editor, "gespeichert")

        with editor.expect_navigation():
            editor.get_by_role("button", name="Zur Prüfung geben", exact=True).click()
        self.shot(editor, "zur-pruefung")

        publisher = self.sign_in("freigabe-unna")
        self.submit(publisher, "input[type=submit]")
        publisher.goto(editor.url)
        at = datetime.now() + timedelta(days=1)
        publisher.fill("#id_schedule_at", at.strftime("%d.%m.%Y 09:00"))
        self.shot(publisher, "freigabe")
        with publisher.expect_navigation():
            publisher.get_by_role("button", name="Planen …", exact=True).click()
        self.shot(publisher, "geplant")
        publisher.goto(self.base + "/admin/projects/project/")
        self.shot(publisher, "liste")
        publisher.goto(editor.url.split("/change/")[0] + "/history/")
        self.shot(publisher, "verlauf")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guide-") as work:
        env = environment(Path(work))
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
        manage(env, "shell", "-v0", "-c", PEOPLE)
        server = DevelopmentServer(env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                Journey(browser, server.base).run()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
