"""Two editors save the same entry: the second one is told, and the first one's work stays."""

import json
import os
import secrets
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.admin.conftest import changeform_data, force_login_verified, publisher, unna  # noqa: F401 - fixtures
from tests.factories import make_project


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def errors_of(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.mark.django_db
def test_the_second_save_gets_a_conflict_and_overwrites_nothing(unna, publisher):  # noqa: F811
    project = unna.objects["projects.project"]
    first, second = signed_in(unna.editor), signed_in(publisher)
    url = change_url(project)
    form_first, form_second = first.get(url), second.get(url)  # both open the form

    saved = first.post(url, changeform_data(form_first, title="Titel der ersten Redakteurin"))
    refused = second.post(url, changeform_data(form_second, summary="Kurzfassung des zweiten"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "hat redaktion-kreis-unna diesen Eintrag gespeichert" in errors_of(refused)
    assert refused.context["adminform"].form["summary"].value() == "Kurzfassung des zweiten"  # input kept
    project.refresh_from_db()
    assert project.title == "Titel der ersten Redakteurin"
    assert project.summary != "Kurzfassung des zweiten"
    assert project.history.count() == 2  # created, and the first save only

    # after opening the entry again, the second editor saves on top of the first one's version
    again = second.get(url)
    assert second.post(url, changeform_data(again, summary="Kurzfassung des zweiten")).status_code == 302
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Titel der ersten Redakteurin", "Kurzfassung des zweiten")


@pytest.mark.django_db
def test_a_form_without_version_is_refused(unna):  # noqa: F811
    project = unna.objects["projects.project"]
    client = signed_in(unna.editor)
    url = change_url(project)
    data = changeform_data(client.get(url), title="Ohne Version")
    del data["version_token"]

    response = client.post(url, data)

    assert response.status_code == 200
    assert "diesen Eintrag gespeichert" in errors_of(response)
    project.refresh_from_db()
    assert project.title != "Ohne Version"


@pytest.mark.django_db
def test_saving_twice_in_a_row_by_one_editor_works(unna):  # noqa: F811
    article = unna.objects["news.article"]
    client = signed_in(unna.editor)
    url = change_url(article)
    assert client.post(url, changeform_data(client.get(url), title="Erste Fassung")).status_code == 302
    assert client.post(url, changeform_data(client.get(url), title="Zweite Fassung")).status_code == 302
    article.refresh_from_db()
    assert article.title == "Zweite Fassung"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_one_wins_on_postgresql(postgres_only):
    """Both requests in flight at once: the row lock makes the second wait and then see the first one's save."""
    project = make_project()
    url = change_url(project)
    clients = []
    for name in ("verwaltung-1", "verwaltung-2"):  # administrators: no region set-up needed
        client = Client()
        force_login_verified(client, User.objects.create_superuser(name, password="ein-langes-passwort"))
        clients.append(client)
    forms = [changeform_data(client.get(url), title=f"Fassung {number}") for number, client in enumerate(clients)]
    start = threading.Barrier(2)
    statuses = []

    def save(client, data):
        start.wait()
        statuses.append(client.post(url, data).status_code)
        connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in zip(clients, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200, 302]
    project.refresh_from_db()
    assert project.title in {"Fassung 0", "Fassung 1"}
    assert project.history.count() == 2


SQLITE_SETUP = """
import json
from regionportal.backoffice.permissions import REGION_EDITORS
from tests.admin.conftest import make_staff
from tests.factories import make_project, make_region
region = make_region()
project = make_project(region=region, title="Fassung 0")
for name in ("redaktion-1", "redaktion-2"):
    user = make_staff(name, REGION_EDITORS, [region])
    user.set_password(%(password)r)
    user.save()
print(json.dumps({"pk": project.pk}))
"""
SQLITE_STORED = """
import json
from projects.models import Project
project = Project.objects.get(pk=%(pk)d)
print(json.dumps({"title": project.title, "history": list(project.history.values_list("title", flat=True))}))
"""


@pytest.fixture
def sqlite_file_portal(tmp_path):
    """gunicorn with two worker processes on a SQLite file of its own, and two editors of one project."""
    from scripts.bench import Server, manage

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "regionportal.settings.test",
        "DJANGO_SQLITE_PATH": str(tmp_path / "portal.sqlite3"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    password = secrets.token_urlsafe(18)
    manage(env, "migrate", "--noinput", "-v0")
    facts = json.loads(manage(env, "shell", "-v0", "-c", SQLITE_SETUP % {"password": password}, capture=True))
    server = Server(env, workers=2)
    yield (
        server,
        facts["pk"],
        password,
        lambda: json.loads(manage(env, "shell", "-v0", "-c", SQLITE_STORED % facts, capture=True)),
    )
    server.stop()


def save_at_once(editors, titles):
    """Each editor opens the change form, then all send it back at the same moment: ``{title: (status, page)}``."""
    forms = [editor.form(editor.url, "project_form") for editor in editors]
    start = threading.Barrier(len(editors))
    answers = {}

    def save(editor, values, title):
        start.wait()
        answers[title] = editor.request(editor.url, values | {"title": title, "_save": "Sichern"})

    threads = [threading.Thread(target=save, args=job) for job in zip(editors, forms, titles, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_simultaneous_saves_on_a_sqlite_file_one_wins_the_other_is_told(sqlite_file_portal):
    """Two processes save at once, round after round: never "database is locked", never a lost or half save."""
    from scripts.load_test import Editor

    server, pk, password, stored = sqlite_file_portal
    editors = [Editor(server.base, pk, f"redaktion-{number}", password) for number in (1, 2)]
    for editor in editors:
        editor.sign_in()
    winners = []
    for round_ in range(1, 5):
        answers = save_at_once(editors, [f"Runde {round_}, {editor.username}" for editor in editors])

        assert sorted(status for status, _ in answers.values()) == [200, 302], answers.keys()
        winners += [title for title, (status, _) in answers.items() if status == 302]
        refused = next(page for status, page in answers.values() if status == 200)
        assert "Ihre Änderungen wurden deshalb nicht gespeichert" in refused

    facts = stored()
    assert facts["title"] == winners[-1]
    assert sorted(facts["history"]) == sorted(["Fassung 0", *winners])  # every confirmed save, nothing else
