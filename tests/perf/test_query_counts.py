"""Every public list and detail page runs a small, constant number of queries, whatever the amount of content.

For every page the same kind of content is built twice – once with 1 item of everything the page shows, once with
50 – and the page must run the same number of queries both times, at most ``MAX_QUERIES``. Every page is asked
for with empty caches, so the count is what the first visitor after a change pays.
"""

import itertools
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from decisions.models import Body, Decision
from news.models import ArticlePerson
from projects.models import (
    FundingLine,
    KeyFigure,
    Milestone,
    ProjectContact,
    ProjectDocument,
    ProjectGoal,
    ProjectImage,
    ProjectLink,
    RegionContact,
    RegionGoal,
    RegionTheme,
)
from tests.factories import (
    make_article,
    make_document,
    make_image,
    make_municipality,
    make_organisation,
    make_person,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
WORD = "Zukunftswerkstatt"


_ags = itertools.count(1)


def new_municipality():
    """A municipality with a key of its own (the shared factory's keys repeat after a thousand)."""
    return make_municipality(ags=f"05{next(_ags):06d}")


def build(n):
    """A world with ``n`` of everything each page lists; returns the URL of each kind of page in it."""
    organisation = make_organisation(name=f"{WORD} GmbH")
    region = make_region(members=[new_municipality() for _ in range(n)], organisation=organisation)
    municipality = region.municipalities.first()
    theme = make_theme(name=f"{WORD} Thema {n}")
    programme = make_programme(name=f"{WORD} Programm", funding_body=organisation)
    person = make_person(organisation=organisation, position=WORD)
    project = make_project(
        region=region,
        title=f"{WORD} Projekt",
        featured=True,
        lead_organisation=organisation,
        easy_language="<p>Leicht.</p>",
    )
    article = make_article(title=f"{WORD} Nachricht", image=make_image(), source_organisation=organisation)
    for i in range(n):
        other = make_project(region=region, title=f"{WORD} {i}", featured=True)
        other.themes.add(theme, make_theme())
        other.municipalities.add(municipality)
        other.partners.add(organisation)
        FundingLine.objects.create(project=other, programme=programme, amount=1000)
        ProjectContact.objects.create(project=other, person=person)
        ProjectImage.objects.create(project=other, image=make_image())
        make_person(organisation=organisation)
        make_programme()
        helper = make_organisation(parent=organisation)
        news = make_article(title=f"{WORD} Meldung {i}", image=make_image())
        news.regions.add(region)
        news.themes.add(theme)
        news.municipalities.add(municipality)
        news.related_projects.add(project)
        # everything the project page shows, n times
        project.themes.add(make_theme())
        project.municipalities.add(new_municipality())
        project.partners.add(helper)
        ProjectGoal.objects.create(project=project, title=f"Ziel {i}")
        Milestone.objects.create(project=project, date=date(2020, 1, 1), title=f"Schritt {i}")
        FundingLine.objects.create(project=project, programme=make_programme(), amount=1000)
        ProjectImage.objects.create(project=project, image=make_image())
        ProjectDocument.objects.create(project=project, document=make_document())
        ProjectLink.objects.create(project=project, title=f"Link {i}", url="https://example.org/")
        ProjectContact.objects.create(project=project, person=make_person(organisation=make_organisation()))
        body = Body.objects.create(name=f"Gremium {n}-{i}")
        Decision.objects.create(body=body, title=f"Beschluss {i}", reference=f"DS {i}").projects.add(project)
        # everything the region page shows, n times
        RegionContact.objects.create(region=region, person=make_person(organisation=make_organisation()))
        KeyFigure.objects.create(region=region, value=i, label="Zahl")
        RegionGoal.objects.create(region=region, title=f"Leitziel {i}")
        RegionTheme.objects.create(region=region, theme=make_theme())
        # everything the article page shows, n times
        article.regions.add(make_region())
        article.themes.add(make_theme())
        article.municipalities.add(new_municipality())
        article.attachments.add(make_document())
        article.related_projects.add(make_project(region=region))
        ArticlePerson.objects.create(
            article=article, person=make_person(organisation=make_organisation()), is_contact=i % 2 == 0
        )
    list_url = reverse("projects:list")
    return {
        "home": reverse("portal:home"),
        "region list": reverse("projects:region-list"),
        "region": region.get_absolute_url(),
        "municipality": municipality.get_absolute_url(),
        "project list": list_url,
        "project list, filtered": f"{list_url}?region={region.slug}&theme={theme.slug}&status=running",
        "project list, last page": f"{list_url}?page=last",
        "project list, by funding": f"{list_url}?sort=funding&page=last",
        "project": project.get_absolute_url(),
        "programme list": reverse("projects:programme-list"),
        "programme": programme.get_absolute_url(),
        "theme list": reverse("projects:theme-list"),
        "theme": theme.get_absolute_url(),
        "news list": reverse("news:list"),
        "news list, filtered": f"{reverse('news:list')}?region={region.slug}&theme={theme.slug}",
        "news archive": reverse("news:archive-year", kwargs={"year": timezone.localtime().year}),
        "article": article.get_absolute_url(),
        "contact list": reverse("contacts:list"),
        "person": person.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "search": f"{reverse('portal:search')}?q={WORD}",
        "credits": reverse("portal:credits"),
        "project in English": f"/en{project.get_absolute_url()}",
        "project in Leichte Sprache": project.get_easy_language_url(),
    }


def queries_for(client, url):
    for cache in caches.all():
        cache.clear()  # cold: no cached options, counts or next scheduled change
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def measure(client, n):
    with translation.override("de"):  # a request under /en/ leaves the thread in English
        urls = build(n)
    connection.features.supports_json_field  # noqa: B018 - SQLite checks this once per connection, not per page
    return {page: queries_for(client, url) for page, url in urls.items()}


def test_every_page_runs_a_small_constant_number_of_queries(client):
    one = measure(client, 1)
    fifty = measure(client, 50)
    assert {page: count for page, count in one.items() if count > MAX_QUERIES} == {}, one
    assert {page: (one[page], fifty[page]) for page in one if fifty[page] != one[page]} == {}, "(1 item, 50 items)"
