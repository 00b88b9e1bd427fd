"""The workflow as labelled buttons on the change form (regionportal.backoffice.workflow), for each role, through the
rendered
page: the test reads the HTML form as a browser does, presses a button by its label (sending its name and value)
and checks the state, the message, the history entry and whether the public page is visible. Scheduling reads
German date input and refuses what is not one clear point ahead; the list says "geplant ab" until then."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from regionportal.backoffice.models import ChangeProposal
from regionportal.backoffice.ordering import MOVE_BUTTON
from regionportal.publishing.models import PublicationState
from tests.factories import make_project
from tests.pages import sent_values

from .conftest import force_login_verified, messages_of

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = PublicationState.DRAFT, PublicationState.REVIEW, PublicationState.PUBLISHED
UNPUBLISHED, ARCHIVED = PublicationState.UNPUBLISHED, PublicationState.ARCHIVED
BERLIN = ZoneInfo("Europe/Berlin")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=(obj.pk,))


def rendered(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).get_element_by_id(f"{obj._meta.model_name}_form")


def buttons(form):
    """The workflow buttons as a browser shows them: label → (name, value) it sends when pressed (not the arrows
    that move a row)."""
    return {
        button.text_content().strip(): (button.get("name"), button.get("value"))
        for button in form.xpath(f".//button[@type='submit'][@name][@name!='{MOVE_BUTTON}']")
    }


def press(client, obj, label, typed=None, **changes):
    """Open the change page, fill in ``changes`` and ``typed`` (fields by name), press the button ``label``."""
    form = rendered(client, obj)
    data = sent_values(form)
    name, value = buttons(form)[label]
    data[name] = [value]
    data.update({field: [text] for field, text in (typed or {}).items()})
    data.update({field: [text] for field, text in changes.items()})
    return client.post(change_url(obj), data, follow=True)


def is_visible(obj):
    return Client().get(obj.get_absolute_url()).status_code == 200


def history_name(obj):
    return obj.history.latest().history_change_reason


def log_message(obj):
    return LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time").get_change_message()


def form_errors(response):
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


@pytest.fixture
def draft(unna):
    return make_project(region=unna.region, title="Radweg Kamen", slug="radweg-kamen", state=DRAFT)


@pytest.fixture
def in_review(unna):
    return make_project(region=unna.region, title="Radweg Unna", slug="radweg-unna", state=REVIEW)


class TestEditor:
    def test_sees_only_what_the_role_may_do_and_no_status_field(self, client, unna, draft, in_review):
        client.force_login(unna.editor)

        assert list(buttons(rendered(client, draft))) == ["Zur Prüfung geben"]
        assert list(buttons(rendered(client, in_review))) == ["Zurückziehen"]
        assert list(buttons(rendered(client, unna.objects["projects.project"]))) == []  # published: publishers only
        fields = set(sent_values(rendered(client, draft)))
        assert not fields & {"state", "publish_at_0", "publish_at_1", "unpublish_at_0", "schedule_at"}

    def test_sends_to_review_and_saves_the_changes_with_it(self, client, unna, draft):
        client.force_login(unna.editor)

        response = press(client, draft, "Zur Prüfung geben", title="Radweg Kamen–Bergkamen")

        draft.refresh_from_db()
        assert (draft.state, draft.title) == (REVIEW, "Radweg Kamen–Bergkamen")
        assert response.redirect_chain[-1][0] == change_url(draft)
        assert messages_of(response) == [
            "„Radweg Kamen–Bergkamen“ ist zur Prüfung gegeben und noch nicht öffentlich. Die Regionsfreigabe prüft "
            "und veröffentlicht."
        ]
        assert history_name(draft) == "Zur Prüfung gegeben"
        assert draft.history.count() == 2  # created, then this one version with the title and the state
        assert log_message(draft) == "Zur Prüfung gegeben. Titel geändert."
        assert not is_visible(draft)

    def test_withdraws_from_review_back_to_draft(self, client, unna, in_review):
        client.force_login(unna.editor)

        response = press(client, in_review, "Zurückziehen")

        in_review.refresh_from_db()
        assert in_review.state == DRAFT
        assert messages_of(response) == ["„Radweg Unna“ ist aus der Prüfung zurückgezogen und wieder ein Entwurf."]
        assert history_name(in_review) == "Zurückgezogen"

    def test_a_hand_made_publish_is_refused_and_nothing_is_saved(self, client, unna, draft):
        client.force_login(unna.editor)
        data = sent_values(rendered(client, draft)) | {"_workflow": ["publish"], "title": ["Geändert"]}

        response = client.post(change_url(draft), data)

        assert response.status_code == 200
        assert form_errors(response) == [
            "„Freigeben“ ist nicht möglich: Dafür ist die Rolle „Regionsfreigabe“ nötig. Es wurde nichts gespeichert."
        ]
        draft.refresh_from_db()
        assert (draft.state, draft.title, draft.publish_at) == (DRAFT, "Radweg Kamen", None)
        assert draft.history.count() == 1

    def test_publishing_fields_are_shown_read_only_without_input_hints(self, client, unna):
        client.force_login(unna.editor)
        project = unna.objects["projects.project"]

        page = client.get(change_url(project)).content.decode()

        assert "Leer lassen, um sofort zu veröffentlichen" not in page
        assert "Optional: ab diesem Zeitpunkt" not in page
        assert "Status:" in page


class TestPublisher:
    def test_sees_every_step_the_state_allows(self, client, publisher, unna, draft, in_review):
        client.force_login(publisher)

        assert list(buttons(rendered(client, draft))) == ["Zur Prüfung geben", "Freigeben", "Planen …", "Archivieren"]
        assert list(buttons(rendered(client, in_review))) == ["Freigeben", "Planen …", "Zurückziehen", "Archivieren"]
        assert list(buttons(rendered(client, unna.objects["projects.project"]))) == ["Zurückziehen", "Archivieren"]

    def test_publishes_now(self, client, publisher, in_review):
        client.force_login(publisher)
        before = timezone.now()

        response = press(client, in_review, "Freigeben", summary="Fertig geplant.")

        in_review.refresh_from_db()
        assert (in_review.state, in_review.summary) == (PUBLISHED, "Fertig geplant.")
        assert before <= in_review.publish_at <= timezone.now()
        url = f"http://127.0.0.1:8000{in_review.get_absolute_url()}"
        assert messages_of(response) == [
            f'„Radweg Unna“ ist freigegeben und jetzt öffentlich unter <a href="{url}">{url}</a>.'
        ]
        assert history_name(in_review) == "Freigegeben"
        assert log_message(in_review) == "Freigegeben. Kurzbeschreibung geändert."
        assert is_visible(in_review)

    @pytest.mark.parametrize(
        ("typed", "local", "shown"),
        [
            ("24.06.2030 14:00", datetime(2030, 6, 24, 14, 0), "24.06.2030, 14:00 Uhr (MESZ)"),
            ("15.1.2031, 9.30 Uhr", datetime(2031, 1, 15, 9, 30), "15.01.2031, 09:30 Uhr (MEZ)"),
            ("27.10.2030 02:30 MESZ", datetime(2030, 10, 27, 2, 30), "27.10.2030, 02:30 Uhr (MESZ)"),
        ],
    )
    def test_schedules_with_a_german_date(self, client, publisher, in_review, typed, local, shown):
        client.force_login(publisher)

        response = press(client, in_review, "Planen …", {"schedule_at": typed})

        in_review.refresh_from_db()
        at = local.replace(tzinfo=BERLIN).astimezone(UTC)  # a repeated hour compares unequal across zones
        assert (in_review.state, in_review.publish_at) == (PUBLISHED, at)
        url = f"http://127.0.0.1:8000{in_review.get_absolute_url()}"
        assert messages_of(response) == [
            f'„Radweg Unna“ ist geplant und ab {shown} öffentlich unter <a href="{url}">{url}</a>.'
        ]
        assert history_name(in_review) == f"Geplant für {shown}"
        assert not is_visible(in_review)
        assert Project.objects.published(at=at + timedelta(minutes=1)).filter(pk=in_review.pk).exists()
        assert f"geplant ab {shown}" in response.content.decode()  # on the form it returned to
        assert list(buttons(rendered(client, in_review))) == ["Freigeben", "Planen …", "Zurückziehen", "Archivieren"]

    @pytest.mark.parametrize(
        ("typed", "error"),
        [
            ("31.02.2030 10:00", "Den 31.02.2030 gibt es nicht."),
            ("03/04/2030 10:00", "„03/04/2030 10:00“ ist mehrdeutig"),
            ("27.10.2030 02:30", "Am 27.10.2030 gibt es 02:30 zweimal, weil die Sommerzeit endet."),
            ("31.03.2030 02:30", "Am 31.03.2030 gibt es die Uhrzeit 02:30 nicht"),
            ("24.06.30 14:00", "Bitte geben Sie das Jahr vierstellig an"),
            ("24.06.2030", "Bitte geben Sie auch die Uhrzeit an"),
            ("", "Bitte geben Sie Datum und Uhrzeit ein"),
            ("01.06.2020 10:00", "Dieser Zeitpunkt ist schon vorbei."),
        ],
    )
    def test_a_time_that_is_not_one_clear_point_ahead_is_refused(self, client, publisher, in_review, typed, error):
        client.force_login(publisher)

        response = press(client, in_review, "Planen …", {"schedule_at": typed}, title="Nicht gespeichert")

        assert response.status_code == 200
        assert any(message.startswith(error) for message in form_errors(response)), form_errors(response)
        assert error.split("„")[0] in response.content.decode().replace("&quot;", '"')
        in_review.refresh_from_db()
        assert (in_review.state, in_review.title, in_review.publish_at) == (REVIEW, "Radweg Unna", None)

    def test_a_time_typed_without_pressing_planen_is_not_dropped(self, client, publisher, in_review):
        client.force_login(publisher)

        response = press(client, in_review, "Freigeben", {"schedule_at": "24.06.2030 14:00"})

        assert "aber nicht „Planen …“ gewählt" in " ".join(form_errors(response))
        in_review.refresh_from_db()
        assert in_review.state == REVIEW

    def test_schedule_must_end_before_it_starts_never(self, client, publisher, in_review):
        client.force_login(publisher)

        response = press(
            client,
            in_review,
            "Planen …",
            {"schedule_at": "24.06.2030 14:00", "unpublish_at_0": "01.06.2030", "unpublish_at_1": "12:00"},
        )

        assert any("„Sichtbar bis“" in message for message in form_errors(response))
        in_review.refresh_from_db()
        assert in_review.state == REVIEW

    @pytest.mark.parametrize(
        ("label", "state", "said", "history"),
        [
            ("Zurückziehen", UNPUBLISHED, "ist zurückgezogen und nicht mehr öffentlich.", "Zurückgezogen"),
            ("Archivieren", ARCHIVED, "ist archiviert und nicht öffentlich.", "Archiviert"),
        ],
    )
    def test_takes_a_published_item_off_the_site(self, client, publisher, unna, label, state, said, history):
        project = unna.objects["projects.project"]
        assert is_visible(project)
        client.force_login(publisher)

        response = press(client, project, label)

        project.refresh_from_db()
        assert project.state == state
        assert messages_of(response) == [f"„{project}“ {said}"]
        assert history_name(project) == history
        assert not is_visible(project)

    def test_a_step_on_a_page_someone_else_saved_meanwhile_is_refused(self, client, publisher, in_review):
        client.force_login(publisher)
        form = rendered(client, in_review)
        Project.objects.get(pk=in_review.pk).save()  # someone else saves in between
        data = sent_values(form) | {"_workflow": ["publish"]}

        response = client.post(change_url(in_review), data)

        assert "hat jemand anderes diesen Eintrag gespeichert" in " ".join(form_errors(response))
        in_review.refresh_from_db()
        assert in_review.state == REVIEW

    def test_the_list_says_scheduled_until_it_is_public(self, client, publisher, unna, in_review):
        client.force_login(publisher)
        press(client, in_review, "Planen …", {"schedule_at": "24.06.2030 14:00"})

        page = lxml.html.fromstring(client.get(reverse("admin:projects_project_changelist")).content.decode())

        row = next(row for row in page.xpath("//tr[td]") if "Radweg Unna" in row.text_content())
        assert "geplant ab 24.06.2030, 14:00 Uhr (MESZ)" in row.text_content()
        assert "Veröffentlicht" not in row.text_content()
        headers = page.xpath("//thead//th//text()")
        assert {"Status", "Veröffentlicht/geplant ab", "Zuletzt geändert"} <= {text.strip() for text in headers}


class TestPortalAdministration:
    def test_publishes_in_any_region(self, client, portal_admin, mitte):
        project = make_project(region=mitte.region, title="Gewerbegebiet", slug="gewerbegebiet", state=REVIEW)
        force_login_verified(client, portal_admin)

        response = press(client, project, "Freigeben")

        project.refresh_from_db()
        assert project.state == PUBLISHED
        assert messages_of(response)[0].startswith("„Gewerbegebiet“ ist freigegeben und jetzt öffentlich unter")
        assert is_visible(project)


class TestContributor:
    def test_has_no_workflow_and_a_hand_made_step_is_refused(self, client, contributor, joint_project):
        client.force_login(contributor)
        form = rendered(client, joint_project)
        assert buttons(form) == {}

        response = client.post(change_url(joint_project), sent_values(form) | {"_workflow": ["archive"]})

        assert response.status_code == 200
        assert any(message.startswith("„Archivieren“ ist nicht möglich") for message in form_errors(response))
        joint_project.refresh_from_db()
        assert joint_project.state == PUBLISHED
        assert not ChangeProposal.objects.exists()
