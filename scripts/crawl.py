#!/usr/bin/env python
"""Crawl the portal as production serves it and report every broken reference (``make crawl``).

A SQLite database of its own gets the demo content (migrate, load_demo: renditions and share images are drawn
there, as in production when content is saved); static files are collected. gunicorn serves it with production
settings (DEBUG off, whitenoise's manifest) and two workers; four visitors at once follow every reference of every
page from ``/`` and ``/en/``: links, images and their ``srcset``, stylesheets, icons, ``og:image``/``og:url``,
feeds and downloads. ``/media/`` is what the web server in front serves from the media folder, so a file there
counts when it exists. A reference is broken when it does not answer 200 (after redirects within the portal).

    make crawl                  # prints the pages, references and every broken one; exit status 1 if any
"""

import argparse
import html
import os
import re
import secrets
import sys
import tempfile
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import Server, manage  # noqa: E402

PUBLIC_ADDRESS = "https://regionportal.example"  # PORTAL_BASE_URL: absolute addresses on pages use it
ATTRIBUTE = re.compile(r'\s(href|src|srcset|content)="([^"]*)"')
NOT_CRAWLED = ("/admin/", "/konto/")  # the back office: not public pages


def environment(work):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.pop("PORTAL_BASE_URL", None)
    return env | {
        "DJANGO_SETTINGS_MODULE": "regionportal.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SQLITE_PATH": str(work / "crawl.sqlite3"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_SHARED_CACHE_DIR": str(work / "cache"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORTAL_BASE_URL": PUBLIC_ADDRESS,
    }


def references(page, path):
    """The portal paths (with query) a page refers to; absolute addresses count when they are the portal's."""
    found = set()
    for attribute, value in ATTRIBUTE.findall(page):
        value = html.unescape(value)
        candidates = (
            [part.split()[0] for part in value.split(",") if part.strip()] if attribute == "srcset" else [value]
        )
        for candidate in candidates:
            if attribute == "content" and not candidate.startswith((PUBLIC_ADDRESS, "/")):
                continue  # a meta description, a date, a colour
            address = urlsplit(urljoin(PUBLIC_ADDRESS + path, urldefrag(candidate).url))
            if f"{address.scheme}://{address.netloc}" == PUBLIC_ADDRESS and not address.path.startswith(NOT_CRAWLED):
                found.add(address.path + (f"?{address.query}" if address.query else ""))
    return found


class Crawler:
    def __init__(self, base, media_root):
        self.base, self.media_root = base, Path(media_root)

    def fetch(self, path):
        """(status, content type, body if HTML) of ``path``; media from the folder the web server serves."""
        if path.startswith("/media/"):
            exists = (self.media_root / unquote(path.removeprefix("/media/").split("?")[0])).is_file()
            return (200 if exists else 404), "", ""
        request = urllib.request.Request(self.base + path, headers={"X-Forwarded-Proto": "https"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                kind = response.headers.get("Content-Type", "")
                body = response.read().decode() if kind.startswith("text/html") else ""
                return response.status, kind, body
        except urllib.error.HTTPError as error:
            return error.code, "", ""

    def crawl(self, starts=("/", "/en/"), visitors=4):
        """Every page reachable from ``starts``: ({path: status}, [(path, status, referred from)])."""
        seen, referrer, statuses, broken = set(starts), {}, {}, []
        frontier = list(starts)
        with ThreadPoolExecutor(visitors) as pool:
            while frontier:
                results = list(pool.map(self.fetch, frontier))
                next_frontier = []
                for path, (status, _kind, body) in zip(frontier, results, strict=True):
                    statuses[path] = status
                    if status != 200:
                        broken.append((path, status, referrer.get(path, "")))
                    for reference in sorted(references(body, path)) if body else ():
                        if reference not in seen:
                            seen.add(reference)
                            referrer[reference] = path
                            next_frontier.append(reference)
                frontier = next_frontier
        return statuses, broken


def serve_demo(work, workers=2):
    """gunicorn with production settings on the demo content in ``work``; returns (server, media root)."""
    env = environment(work)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return Server(env, workers), env["DJANGO_MEDIA_ROOT"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crawl-") as work:
        server, media_root = serve_demo(Path(work), args.workers)
        try:
            statuses, broken = Crawler(server.base, media_root).crawl()
        finally:
            server.stop()
    pages = sum(1 for path in statuses if not path.startswith(("/media/", "/static/")))
    print(f"{len(statuses)} references answered ({pages} portal addresses, the rest static and media files)")
    for path, status, source in broken:
        print(f"BROKEN {status} {path}  (on {source})")
    print(f"{len(broken)} broken")
    raise SystemExit(1 if broken else 0)


if __name__ == "__main__":
    main()
