"""Search recall over the demo content, on whichever database the suite runs on (CI: SQLite, then PostgreSQL).

Every text a project page shows finds the project: title, summary, body, goals, milestones, themes, municipalities,
funding programmes, partners, the lead organisation and region. German plurals and parts of compound words find
the singular and the compound. A fixed list of queries gives exactly the hits recorded in ``demo_hits.json`` – on
both databases, so both give the same hits.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from projects.models import Project
from regionportal.search.index import WORD
from regionportal.search.query import SiteSearch

pytestmark = pytest.mark.django_db

HITS = Path(__file__).with_name("demo_hits.json")


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def project_texts(project):
    """(what, text) for every text of ``project`` its page shows."""
    yield from (("title", project.title), ("summary", project.summary), ("body", strip_tags(project.body)))
    for goal in project.goals.all():
        yield from (("goal", goal.title), ("goal description", goal.description))
    for milestone in project.milestones.all():
        yield from (("milestone", milestone.title), ("milestone description", milestone.description))
    yield from (("theme", theme.name) for theme in project.themes.all())
    yield from (("municipality", town.name) for town in project.municipalities.all())
    for line in project.funding_lines.select_related("programme"):
        yield from (("programme", line.programme.name), ("programme", line.programme.short_name))
    yield from (("partner", partner.name) for partner in project.partners.all())
    if project.lead_organisation:
        yield "lead organisation", project.lead_organisation.name
    yield "region", project.lead_region.name


def test_every_text_of_a_project_finds_it(demo):
    projects = Project.objects.published().select_related("lead_organisation", "lead_region")
    misses, checked = [], set()
    for project in projects:
        for what, text in project_texts(project):
            # the longest words of each text: the most distinctive, often compounds
            for word in sorted(set(WORD.findall(text)), key=len, reverse=True)[:3]:
                checked.add(what)
                found = SiteSearch(word, typos=False).filter(Project.objects.published())
                if not found.filter(pk=project.pk).exists():
                    misses.append((project.title, what, word))
    assert checked >= {"title", "summary", "body", "goal", "milestone", "theme", "municipality", "programme"}
    assert checked >= {"partner", "lead organisation", "region"}
    assert misses == []


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Nachbarschaftsforum", "Region der Mitte – Neues Leben"),  # a goal (lighthouse project)
        ("Nachbarschaftsforen", "Region der Mitte – Neues Leben"),  # its plural
        ("Forum Nachbarschaft", "Region der Mitte – Neues Leben"),  # parts of the compound
        ("Konzepte", "Regionales Entwicklungskonzept (REK) Kreis Unna"),  # plural of a part
    ],
)
def test_plurals_and_parts_of_compounds(demo, query, title):
    titles = [str(project) for project in SiteSearch(query, typos=False).filter(Project.objects.published())]
    assert any(title in found for found in titles), titles


def test_strukturwandel_finds_every_project_with_the_theme(demo):
    themed = set(
        Project.objects.published().filter(themes__name__contains="Strukturwandel").values_list("pk", flat=True)
    )
    assert len(themed) >= 3
    found = SiteSearch("Strukturwandel", typos=False).filter(Project.objects.published())
    assert themed <= set(found.values_list("pk", flat=True))


def search_page_hits(client, query):
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    groups = {group["key"]: group for group in response.context["counts"]}
    hits = {}
    for key, group in groups.items():
        paged = client.get(reverse("portal:search"), {"q": query, "type": key})
        items = [str(item) for item in paged.context["results"][0]["items"]] if group["count"] else []
        hits[key] = sorted(items)
    return hits


def test_the_same_hits_on_every_database(demo, client):
    """The expected hits were recorded once; CI checks them on SQLite and again on PostgreSQL."""
    expected = json.loads(HITS.read_text())
    actual = {query: search_page_hits(client, query) for query in expected}
    assert actual == expected
