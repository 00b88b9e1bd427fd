"""“Passwort vergessen?”: from the admin's login page to a new password, through the pages as rendered."""

import re

import pytest
from django.core import mail

from tests.pages import rendered_form

from .conftest import REGION_EDITORS, make_staff

pytestmark = pytest.mark.django_db
RESET = "/admin/passwort-vergessen/"


@pytest.fixture
def editor(unna):
    return make_staff("redaktion", REGION_EDITORS, [unna.region])


def ask_for_mail(client, address):
    page = client.get(RESET)
    assert page.status_code == 200
    return client.post(RESET, rendered_form(page, None) | {"email": address}, follow=True)


def test_login_page_offers_a_password_reset(client):
    page = client.get("/admin/login/").content.decode()
    assert f'href="{RESET}"' in page and "Passwort vergessen?" in page


def test_editor_sets_a_new_password_from_the_mail(client, editor):
    answer = ask_for_mail(client, "Redaktion@Example.org")
    assert answer.status_code == 200 and "E-Mail" in answer.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["redaktion@example.org"]
    link = re.search(r"https?://[^/\s]+(/admin/passwort-vergessen/neu/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)  # Django moves the token out of the address before showing the form
    action = form_page.request["PATH_INFO"]
    new = "Seseke-Radweg-2026!"
    data = rendered_form(form_page, None) | {"new_password1": new, "new_password2": new}
    done = client.post(action, data, follow=True)
    assert done.status_code == 200 and done.request["PATH_INFO"] == "/admin/passwort-vergessen/fertig/"
    editor.refresh_from_db()
    assert editor.check_password(new)


def test_unknown_address_gets_the_same_answer_and_no_mail(client, editor):
    known, unknown = ask_for_mail(client, editor.email), ask_for_mail(client, "niemand@example.org")
    assert unknown.status_code == known.status_code == 200
    assert unknown.request["PATH_INFO"] == known.request["PATH_INFO"]
    assert len(mail.outbox) == 1


def test_one_address_gets_at_most_three_mails_an_hour(client, editor):
    for _ in range(5):
        assert ask_for_mail(client, editor.email).status_code == 200
    assert len(mail.outbox) == 3


def test_mismatched_new_passwords_are_refused_in_german(client, editor):
    ask_for_mail(client, editor.email)
    link = re.search(r"(/admin/passwort-vergessen/neu/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    data = rendered_form(form_page, None) | {"new_password1": "Seseke-Radweg-2026!", "new_password2": "anders"}
    answer = client.post(form_page.request["PATH_INFO"], data)
    assert answer.status_code == 200 and "nicht identisch" in answer.content.decode()
    editor.refresh_from_db()
    assert editor.check_password("geheim-geheim")


def test_reset_pages_carry_the_back_offices_name(client):
    page = client.get(RESET).content.decode()
    assert "Regionportal – Redaktion" in page and "Django" not in page
