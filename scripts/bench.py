#!/usr/bin/env python
"""Benchmark of the portal under gunicorn with production settings, driven by wrk (``make bench``).

    make bench                                  # SQLite: .cache/bench/bench.sqlite3
    make bench ARGS="--db postgres"             # PostgreSQL database regionportal_bench on 127.0.0.1
    make bench ARGS="--db postgres --two-instances"   # two app servers, one PostgreSQL, one Redis: stateless?
    make bench ARGS="--db postgres --only search"     # /healthz and the pages named, page cache off, not written

A database of its own is filled once (migrate, load_demo, generate_bulk_data: 10 000 projects, 20 000 articles,
then ANALYZE); static files are collected into .cache/bench/static. Then gunicorn serves the portal on
127.0.0.1 (DEBUG off, a generated secret key, no HTTPS redirect) and wrk asks each page for a fixed time, first
with the page cache off, then on. Every page's throughput is divided by /healthz's in the same run: the ratio is
what to compare, the absolute numbers depend on the machine. Last, the workers' memory after 10 000 and 20 000
requests. The table is printed and written to bench-results/<time>-<db>.md.
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".cache" / "bench"
RESULTS = ROOT / "bench-results"
PG_URL = "postgres://postgres@127.0.0.1:5432/regionportal_bench"
REDIS_URL = "redis://127.0.0.1:6379/9"  # a database of its own: the two-instance check empties it

# Percentiles from wrk's own histogram, in a line this script reads.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""
# Round-robin over many paths for the memory run.
WRK_ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""

URLS_SCRIPT = """
import json
from django.contrib.staticfiles.storage import staticfiles_storage
from news.models import Article
from projects.models import Project, Region, Theme
region = Region.objects.published().filter(slug__startswith="bulk-").order_by("pk").first()
theme = Theme.objects.filter(projects__lead_region=region).order_by("pk").first()
projects = Project.objects.published().filter(slug__startswith="bulk-").order_by("pk")
article = Article.objects.published().filter(slug__startswith="bulk-").order_by("pk").first()
print(json.dumps({
    "css": staticfiles_storage.url("css/portal.css"),
    "region": region.slug, "theme": theme.slug,
    "project": projects.first().get_absolute_url(),
    "projects": [p.get_absolute_url() for p in projects[:200]],
    "article": article.get_absolute_url(),
}))
"""


def log(message):
    print(message, flush=True)


def environment(args, page_cache, shared_dir):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=args.secret_key,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DJANGO_MEDIA_ROOT=str(WORK / "media"),
        DJANGO_SHARED_CACHE_DIR=str(shared_dir),
        PORTAL_PAGE_CACHE_SECONDS=str(3600 if page_cache else 0),
        DJANGO_LOG_LEVEL="ERROR",
    )
    if args.db == "postgres":
        env["DATABASE_URL"] = args.pg_url
    else:
        env["DJANGO_SQLITE_PATH"] = str(WORK / "bench.sqlite3")
    if args.redis:
        env["REDIS_URL"] = args.redis_url
    return env


def manage(env, *arguments, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout


def ensure_postgres_database(url):
    import psycopg2

    name = url.rsplit("/", 1)[1]
    connection = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"Creating PostgreSQL database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare(args, env):
    WORK.mkdir(parents=True, exist_ok=True)
    if args.db == "postgres":
        ensure_postgres_database(args.pg_url)
    manage(env, "migrate", "--noinput", "-v0")
    has_bulk = "from projects.models import Region; print(Region.objects.filter(slug__startswith='bulk-').exists())"
    if manage(env, "shell", "-v0", "-c", has_bulk, capture=True).strip() != "True":
        log("Filling the benchmark database (load_demo, generate_bulk_data: a few minutes) …")
        manage(env, "load_demo", "--if-empty", "-v0")
        manage(env, "generate_bulk_data")
        # What autovacuum does soon after: without it the rows the bulk load rewrote (search documents) stay dead.
        tidy = "VACUUM ANALYZE" if args.db == "postgres" else "ANALYZE"
        manage(env, "shell", "-v0", "-c", f"from django.db import connection; connection.cursor().execute({tidy!r})")
    manage(env, "collectstatic", "--noinput", "-v0")
    return json.loads(manage(env, "shell", "-v0", "-c", URLS_SCRIPT, capture=True))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1:<free port>, stopped by its own process id."""

    def __init__(self, env, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "regionportal.wsgi", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        for _ in range(300):
            try:
                if urllib.request.urlopen(f"{self.base}/healthz", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer on /healthz")

    def get(self, path):
        # One public host name for every instance, as behind the reverse proxy (the cache key contains it).
        request = urllib.request.Request(self.base + path, headers={"Host": "127.0.0.1"})
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")

    def drain(self):
        """Wait until requests wrk gave up on (timeouts) are done, so they do not slow the next page down."""
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            started = time.monotonic()
            self.get("/healthz")
            if time.monotonic() - started < 0.5:
                return

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def rss_mb(self):
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def wrk(url, args, script=WRK_SCRIPT, duration=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script if script is WRK_SCRIPT else script + WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{duration or args.duration}s", "-s", lua.name]
    command += ["-H", "Accept-Encoding: br, gzip", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    os.unlink(lua.name)
    requests, size, p50, p95, p99, errors = map(int, re.search(r"^BENCH (.*)$", output, re.M).group(1).split())
    seconds = float(re.search(r"requests in ([\d.]+)(m?s)", output).group(1))
    return {
        "requests": requests,
        "rps": requests / seconds,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "bytes": size / max(requests, 1),
        "errors": errors,
    }


def pages(urls):
    filtered = f"region={urls['region']}&theme={urls['theme']}"
    return [
        ("/healthz", "/healthz"),
        ("static CSS", urls["css"]),
        ("home", "/"),
        ("project list", "/projekte/"),
        ("list: region + theme", f"/projekte/?{filtered}"),
        ("list: page 200", "/projekte/?page=200"),
        ("project page", urls["project"]),
        ("news list", "/aktuelles/"),
        ("article", urls["article"]),
        ("search", "/suche/?q=Radweg"),
        ("CSV export (filtered)", f"/projekte/export.csv?{filtered}"),
    ]


def measure(args, urls, page_cache):
    server = Server(environment(args, page_cache, WORK / f"shared-{secrets.token_hex(4)}"), args.workers)
    rows = []
    try:
        for name, path in pages(urls):
            if args.only and name != "/healthz" and name not in args.only:
                continue
            status, _headers, _body = server.get(path)  # also fills the page cache
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            rows.append((name, path, wrk(server.base + path, args)))
            server.drain()
            log(f"  {'cache on ' if page_cache else 'cache off'} {name:24} {rows[-1][2]['rps']:8.0f} req/s")
    finally:
        server.stop()
    return rows


def memory(args, urls):
    """Worker memory after 10 000 and 20 000 requests over the benchmark pages and 200 project pages."""
    server = Server(environment(args, True, WORK / f"shared-{secrets.token_hex(4)}"), args.workers)
    paths = [path for _name, path in pages(urls)] + urls["projects"]
    script = WRK_ROTATE % ", ".join(json.dumps(path) for path in paths)
    done, readings = 0, {}
    try:
        for target in (10_000, 20_000):
            while done < target:
                done += wrk(server.base + "/", args, script=script, duration=5)["requests"]
            readings[target] = (done, server.rss_mb())
    finally:
        server.stop()
    return readings


def table(args, off, on, readings):
    healthz = {"off": off[0][2]["rps"], "on": on[0][2]["rps"]}
    lines = [
        f"# Benchmark {datetime.now():%Y-%m-%d %H:%M} – {args.db}, gunicorn {args.workers} workers, "
        f"wrk {args.connections} connections × {args.duration} s per page",
        "",
        "| page | cache | req/s | p50 ms | p95 ms | p99 ms | bytes/resp | × /healthz | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, rows in (("off", off), ("on", on)):
        for name, _path, result in rows:
            lines.append(
                f"| {name} | {label} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p95']:.1f} | "
                f"{result['p99']:.1f} | {result['bytes']:.0f} | {result['rps'] / healthz[label]:.2f} | "
                f"{result['errors']} |"
            )
    lines += ["", "Worker memory (VmRSS, page cache on, rotating over the pages above and 200 project pages):", ""]
    for done, sizes in readings.values():
        lines.append(f"- after {done} requests: " + ", ".join(f"{size:.1f} MB" for size in sizes))
    lines += ["", "URLs: " + ", ".join(f"{name} `{path}`" for name, path, _result in off)]
    return "\n".join(lines) + "\n"


def two_instances(args, urls):
    """Two gunicorns, one PostgreSQL, one Redis: a page cached by one is served by the other, and an edit is
    seen through both at once."""
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    env = environment(args, True, WORK / "unused")
    first, second = Server(env, 1), Server(env, 1)
    path = urls["project"]
    try:
        _status, one, page = first.get(path)
        _status, two, _page = second.get(path)
        log(f"Instance A on :{first.port}, instance B on :{second.port}, both with REDIS_URL={args.redis_url}")
        shared = one["ETag"] == two["ETag"] and one["Last-Modified"] == two["Last-Modified"]
        log(f"  {path}: ETag A {one['ETag']}, ETag B {two['ETag']} – B served the page A cached: {shared}")
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)
        new_title = f"{title} (geändert {datetime.now():%H:%M:%S})"
        edit = (
            "from projects.models import Project; from django.urls import resolve; "
            f"p = Project.objects.get(slug=resolve({path!r}).kwargs['slug']); p.title = {new_title!r}; p.save()"
        )
        manage(env, "shell", "-v0", "-c", edit)
        log(f"  edited the title through manage.py shell (same database and Redis): {new_title!r}")
        seen = {name: new_title in server.get(path)[2] for name, server in (("A", first), ("B", second))}
        log(f"  new title seen at once through A: {seen['A']}, through B: {seen['B']}")
        restore = edit.replace(repr(new_title), repr(title))
        manage(env, "shell", "-v0", "-c", restore)
        return all(seen.values())
    finally:
        first.stop()
        second.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--redis", action="store_true", help="the cache in Redis instead of each worker's memory")
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page (default 8)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (default: cores)")
    parser.add_argument("--two-instances", action="store_true", help="only the statelessness check (PostgreSQL)")
    parser.add_argument("--only", type=lambda names: names.split(","), help="these pages (comma-separated names)")
    args = parser.parse_args()
    args.secret_key = secrets.token_urlsafe(50)
    if subprocess.run(["bash", str(ROOT / ".ci" / "install-bench-tools")]).returncode:
        raise SystemExit("wrk is missing (see above).")
    if args.two_instances:
        if args.db != "postgres":
            raise SystemExit("--two-instances needs --db postgres (two servers cannot share one SQLite file safely).")
        args.redis = True
    urls = prepare(args, environment(args, False, WORK / "setup"))
    if args.two_instances:
        raise SystemExit(0 if two_instances(args, urls) else 1)
    log(f"Benchmark against {args.db}: page cache off, then on")
    off = measure(args, urls, page_cache=False)
    if args.only:  # a quick look while working: page cache off, nothing written
        healthz = off[0][2]["rps"]
        for name, _path, result in off:
            ratio = result["rps"] / healthz
            print(f"{name:24} {result['rps']:8.0f} req/s  p95 {result['p95']:6.1f} ms  {ratio:.3f} × /healthz")
        return
    on = measure(args, urls, page_cache=True)
    log("Worker memory over 20 000 requests …")
    readings = memory(args, urls)
    report = table(args, off, on, readings)
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{datetime.now():%Y%m%d-%H%M%S}-{args.db}.md"
    target.write_text(report)
    print("\n" + report + f"\nWritten to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
