"""The demo content is browsable end to end: every internal link answers, and every seed fact is on some page."""

import html
import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import FundingLine, KeyFigure, Milestone, Project, ProjectGoal, Region, RegionGoal
from regionportal.media.models import Image
from regionportal.templatetags.portal import euro

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"]*)"')
NOT_PAGES = ("/admin/", "/static/", "/media/", "/api/")
NOT_HTML = (".atom", ".rss", ".ics", ".csv", ".json", ".jsonld", ".vcf", ".xml", ".txt", ".png", ".svg")


def crawl(client, start="/", limit=600):
    """Follow every internal link from the home page; returns {path: text} of the HTML pages."""
    seen, queue, pages, broken = {start}, [start], {}, []
    while queue and len(seen) <= limit:
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code != 200:
            broken.append((path, response.status_code))
            continue
        if path.split("?")[0].endswith(NOT_HTML) or "text/html" not in response["Content-Type"]:
            continue
        content = response.content.decode()
        pages[path] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\xa0", " ").split())
        for link in LINK.findall(content):
            link = urldefrag(html.unescape(link)).url
            if link not in seen and not link.startswith(NOT_PAGES) and not urlsplit(link).path.startswith("/en/"):
                seen.add(link)
                queue.append(link)
    return pages, broken


def seed_facts():
    """Every fact of the seed pages as the public pages should print it."""
    facts = {"Kurzlink /x/pk-0de173": "/x/pk-0de173"}
    for person in Person.objects.published():
        for value in (person.full_name, person.phone, person.fax, person.email, person.position):
            facts[f"{person}: {value}"] = value
    for organisation in Organisation.objects.published().exclude(phone="", fax="", email="", street=""):
        for value in (organisation.name, organisation.phone, organisation.fax, organisation.email, organisation.street):
            facts[f"{organisation}: {value}"] = value
    for region in Region.objects.published():
        for value in (region.name, region.ars, region.nuts3):
            facts[f"{region}: {value}"] = value
    for project in Project.objects.published():
        facts[f"Projekt {project}"] = project.title
    for model in (ProjectGoal, RegionGoal):
        for goal in model.objects.all():
            facts[f"Ziel {goal.title}"] = goal.title
    for milestone in Milestone.objects.all():
        facts[f"Meilenstein {milestone.title}"] = milestone.title
    for figure in KeyFigure.objects.all():
        facts[f"Kennzahl {figure.label}"] = figure.label
    for line in FundingLine.objects.exclude(amount=None):
        facts[f"Förderung {line}"] = euro(line.amount).replace("\xa0", " ")
    for article in Article.objects.published():
        for value in (article.title, article.source, date_format(article.date, "DATE_FORMAT")):
            facts[f"Nachricht {article}: {value}"] = value
    for image in Image.objects.usable():
        facts[f"Bildnachweis {image}"] = image.credit_line
    return {label: " ".join(value.split()) for label, value in facts.items() if value}


def test_every_link_answers_and_every_seed_fact_is_on_some_page(client):
    call_command("load_demo", verbosity=0)

    pages, broken = crawl(client)

    assert broken == []
    assert len(pages) > 60
    corpus = "\n".join(pages.values())
    missing = [label for label, value in seed_facts().items() if value not in corpus]
    assert missing == []
