"""Query plans on PostgreSQL: the lists read the projects and articles tables through their indexes.

Generated content of moderate size (a few thousand rows, ``ANALYZE``d so the planner knows the numbers); the
benchmark (scripts/bench.py) prints the same plans at full size, 10 000 projects and 20 000 articles.
"""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from news.models import Article
from projects.filters import ProjectFilter
from projects.models import Project, Region, Theme

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
PER_PAGE = 20


@pytest.fixture
def bulk(postgres_only):
    call_command("loaddata", settings.BASE_DIR / "fixtures" / "01_reference.json", verbosity=0)  # states, themes
    call_command("generate_bulk_data", projects=3000, articles=3000, regions=60, municipalities=1500, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def plan_of(queryset):
    return json.loads(queryset.explain(format="json"))[0]["Plan"]


def scans(queryset, table):
    """(node type, index) of every node of the plan that reads ``table``."""
    return {
        (node["Node Type"], node.get("Index Name"))
        for node in nodes(plan_of(queryset))
        if node.get("Relation Name") == table
    }


def project_page(data, page=1):
    queryset = ProjectFilter(data, queryset=Project.objects.published().for_cards()).qs
    return queryset[(page - 1) * PER_PAGE : page * PER_PAGE]


def test_project_list_uses_indexes(bulk):
    region = Region.objects.filter(slug__startswith="bulk-").first()
    theme = Theme.objects.filter(slug__startswith="bulk-").first()
    pages = {
        "list": project_page({}),
        "deep page": project_page({}, page=Project.objects.published().count() // PER_PAGE // 2),
        "filtered": project_page({"region": region.slug, "theme": theme.slug}),
        "by title": project_page({"sort": "title"}, page=10),
    }
    for name, queryset in pages.items():
        read = scans(queryset, "projects_project")
        assert read, name
        assert all(node_type != "Seq Scan" for node_type, _index in read), (name, read)
    assert ("Index Scan", "project_newest") in scans(pages["deep page"], "projects_project")


def test_news_list_uses_its_index(bulk):
    # page 21: in a table this small, a deeper offset makes sorting everything the cheaper plan (at 20 000 rows,
    # the benchmark's size, the index serves offset 1000 as well)
    deep = Article.objects.published().order_by("-date", "-pk")[400:420]
    assert scans(deep, "news_article") == {("Index Scan", "article_newest")}
