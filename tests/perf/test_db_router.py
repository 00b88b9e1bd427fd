"""The read replica router: anonymous reads go to the replica, staff and writes read their own writes."""

import pytest
from django.contrib.auth import get_user_model
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory

from projects.models import Project
from regionportal.caching.cache import bump_content_version
from regionportal.db_router import ReadReplicaMiddleware

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

REPLICA = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}


def alias_for_read(request):
    """Where the router sends a read made while ``request`` is handled."""
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(Project)
        seen["write"] = router.db_for_write(Project)
        return HttpResponse()

    ReadReplicaMiddleware(view)(request)
    return seen


@pytest.fixture
def replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": REPLICA}
    settings.PORTAL_REPLICA_LAG_SECONDS = 5


@pytest.fixture
def settled(replica, time_machine):
    """Content changed a minute ago: the replica has caught up."""
    time_machine.move_to("2030-05-10 12:00:00+02:00", tick=False)
    bump_content_version()
    time_machine.move_to("2030-05-10 12:01:00+02:00", tick=False)


def test_anonymous_reads_go_to_the_replica(settled):
    assert alias_for_read(RequestFactory().get("/projekte/")) == {"alias": "replica", "write": "default"}


@pytest.mark.django_db
def test_staff_read_their_own_writes(settled, settings, client):
    client.force_login(get_user_model().objects.create_user("redaktion", password="x" * 16, is_staff=True))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    request = RequestFactory().get("/projekte/", headers={"cookie": cookie})
    assert alias_for_read(request)["alias"] == "default"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "x" * 32, "made-up-session-key-0123456789"])
def test_a_made_up_session_cookie_reads_from_the_replica(settled, settings, value):
    request = RequestFactory().get("/projekte/", headers={"cookie": f"{settings.SESSION_COOKIE_NAME}={value}"})
    assert alias_for_read(request)["alias"] == "replica"


def test_writing_requests_read_from_the_primary(settled):
    assert alias_for_read(RequestFactory().post("/admin/projects/project/1/change/"))["alias"] == "default"


def test_right_after_a_change_everyone_reads_from_the_primary(replica, time_machine):
    time_machine.move_to("2030-05-10 12:00:00+02:00", tick=False)
    bump_content_version()
    time_machine.move_to("2030-05-10 12:00:02+02:00", tick=False)
    assert alias_for_read(RequestFactory().get("/projekte/"))["alias"] == "default"  # a page cached now stays true
    time_machine.move_to("2030-05-10 12:00:06+02:00", tick=False)
    assert alias_for_read(RequestFactory().get("/projekte/"))["alias"] == "replica"


def test_outside_a_request_and_without_a_replica_everything_uses_the_primary(settled, settings):
    assert router.db_for_read(Project) == "default"  # management commands, background work
    settings.DATABASES = {alias: config for alias, config in settings.DATABASES.items() if alias != "replica"}
    assert alias_for_read(RequestFactory().get("/projekte/"))["alias"] == "default"


def test_migrations_only_on_the_primary(replica):
    assert router.allow_migrate("default", "projects")
    assert not router.allow_migrate("replica", "projects")
