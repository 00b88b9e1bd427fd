"""Benchmark the site search: 200 realistic German queries, p50/p95 in milliseconds.

Run against a database filled by ``load_demo`` and ``generate_bulk_data`` (default sizes), on PostgreSQL::

    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/regionportal_bench_search \\
        .venv/bin/python scripts/bench_search.py

Three figures per run:

* "projects": one ranked search over the projects (the best 20 with the count), as on ``/suche/?type=projects``;
* "search": one search page without the template, i.e. the best hits of every kind with their counts and
  snippets, as ``SearchView.results`` fetches them;
* "page": the whole page rendered in-process by the test client (view, template, middleware), without a network.

Each is followed by the time spent in the database (the sum of the SQL statements' durations); the rest is Python.
Run with ``PORTAL_PAGE_CACHE_SECONDS=0`` so that "page" is not answered from the page cache.
"""

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

QUERIES = [
    "Kohleausstieg",
    "Fröndenberg",
    "Froendenberg",
    "Smart Regoin",
    "Förderung Strukturwandel",
    "Projekte",
    "Kraftwerk",
    "Digitalisierung",
    "Glasfaser",
    "Bürgerbus",
    "Radschnellweg",
    "Klimaschutz",
    "Hochwasserschutz",
    "Dorfladen",
    "Fachkräfte",
    "Mobilität",
    "Mobilitaet",
    "Tourismus Sauerland",
    "Innenstadt",
    "Quartierszentrum",
    "Ladeinfrastruktur",
    "Hausarzt",
    "Coworking",
    "Nahwärme",
    "Wohnen im Alter",
    "Ehrenamt",
    "Landwirtschaft",
    "Kreis Unna",
    "Hochsauerlandkreis",
    "Schönau",
    "Schoenau",
    "Mühlhausen",
    "Zukunftswerkstatt",
    "Reallabor",
    "Modellvorhaben",
    "Gesundheit",
    "Energie",
    "Haldenpark",
    "Regionalmanagement",
    "Wirtschaftsförderung",
]


def setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionportal.settings.base")
    import django

    django.setup()


def search_page_data(query):
    """What SearchView asks the database for one page without a type or region filter, snippets included."""
    from regionportal.pages.views import SearchView

    return SearchView().results(query, active="", region=None)


def project_search(query):
    """The main query of ``/suche/?type=projects`` and of the project list's text box: best 20 projects, counted."""
    from projects.models import Project
    from regionportal.search.query import SiteSearch

    return list(SiteSearch(query).ranked(Project.objects.published().select_related("lead_region"))[:20])


def report(label, timings):
    cuts = statistics.quantiles(timings, n=100)
    print(f"{label:<8} n={len(timings)}  p50={cuts[49]:.1f} ms  p95={cuts[94]:.1f} ms  max={max(timings):.1f} ms")


def measure(label, run, queries):
    """Wall time per query, and the part of it spent in the database (the sum of its SQL statements)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, database = [], []
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run(query)
            timings.append((time.perf_counter() - start) * 1000)
        database.append(sum(float(statement["time"]) for statement in captured.captured_queries) * 1000)
    report(label, timings)
    report("  in db", database)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="number of measured queries (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="queries run first and not measured")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from news.models import Article
    from projects.models import Project

    print(f"{connection.vendor}, {Project.objects.count()} projects, {Article.objects.count()} articles")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    client = Client(HTTP_HOST="localhost")
    url = reverse("portal:search")
    page = lambda query: client.get(url, {"q": query})  # noqa: E731
    queries = list(itertools.islice(itertools.cycle(QUERIES), args.count))
    for query in QUERIES[: args.warmup]:
        search_page_data(query)
        page(query)
    measure("projects", project_search, queries)
    measure("search", search_page_data, queries)
    measure("page", page, queries)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
