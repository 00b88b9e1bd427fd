"""A visitor reports a barrier with JavaScript switched off: the form, the confirmation, the stored report."""

from django.core import mail

from regionportal.legal.models import BarrierReport

from .conftest import VIEWPORTS


def test_report_a_barrier_without_javascript(demo_server, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server.url + "/barrierefreiheit/")

    page.get_by_label("Adresse der Seite (wenn bekannt)").fill("/projekte/")
    page.get_by_label("Was ist Ihnen aufgefallen?").fill("Die Karte hat keine Textalternative.")
    page.wait_for_timeout(3500)  # a person takes a few seconds
    page.get_by_role("button", name="Meldung absenden").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Vielen Dank für Ihre Meldung"
    context.close()
    report = BarrierReport.objects.get()
    assert (report.page_url, report.description) == ("/projekte/", "Die Karte hat keine Textalternative.")
    assert len(mail.outbox) == 1
