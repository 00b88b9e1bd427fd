"""Editorial workflow: who may send to review, publish, unpublish, archive and schedule — in forms, bulk
actions and the services behind them; contributors' proposals; history; view on site."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from regionportal.backoffice import services
from regionportal.backoffice.models import ChangeProposal, ProposalStatus
from regionportal.publishing.models import PublicationState
from tests.factories import make_project

from .conftest import changeform_data, messages_of

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = PublicationState.DRAFT, PublicationState.REVIEW, PublicationState.PUBLISHED
UNPUBLISHED, ARCHIVED = PublicationState.UNPUBLISHED, PublicationState.ARCHIVED


@pytest.fixture
def draft(unna):
    return make_project(region=unna.region, title="Entwurf Unna", state=DRAFT)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=(obj.pk,))


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, action, *objects):
    return client.post(
        changelist_url(type(objects[0])),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


class TestServices:
    @pytest.mark.parametrize(
        ("service", "start", "end"),
        [
            (services.send_to_review, DRAFT, REVIEW),
            (services.publish, REVIEW, PUBLISHED),
            (services.unpublish, PUBLISHED, UNPUBLISHED),
            (services.archive, PUBLISHED, ARCHIVED),
        ],
    )
    def test_publisher_may_do_every_transition(self, unna, publisher, service, start, end):
        project = make_project(region=unna.region, state=start)

        service(obj=project, user=publisher)

        project.refresh_from_db()
        assert project.state == end
        assert project.history.latest().history_user == publisher

    def test_editor_may_only_send_to_review(self, unna, draft):
        services.send_to_review(obj=draft, user=unna.editor)

        for service in (services.publish, services.unpublish, services.archive):
            with pytest.raises(PermissionDenied):
                service(obj=draft, user=unna.editor)
        draft.refresh_from_db()
        assert draft.state == REVIEW

    def test_nobody_acts_on_another_regions_content(self, unna, mitte, publisher):
        foreign = mitte.objects["projects.project"]

        with pytest.raises(PermissionDenied):
            services.archive(obj=foreign, user=publisher)
        with pytest.raises(PermissionDenied):
            services.send_to_review(obj=foreign, user=unna.editor)

    def test_invalid_transition_is_refused(self, publisher, draft):
        with pytest.raises(ValidationError):
            services.unpublish(obj=draft, user=publisher)

    def test_editor_cannot_save_a_publication_or_a_schedule(self, unna, draft):
        draft.state = PUBLISHED
        with pytest.raises(PermissionDenied):
            services.save_edit(obj=draft, user=unna.editor)

        draft.state, draft.publish_at = DRAFT, timezone.now()
        with pytest.raises(PermissionDenied):
            services.save_edit(obj=draft, user=unna.editor)


class TestForms:
    """State and publication time change through the workflow buttons (tests/admin/test_workflow_buttons.py)."""

    def test_no_role_gets_a_status_or_publication_time_field(self, client, unna, publisher, draft):
        client.force_login(unna.editor)
        editor_fields = client.get(change_url(draft)).context["adminform"].form.fields
        client.force_login(publisher)
        publisher_fields = client.get(change_url(draft)).context["adminform"].form.fields

        assert not {"state", "publish_at", "unpublish_at"} & set(editor_fields)
        assert not {"state", "publish_at"} & set(publisher_fields)
        assert "unpublish_at" in publisher_fields  # "sichtbar bis" has no button

    def test_a_posted_state_or_time_changes_nothing(self, client, unna, publisher, draft):
        for user in (unna.editor, publisher):
            client.force_login(user)
            url = change_url(draft)

            response = client.post(
                url, changeform_data(client.get(url), state=PUBLISHED, publish_at_0="01.01.2030", publish_at_1="10:00")
            )

            assert response.status_code == 302
            draft.refresh_from_db()
            assert (draft.state, draft.publish_at) == (DRAFT, None)


class TestBulkActions:
    def test_editor_sends_to_review(self, client, unna, draft):
        client.force_login(unna.editor)

        response = run_action(client, "send_to_review_selected", draft)

        draft.refresh_from_db()
        assert draft.state == REVIEW
        assert any("Zur Prüfung gegeben: Entwurf Unna" in message for message in messages_of(response))

    def test_editor_is_not_offered_publishing_and_a_forged_request_changes_nothing(self, client, unna, draft):
        client.force_login(unna.editor)

        actions = client.get(changelist_url(Project)).context["action_form"].fields["action"].choices
        response = run_action(client, "publish_selected", draft)

        assert "publish_selected" not in dict(actions)
        assert {"send_to_review_selected", "delete_selected"} <= set(dict(actions))
        draft.refresh_from_db()
        assert draft.state == DRAFT
        assert messages_of(response)  # Django's "no action selected" warning

    def test_publisher_publishes_and_gets_errors_for_invalid_transitions(self, client, unna, publisher, draft):
        published = unna.objects["projects.project"]
        client.force_login(publisher)

        response = run_action(client, "publish_selected", draft, published)

        draft.refresh_from_db()
        assert draft.state == PUBLISHED
        messages = messages_of(response)
        assert any(message.startswith("Freigegeben: Entwurf Unna") for message in messages)
        assert any(message.startswith(f"„{published}“: Aus dem Status") for message in messages)

    @pytest.mark.parametrize(("action", "state"), [("unpublish_selected", UNPUBLISHED), ("archive_selected", ARCHIVED)])
    def test_publisher_unpublishes_and_archives(self, client, unna, publisher, action, state):
        project = unna.objects["projects.project"]
        client.force_login(publisher)

        run_action(client, action, project)

        project.refresh_from_db()
        assert project.state == state

    def test_publisher_cannot_touch_other_regions(self, client, unna, mitte, publisher):
        foreign = mitte.objects["projects.project"]
        client.force_login(publisher)

        run_action(client, "archive_selected", foreign)

        foreign.refresh_from_db()
        assert foreign.state == PUBLISHED


class TestContributorProposals:
    def test_saving_stores_a_proposal_and_leaves_the_project_alone(self, client, contributor, joint_project):
        client.force_login(contributor)
        url = change_url(joint_project)

        response = client.post(url, changeform_data(client.get(url), title="Gewerbegebiet (neu)"), follow=True)

        joint_project.refresh_from_db()
        assert joint_project.title == "Interkommunales Gewerbegebiet"
        assert joint_project.state == PUBLISHED
        proposal = ChangeProposal.objects.get()
        assert (proposal.proposed_by, proposal.changes, proposal.status) == (
            contributor,
            {"title": "Gewerbegebiet (neu)"},
            ProposalStatus.OPEN,
        )
        assert any("wartet auf die Prüfung" in message for message in messages_of(response))

    def test_region_editor_accepts_and_other_region_never_sees_it(
        self, client, unna, mitte, contributor, joint_project
    ):
        proposal = services.propose_change(project=joint_project, user=contributor, changes={"title": "Neuer Titel"})

        client.force_login(unna.editor)
        assert client.get(change_url(proposal)).status_code == 404
        client.force_login(mitte.editor)
        assert client.get(change_url(proposal)).status_code == 200

        run_action(client, "accept_selected", proposal)

        joint_project.refresh_from_db()
        proposal.refresh_from_db()
        assert joint_project.title == "Neuer Titel"
        assert (proposal.status, proposal.decided_by) == (ProposalStatus.ACCEPTED, mitte.editor)
        assert joint_project.history.latest().history_user == mitte.editor

    def test_rejecting_leaves_the_project(self, mitte, contributor, joint_project):
        proposal = services.propose_change(project=joint_project, user=contributor, changes={"title": "Nein"})

        services.reject_proposal(proposal=proposal, user=mitte.editor)

        joint_project.refresh_from_db()
        assert joint_project.title == "Interkommunales Gewerbegebiet"
        with pytest.raises(ValidationError):
            services.accept_proposal(proposal=proposal, user=mitte.editor)

    def test_contributor_cannot_decide_or_propose_elsewhere(self, contributor, joint_project, mitte):
        proposal = services.propose_change(project=joint_project, user=contributor, changes={"title": "Selbst"})

        with pytest.raises(PermissionDenied):
            services.accept_proposal(proposal=proposal, user=contributor)
        with pytest.raises(PermissionDenied):
            services.propose_change(project=mitte.objects["projects.project"], user=contributor, changes={"title": "X"})


class TestHistory:
    def test_every_save_records_who_and_what(self, client, unna, draft):
        client.force_login(unna.editor)
        url = change_url(draft)

        client.post(url, changeform_data(client.get(url), title="Neuer Titel"))

        latest, previous = draft.history.all()[:2]
        assert latest.history_user == unna.editor
        assert "title" in latest.diff_against(previous).changed_fields
        response = client.get(reverse("admin:projects_project_history", args=(draft.pk,)))
        assert response.status_code == 200
        assert "Neuer Titel" in response.content.decode()

    def test_restoring_an_old_version_keeps_the_current_state_for_editors(self, client, unna, publisher, draft):
        services.publish(obj=draft, user=publisher)
        published_version = draft.history.latest()
        services.unpublish(obj=draft, user=publisher)
        client.force_login(unna.editor)
        url = reverse("admin:projects_project_simple_history", args=(draft.pk, published_version.history_id))

        response = client.post(url, changeform_data(client.get(url), title="Wiederhergestellt"))

        assert response.status_code == 302
        draft.refresh_from_db()
        assert (draft.title, draft.state) == ("Wiederhergestellt", UNPUBLISHED)


class TestViewOnSite:
    def test_public_objects_link_to_their_page(self, client, unna, draft):
        client.force_login(unna.editor)
        project = unna.objects["projects.project"]

        assert client.get(change_url(project)).context["has_absolute_url"]
        assert not client.get(change_url(draft)).context["has_absolute_url"]

    def test_shortcut_redirects_only_to_public_pages(self, client, unna, draft):
        from django.contrib.contenttypes.models import ContentType

        client.force_login(unna.editor)
        content_type = ContentType.objects.get_for_model(Project)
        project = unna.objects["projects.project"]

        public = client.get(reverse("admin:view_on_site", args=(content_type.pk, project.pk)))
        hidden = client.get(reverse("admin:view_on_site", args=(content_type.pk, draft.pk)))

        assert public.status_code == 302 and public["Location"] == project.get_absolute_url()
        assert hidden.status_code == 404
