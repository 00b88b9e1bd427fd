"""The page cache for anonymous visitors: served without queries, revalidated with 304, never stale.

Each staleness test warms the cache with the page, changes content the way the back office does (or lets time
pass), and asks again: the page must show the change at once.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from projects.models import Membership, ProjectGoal, ProjectImage
from regionportal.backoffice import services
from regionportal.caching.cache import content_state
from regionportal.publishing.models import PublicationState
from tests.factories import (
    make_image,
    make_municipality,
    make_organisation,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(request, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = getattr(request, "param", 3600)


# Never stale, whether the whole page is kept or (page cache off) only its fragments: filter forms, cards, maps.
either_cache = pytest.mark.parametrize("page_cache", [3600, 0], ids=["page cache", "fragments"], indirect=True)


@pytest.fixture
def project():
    region = make_region(name="Kreis Unna", slug="kreis-unna", members=[make_municipality(name="Fröndenberg")])
    project = make_project(region=region, title="Radweg am Hellweg", lead_organisation=make_organisation(name="WFG"))
    project.municipalities.add(region.municipalities.get())
    return project


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def cached(client, url, django_assert_num_queries):
    """The page, asked for twice: the second answer comes from the cache (the page cache: without a query)."""
    first = page(client, url)
    if not settings.PORTAL_PAGE_CACHE_SECONDS:
        assert page(client, url) == first
        return first
    with django_assert_num_queries(0):
        assert page(client, url) == first
    return first


# --- Served from the cache, revalidated ---------------------------------------------------------------------


def test_second_visit_runs_no_query(client, project, django_assert_num_queries):
    for url in (project.get_absolute_url(), reverse("projects:list"), reverse("portal:home"), "/en/"):
        assert "Radweg am Hellweg" in cached(client, url, django_assert_num_queries)


def test_validators_and_vary(client, project):
    response = client.get(project.get_absolute_url())
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}
    assert response["Vary"] == "Cookie"  # the address carries the language, so not Accept-Language
    assert client.get(project.get_absolute_url())["ETag"] == response["ETag"]


def test_conditional_get_answers_not_modified(client, project):
    url = project.get_absolute_url()
    first = client.get(url)
    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    project.title = "Radweg an der Ruhr"
    project.save()
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "Radweg an der Ruhr" in changed.content.decode()


def test_head_from_the_cache(client, project):
    url = project.get_absolute_url()
    body = client.get(url).content
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(body)


def test_anonymous_visitors_get_no_cookie(client, project):
    urls = [
        reverse("portal:home"),
        reverse("projects:list"),
        f"{reverse('projects:list')}?region=kreis-unna&sort=title",
        project.get_absolute_url(),
        project.lead_region.get_absolute_url(),
        reverse("news:list"),
        reverse("contacts:list"),
        f"{reverse('portal:search')}?q=Radweg",
        f"/en{project.get_absolute_url()}",
    ]
    for url in urls * 2:  # rendered, then from the cache
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert not response.has_header("Set-Cookie"), url


def test_staff_always_get_a_fresh_page(client, project):
    url = project.get_absolute_url()
    page(client, url)
    type(project).objects.filter(pk=project.pk).update(title="Radweg, neu")  # no signal, no new version
    staff = get_user_model().objects.create_user("redaktion", password="x" * 16, is_staff=True)
    client.force_login(staff)
    assert "Radweg, neu" in page(client, url)


@pytest.mark.parametrize("value", ["x" * 32, "made-up-session-key-0123456789"])
def test_a_made_up_session_cookie_gets_the_cached_page(client, project, value, django_assert_max_num_queries):
    url = project.get_absolute_url()
    page(client, url)
    type(project).objects.filter(pk=project.pk).update(title="Radweg, neu")  # no signal, no new version
    client.cookies[settings.SESSION_COOKIE_NAME] = value
    with django_assert_max_num_queries(2):  # the session lookup (and the content version), nothing else
        assert "Radweg, neu" not in page(client, url)


def test_a_former_staff_member_gets_the_cached_page(client, project):
    url = project.get_absolute_url()
    page(client, url)
    type(project).objects.filter(pk=project.pk).update(title="Radweg, neu")
    staff = get_user_model().objects.create_user("redaktion", password="x" * 16, is_staff=True)
    client.force_login(staff)
    get_user_model().objects.filter(pk=staff.pk).update(is_staff=False)
    assert "Radweg, neu" not in page(client, url)


def test_responses_that_set_a_cookie_or_are_private_are_not_kept(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/healthz").status_code == 200  # never_cache: private, not stored
    assert client.get("/healthz")["Cache-Control"].startswith("max-age=0")


# --- Never stale ---------------------------------------------------------------------------------------------


@either_cache
def test_edit_shows_at_once_on_every_page(client, project, django_assert_num_queries):
    urls = [project.get_absolute_url(), reverse("projects:list"), project.lead_region.get_absolute_url(), "/"]
    for url in urls:
        cached(client, url, django_assert_num_queries)
    project.title = "Radweg an der Ruhr"
    project.save()
    for url in urls:
        assert "Radweg an der Ruhr" in page(client, url), url


@either_cache
def test_publication_and_withdrawal_through_the_workflow(client, project, django_assert_num_queries):
    draft = make_project(region=project.lead_region, title="Bürgerbus", state=PublicationState.DRAFT)
    staff = get_user_model().objects.create_superuser("admin", password="x" * 16)
    url = reverse("projects:list")
    assert "Bürgerbus" not in cached(client, url, django_assert_num_queries)
    services.publish(obj=draft, user=staff)
    assert "Bürgerbus" in page(client, url)
    assert "Bürgerbus" in page(client, draft.get_absolute_url())
    services.unpublish(obj=draft, user=staff)
    assert "Bürgerbus" not in page(client, url)
    assert client.get(draft.get_absolute_url()).status_code == 404


@either_cache
@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda project: ProjectGoal.objects.create(project=project, title="Lückenschluss"), "Lückenschluss"),
        (lambda project: project.themes.add(make_theme(name="Mobilität")), "Mobilität"),
        (lambda project: project.themes.create(name="Verkehrswende", slug="verkehrswende"), "Verkehrswende"),
    ],
    ids=["inline row", "many-to-many link", "related row"],
)
def test_inlines_and_relations(client, project, django_assert_num_queries, change, shown):
    url = project.get_absolute_url()
    assert shown not in cached(client, url, django_assert_num_queries)
    change(project)
    assert shown in page(client, url)


@either_cache
def test_organisation_municipality_theme_and_image_edits(client, project, django_assert_num_queries):
    image = make_image(alt_text="Radweg im Herbst")
    ProjectImage.objects.create(project=project, image=image)
    theme = make_theme(name="Mobilität")
    project.themes.add(theme)
    url = project.get_absolute_url()
    edits = [
        (project.lead_organisation, "name", "Wirtschaftsförderung Unna"),
        (project.municipalities.get(), "name", "Fröndenberg/Ruhr"),
        (theme, "name", "Verkehrswende"),
        (image, "alt_text", "Radweg im Frühling"),
    ]
    for obj, field, value in edits:
        assert value not in cached(client, url, django_assert_num_queries)
        setattr(obj, field, value)
        obj.save()
        assert value in page(client, url), value


@either_cache
def test_deletion(client, project, django_assert_num_queries):
    url = reverse("projects:list")
    assert "Radweg am Hellweg" in cached(client, url, django_assert_num_queries)
    project.project_images.all().delete()
    project.delete()
    assert "Radweg am Hellweg" not in page(client, url)


@either_cache
def test_flat_page_edit(client, django_assert_num_queries):
    flat = FlatPage.objects.create(url="/impressum/", title="Impressum", content="<p>Kreis Unna</p>")
    flat.sites.add(Site.objects.get_current())
    url = reverse("portal:imprint")
    assert "Kreis Unna" in cached(client, url, django_assert_num_queries)
    flat.content = "<p>Kreisverwaltung Unna, Friedrich-Ebert-Straße 17</p>"
    flat.save()
    assert "Friedrich-Ebert-Straße 17" in page(client, url)


@either_cache
def test_change_inside_a_transaction_is_seen_after_the_commit(client, project, django_assert_num_queries):
    url = project.get_absolute_url()
    cached(client, url, django_assert_num_queries)
    with transaction.atomic():
        project.title = "Radweg an der Ruhr"
        project.save()
    assert "Radweg an der Ruhr" in page(client, url)


@either_cache
def test_scheduled_publication_and_withdrawal(client, project, django_assert_num_queries):
    now = timezone.make_aware(timezone.datetime(2030, 5, 10, 10, 0))  # by day: midnight is not the next change
    with time_machine.travel(now, tick=False):
        soon = make_project(region=project.lead_region, title="Bürgerbus", publish_at=now + timedelta(hours=2))
        project.unpublish_at = now + timedelta(hours=3)
        project.save()
    url = reverse("projects:list")
    with time_machine.travel(now, tick=False):
        listing = cached(client, url, django_assert_num_queries)
        assert "Bürgerbus" not in listing and "Radweg am Hellweg" in listing
        assert content_state().next_change == soon.publish_at  # no entry may live longer than this
    with time_machine.travel(now + timedelta(hours=2, seconds=1), tick=False):
        listing = cached(client, url, django_assert_num_queries)
        assert "Bürgerbus" in listing and "Radweg am Hellweg" in listing
        assert "Bürgerbus" in page(client, soon.get_absolute_url())
    with time_machine.travel(now + timedelta(hours=3, seconds=1), tick=False):
        assert "Radweg am Hellweg" not in page(client, url)
        assert client.get(project.get_absolute_url()).status_code == 404


@either_cache
def test_midnight_ends_image_rights_and_memberships(client, project, django_assert_num_queries):
    before_midnight = timezone.make_aware(timezone.datetime(2030, 5, 10, 23, 59))
    with time_machine.travel(before_midnight, tick=False):
        image = make_image(alt_text="Radweg im Herbst", rights_expire_on=date(2030, 5, 10))
        ProjectImage.objects.create(project=project, image=image)
        Membership.objects.filter(region=project.lead_region).update(valid_to=date(2030, 5, 10))
        project.save()  # the update() above sends no signal; this save stands for the editor's save
        assert "Radweg im Herbst" in cached(client, project.get_absolute_url(), django_assert_num_queries)
        assert "Fröndenberg" in cached(client, project.lead_region.get_absolute_url(), django_assert_num_queries)
    with time_machine.travel(before_midnight + timedelta(seconds=61), tick=False):
        assert "Radweg im Herbst" not in page(client, project.get_absolute_url())
        assert 'href="/kommunen/' not in page(client, project.lead_region.get_absolute_url())
