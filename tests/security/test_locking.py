"""Two editors save the same entry: the second one is told, and the first one's work stays."""

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
