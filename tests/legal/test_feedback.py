"""The form "Barriere melden": posted as the rendered page sends it, stored, mailed to the office, confirmed;
bad input answers 400 with a German message and stores nothing; robots and floods are turned away."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from regionportal.legal.models import AccessibilityStatement, BarrierReport, ReportStatus
from tests.pages import rendered_form

pytestmark = pytest.mark.django_db

FORM_URL = reverse("portal:accessibility-feedback")


@pytest.fixture
def browser():
    """A client that checks CSRF tokens, as the live site does."""
    return Client(enforce_csrf_checks=True)


def filled_form(browser, page=FORM_URL, **values):
    response = browser.get(page)
    assert response.status_code == 200
    return {**rendered_form(response, FORM_URL), **values}


REPORT = {
    "page_url": "https://regionportal.example/projekte/",
    "description": "Der Filter „Status“ lässt sich mit der Tastatur nicht öffnen.",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
}


@pytest.mark.parametrize("page", [reverse("portal:accessibility"), FORM_URL])
def test_a_report_is_stored_mailed_and_confirmed(browser, legal_pages, later, page):
    data = filled_form(browser, page, **REPORT)
    assert set(data) == {"csrfmiddlewaretoken", "issued", "homepage", *REPORT}
    later(10)

    response = browser.post(FORM_URL, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:accessibility-feedback-thanks")
    report = BarrierReport.objects.get()
    assert (report.page_url, report.description, report.name, report.email) == tuple(REPORT.values())
    assert report.status == ReportStatus.NEW and report.notified_at is not None
    [message] = mail.outbox
    assert message.to == ["gert.kozik@kreis-unna.de"] == [AccessibilityStatement.objects.get().feedback_email]
    assert message.reply_to == ["erika@example.org"]
    assert f"Meldung einer Barriere (Nr. {report.pk})" in message.subject
    assert REPORT["description"] in message.body and REPORT["page_url"] in message.body
    assert f"/admin/regionportal/barrierreport/{report.pk}/change/" in message.body

    confirmation = browser.get(response["Location"])
    assert confirmation.status_code == 200
    assert "Ihre Meldung ist angekommen" in confirmation.content.decode()


def test_name_and_email_are_optional_and_the_mail_is_german_on_english_pages(browser, legal_pages, later):
    response = browser.get(f"/en{FORM_URL}")
    data = {**rendered_form(response, f"/en{FORM_URL}"), "description": "Kontrast zu schwach"}
    later(10)

    response = browser.post(f"/en{FORM_URL}", data)

    assert response.status_code == 302
    assert response["Location"] == "/en/barrierefreiheit/barriere-melden/danke/"
    assert BarrierReport.objects.get().email == ""
    [message] = mail.outbox
    assert message.reply_to == [] and "Beschreibung" in message.body


def test_a_failing_mail_server_keeps_the_report(browser, legal_pages, later, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    data = filled_form(browser, **REPORT)
    later(10)

    response = browser.post(FORM_URL, data)

    assert response.status_code == 302
    assert BarrierReport.objects.get().notified_at is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": ""}, "Bitte beschreiben Sie, was Ihnen aufgefallen ist."),
        ({"description": "x" * 5001}, "höchstens 5000 Zeichen"),
        ({"description": "Barriere\x00"}, "Nullzeichen sind nicht erlaubt."),
        ({"page_url": "/projekte/\x1b[31m"}, "Bitte verwenden Sie keine Steuerzeichen."),
        ({"name": "Erika\r\nBcc: alle@example.org"}, "Bitte verwenden Sie keine Steuerzeichen."),
        ({"description": "Text\x07"}, "Bitte verwenden Sie keine Steuerzeichen."),
        ({"email": "keine-adresse"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ({"name": "n" * 201}, "höchstens 200 Zeichen"),
        ({"homepage": "https://spam.example"}, "Ihre Meldung sieht automatisch erzeugt aus."),
        ({"issued": "gefälscht"}, "nicht vollständig angekommen"),
        ({"issued": ["a", "b"], "description": ["eins", "zwei"]}, "nicht vollständig angekommen"),
    ],
)
def test_bad_input_answers_400_with_a_message_and_stores_nothing(browser, legal_pages, later, changes, message):
    data = filled_form(browser, **REPORT) | changes
    later(10)

    response = browser.post(FORM_URL, data)

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "Ihre Meldung ist noch nicht angekommen." in content
    assert not BarrierReport.objects.exists() and not mail.outbox
    # the page offers the form again, with the visitor's input and a fresh timestamp
    again = rendered_form(response, FORM_URL)
    assert again["issued"] != data["issued"]
    if "description" in changes and isinstance(changes["description"], str) and "\x00" not in changes["description"]:
        assert again["description"] == changes["description"]


def test_a_huge_request_answers_400(browser, legal_pages, later):
    data = filled_form(browser, **REPORT) | {"description": "x" * (6 * 1024 * 1024)}
    later(10)
    assert browser.post(FORM_URL, data).status_code == 400
    assert not BarrierReport.objects.exists()


def test_a_form_sent_at_once_is_refused(browser, legal_pages):
    response = browser.post(FORM_URL, filled_form(browser, **REPORT))
    assert response.status_code == 400
    assert "Das ging sehr schnell." in response.content.decode()
    assert not BarrierReport.objects.exists()


def test_a_form_kept_open_too_long_is_refused(browser, legal_pages, later):
    data = filled_form(browser, **REPORT)
    later(2 * 24 * 60 * 60)
    response = browser.post(FORM_URL, data)
    assert response.status_code == 400
    assert "zu lange geöffnet" in response.content.decode()


def test_without_the_csrf_token_the_post_is_refused(browser, legal_pages, later):
    data = filled_form(browser, **REPORT)
    del data["csrfmiddlewaretoken"]
    later(10)
    response = browser.post(FORM_URL, data)
    assert response.status_code == 403
    assert "<h1>Formular nicht angenommen</h1>" in response.content.decode()
    assert not BarrierReport.objects.exists()


def test_a_flood_from_one_address_is_stopped(browser, legal_pages, later, settings):
    settings.PORTAL_BARRIER_REPORTS_PER_HOUR = 2
    for _ in range(2):
        data = filled_form(browser, **REPORT)
        later(10)
        assert browser.post(FORM_URL, data).status_code == 302

    data = filled_form(browser, **REPORT)
    later(20)
    response = browser.post(FORM_URL, data)

    assert response.status_code == 429
    assert "in der letzten Stunde schon 2 Meldungen" in response.content.decode()
    assert BarrierReport.objects.count() == 2
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.7")
    data = filled_form(other, **REPORT)
    later(30)
    assert other.post(FORM_URL, data).status_code == 302


def test_a_get_writes_nothing(client, legal_pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(3) as queries:
        assert client.get(reverse("portal:accessibility")).status_code == 200
    assert not [query for query in queries.captured_queries if not query["sql"].startswith("SELECT")]
