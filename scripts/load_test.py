#!/usr/bin/env python
"""Load and fault test: gunicorn with production settings on 127.0.0.1, wrk with 64 connections (docs/operations.md).

    .venv/bin/python scripts/load_test.py                       # SQLite, 60 s load, then 60 s with a fault
    .venv/bin/python scripts/load_test.py --db postgres         # PostgreSQL database regionportal_load
    .venv/bin/python scripts/load_test.py --duration 10 --no-fault

Needs wrk (``apt-get install -y wrk``). A fresh database of its own (migrate, load_demo), static files collected
into .cache/load/static; then gunicorn serves the portal with DEBUG off and a generated secret key; every request
carries ``X-Forwarded-Proto: https`` as from the TLS proxy (the redirect to HTTPS is off only for the start-up
probe). wrk rotates over the home, project
list, project detail, search and news pages and prints throughput, p99 latency, socket errors and non-2xx/3xx
answers. The load run must end with 0 errors and 0 non-2xx/3xx answers (exit status 1 otherwise).

The fault run repeats the load while an editor saves a project through the admin once every 0.2 s (as a browser
would: sign in, open the change form, send it back) and one gunicorn worker is killed with SIGKILL a third into
the run. Afterwards every save the server confirmed (302) must be in the database — the title it set in the
project's version history, the last one as the current title —, gunicorn must have started a new worker, and
the pages must answer again. Requests the killed worker was serving fail; they are counted, not hidden.
"""

import argparse
import http.cookiejar
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Server, ensure_postgres_database, log, manage  # noqa: E402 - gunicorn and manage.py helpers

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".cache" / "load"
PG_URL = "postgres://postgres@127.0.0.1:5432/regionportal_load"
EDITOR, PASSWORD = "lasttest-redaktion", secrets.token_urlsafe(18)

# Round-robin over the pages; the summary in one line this script reads.
WRK_SCRIPT = """
paths = {%s}
counter = 0
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["Host"] = "127.0.0.1"
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("LOAD %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(99), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
"""

SETUP_SCRIPT = """
import json
from django.contrib.auth.models import Group, User
from news.models import Article
from projects.models import Project
from regionportal.models import EditorAssignment
from regionportal.backoffice.permissions import REGION_EDITORS
project = Project.objects.published().get(short_code="0de173")
user, _ = User.objects.get_or_create(username=%(editor)r, defaults={"is_staff": True})
user.set_password(%(password)r)
user.save()
user.groups.add(Group.objects.get(name=REGION_EDITORS))
EditorAssignment.objects.get_or_create(user=user, region=project.lead_region)
print(json.dumps({"project_pk": project.pk, "project": project.get_absolute_url(),
                  "article": Article.objects.published().order_by("pk").first().get_absolute_url()}))
"""

CHECK_SCRIPT = """
import json
from projects.models import Project
project = Project.objects.get(pk=%(pk)d)
print(json.dumps({"title": project.title, "history": list(project.history.values_list("title", flat=True))}))
"""


def environment(args):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="regionportal.settings.base",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",  # every request arrives as HTTPS (X-Forwarded-Proto) but /healthz's probe
        DJANGO_CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DJANGO_MEDIA_ROOT=str(WORK / "media"),
        DJANGO_SHARED_CACHE_DIR=str(WORK / "shared-cache"),
        DJANGO_LOG_LEVEL="ERROR",
    )
    if args.db == "postgres":
        env["DATABASE_URL"] = args.pg_url
    else:
        env["DJANGO_SQLITE_PATH"] = str(WORK / "load.sqlite3")
    return env


def prepare(args, env):
    """A fresh database with the demo content and an editor, the static files; the addresses to ask for."""
    WORK.mkdir(parents=True, exist_ok=True)
    if args.db == "postgres":
        ensure_postgres_database(args.pg_url)
        manage(env, "flush", "--noinput", "-v0")
    else:
        Path(env["DJANGO_SQLITE_PATH"]).unlink(missing_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    facts = json.loads(
        manage(env, "shell", "-v0", "-c", SETUP_SCRIPT % {"editor": EDITOR, "password": PASSWORD}, capture=True)
    )
    facts["pages"] = ["/", "/projekte/", facts["project"], "/suche/?q=Region", "/aktuelles/", facts["article"]]
    return facts


def run_wrk(server, args, pages):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(WRK_SCRIPT % ", ".join(json.dumps(page) for page in pages))
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", f"{args.timeout}s"]
    output = subprocess.run([*command, "-s", lua.name, server.base], check=True, capture_output=True, text=True).stdout
    os.unlink(lua.name)
    line = next(line for line in output.splitlines() if line.startswith("LOAD "))
    requests, duration, p99, connect, read, write, timeout, status = map(int, line.split()[1:])
    return {
        "requests": requests,
        "rps": requests / (duration / 1e6),
        "p99_ms": p99 / 1000,
        "socket_errors": connect + read + write + timeout,
        "non_2xx_3xx": status,
    }


class Editor:
    """Saves a project through the admin as a browser does; remembers every save the server confirmed."""

    def __init__(self, base, project_pk, username=EDITOR, password=PASSWORD):
        self.base = base
        self.url = f"/admin/projects/project/{project_pk}/change/"
        self.username, self.password = username, password
        cookies = http.cookiejar.CookieJar(policy=BehindTheProxy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), NoRedirect)
        self.confirmed, self.failed = [], 0

    def request(self, path, data=None):
        """(status, page) of a GET, or of a POST of ``data``; a redirect is not followed."""
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Referer": "https://127.0.0.1" + path}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 302 arrives here (NoRedirect)
            return error.code, ""

    def form(self, path, form_id):
        status, page = self.request(path)
        if status != 200:
            raise OSError(f"GET {path}: {status}")
        form = lxml.html.fromstring(page).get_element_by_id(form_id)
        return dict(form.form_values())

    def sign_in(self):
        values = self.form("/admin/login/", "login-form")
        values.update(username=self.username, password=self.password, next="/admin/")
        status, _ = self.request("/admin/login/", values)
        if status != 302:
            raise SystemExit(f"the editor could not sign in ({status})")

    def save(self, number):
        try:
            values = self.form(self.url, "project_form")
            title = f"Lasttest-Fassung {number}"
            values.update(title=title, _save="Sichern")
            status, _ = self.request(self.url, values)
        except OSError:
            status = None
        if status == 302:
            self.confirmed.append(title)
        else:
            self.failed += 1

    def keep_saving(self, stop, interval=0.2):
        number = 0
        while not stop.is_set():
            number += 1
            self.save(number)
            stop.wait(interval)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """The Secure cookies go back on plain HTTP to 127.0.0.1: the TLS proxy would send them."""

    def return_ok_secure(self, cookie, request):
        return True


def answers(base, path):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def load_run(args, env, facts):
    server = Server(env, args.workers)
    try:
        result = run_wrk(server, args, facts["pages"])
    finally:
        server.stop()
    result["ok"] = result["socket_errors"] == 0 and result["non_2xx_3xx"] == 0
    return result


def fault_run(args, env, facts):
    server = Server(env, args.workers)
    try:
        editor = Editor(server.base, facts["project_pk"])
        editor.sign_in()
        stop = threading.Event()
        saving = threading.Thread(target=editor.keep_saving, args=(stop,))
        workers_before = sorted(server.workers())
        killer = threading.Timer(args.duration / 3, lambda: os.kill(workers_before[0], signal.SIGKILL))
        saving.start()
        killer.start()
        result = run_wrk(server, args, facts["pages"])
        stop.set()
        saving.join()
        time.sleep(2)
        workers_after = sorted(server.workers())
        answering = all(answers(server.base, page) == 200 for page in facts["pages"])
        stored = json.loads(manage(env, "shell", "-v0", "-c", CHECK_SCRIPT % {"pk": facts["project_pk"]}, capture=True))
    finally:
        server.stop()
    lost = [title for title in editor.confirmed if title not in stored["history"]]
    result.update(
        saves_confirmed=len(editor.confirmed),
        saves_failed=editor.failed,
        saves_lost=len(lost),
        last_save_is_current=bool(editor.confirmed) and stored["title"] == editor.confirmed[-1],
        killed_worker=workers_before[0],
        worker_respawned=workers_before[0] not in workers_after and len(workers_after) == len(workers_before),
        answering_after=answering,
    )
    result["ok"] = (
        result["saves_confirmed"] > 0
        and not lost
        and result["last_save_is_current"]
        and result["worker_respawned"]
        and answering
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--duration", type=int, default=60, help="seconds per run (60)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout in seconds")
    parser.add_argument("--no-fault", action="store_true", help="only the load run")
    args = parser.parse_args()

    env = environment(args)
    log(f"Preparing the {args.db} database …")
    facts = prepare(args, env)
    log(f"Load: {args.connections} connections, {args.duration} s, {args.workers} workers, pages {facts['pages']}")
    results = {"load": load_run(args, env, facts)}
    log(json.dumps(results["load"]))
    if not args.no_fault:
        log("Fault: the same load, an editor saving every 0.2 s, one worker killed (SIGKILL) a third in …")
        results["fault"] = fault_run(args, env, facts)
        log(json.dumps(results["fault"]))
    print(json.dumps({"db": args.db, "duration": args.duration, **results}, indent=2))
    sys.exit(0 if all(result["ok"] for result in results.values()) else 1)


if __name__ == "__main__":
    main()
