"""Only the portal administration edits the legal pages and reads the reported barriers; region editors get 403."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS, REGION_PUBLISHERS
from regionportal.legal.models import AccessibilityStatement, BarrierReport, NonAccessibleContent
from tests.admin.conftest import changeform_data, force_login_verified, make_staff
from tests.factories import make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(legal_pages):
    return BarrierReport.objects.create(page_url="/projekte/", description="Kontrast zu schwach", email="a@example.org")


def legal_admin_urls(report):
    statement = AccessibilityStatement.objects.get()
    imprint = FlatPage.objects.get(url="/impressum/")
    return [
        reverse("admin:regionportal_accessibilitystatement_changelist"),
        reverse("admin:regionportal_accessibilitystatement_change", args=[statement.pk]),
        reverse("admin:regionportal_barrierreport_changelist"),
        reverse("admin:regionportal_barrierreport_change", args=[report.pk]),
        reverse("admin:flatpages_flatpage_change", args=[imprint.pk]),
    ]


@pytest.mark.parametrize("role", [REGION_EDITORS, REGION_PUBLISHERS])
def test_region_editors_get_403(client, report, role):
    client.force_login(make_staff("redaktion", role, [make_region()]))
    for url in legal_admin_urls(report):
        assert client.get(url).status_code == 403, url
    assert client.post(legal_admin_urls(report)[1], {"operator": "Jemand"}).status_code == 403
    assert AccessibilityStatement.objects.get().operator == "Kreis Unna (Demo-Betrieb)"


def test_the_portal_administration_edits_the_statement_and_reads_reports(client, report):
    force_login_verified(client, make_staff("portal-admin", PORTAL_ADMINISTRATION))
    for url in legal_admin_urls(report):
        assert client.get(url).status_code == 200, url

    url = legal_admin_urls(report)[1]
    response = client.post(url, changeform_data(client.get(url), operator="Kreis Unna", reviewed_on="2027-01-15"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = AccessibilityStatement.objects.get()
    assert (statement.operator, str(statement.reviewed_on)) == ("Kreis Unna", "2027-01-15")
    assert client.get(reverse("portal:accessibility")).content.decode().count("Zuletzt überprüft wurde sie am") == 1


def test_reports_keep_what_was_sent_and_the_office_sets_the_status(client, report):
    force_login_verified(client, make_staff("portal-admin", PORTAL_ADMINISTRATION))
    url = reverse("admin:regionportal_barrierreport_change", args=[report.pk])
    data = changeform_data(client.get(url), status="answered", note="Kontrast erhöht")
    data["description"] = "überschrieben"  # read-only: ignored

    assert client.post(url, data).status_code == 302

    report.refresh_from_db()
    assert (report.status, report.note, report.description) == ("answered", "Kontrast erhöht", "Kontrast zu schwach")
    assert client.get(reverse("admin:regionportal_barrierreport_add")).status_code == 403


def test_a_second_statement_for_the_site_cannot_be_added(client, legal_pages):
    force_login_verified(client, make_staff("portal-admin", PORTAL_ADMINISTRATION))
    assert client.get(reverse("admin:regionportal_accessibilitystatement_add")).status_code == 403


@pytest.fixture
def statement_form(client, legal_pages):
    """The statement's change page as the portal administration gets it, and its address."""
    force_login_verified(client, make_staff("portal-admin", PORTAL_ADMINISTRATION))
    url = reverse("admin:regionportal_accessibilitystatement_change", args=[AccessibilityStatement.objects.get().pk])
    return client.get(url), url


def parts_data(data, **changes):
    """``data`` with a change to every non-accessible part of the rendered inline, e.g. ``DELETE="on"``."""
    prefix = "non_accessible_parts"
    for number in range(int(data[f"{prefix}-TOTAL_FORMS"][0])):
        data |= {f"{prefix}-{number}-{name}": [value] for name, value in changes.items()}
    return data


def test_a_part_is_added_with_its_reason_and_shown_in_its_group(client, statement_form):
    page, url = statement_form
    data = changeform_data(page)
    prefix = "non_accessible_parts"
    number = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data |= {
        f"{prefix}-TOTAL_FORMS": [str(number + 1)],
        f"{prefix}-{number}-content": ["Videos vor dem 23.09.2020"],
        f"{prefix}-{number}-reason": ["out-of-scope"],
        f"{prefix}-{number}-explanation": ["Aufgezeichnete zeitbasierte Medien aus der Zeit davor."],
        f"{prefix}-{number}-alternative": [""],
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    content = client.get(reverse("portal:accessibility")).content.decode()
    group = content[content.index("<h3>Nicht im Anwendungsbereich der Vorschriften</h3>") :]
    assert "Videos vor dem 23.09.2020" in group.split("</ul>")[0]


def test_a_statement_that_is_not_fully_compliant_must_name_what_is_not(client, statement_form):
    page, url = statement_form

    response = client.post(url, parts_data(changeform_data(page), DELETE="on"))

    assert response.status_code == 200
    assert "nennen Sie die nicht barrierefreien Inhalte" in response.content.decode()
    assert NonAccessibleContent.objects.count() == 3


def test_a_fully_compliant_statement_lists_no_part_failing_the_requirements(client, statement_form):
    page, url = statement_form

    response = client.post(url, changeform_data(page, conformance="full"))

    assert response.status_code == 200
    assert "Ein vollständig vereinbares Portal hat keine Inhalte" in response.content.decode()
    assert AccessibilityStatement.objects.get().conformance == "partial"

    data = parts_data(changeform_data(page, conformance="full"), reason="out-of-scope")
    assert client.post(url, data).status_code == 302
    assert AccessibilityStatement.objects.get().conformance == "full"
    assert set(NonAccessibleContent.objects.values_list("reason", flat=True)) == {"out-of-scope"}
