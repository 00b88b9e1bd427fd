"""A contributor's proposal on its own page: the region's editor compares and decides with the buttons
"Vorschlag übernehmen" / "Vorschlag ablehnen", posted as the rendered page sends them; the contributor and other
regions' editors cannot decide. A body the rich-text editor only re-wrote is no proposed change."""

import pytest
from django.urls import reverse

from regionportal.backoffice.models import ChangeProposal, ProposalStatus
from regionportal.backoffice.richtext import RichTextFormField
from tests.pages import page_form, sent_values

from .conftest import changeform_data, messages_of

pytestmark = pytest.mark.django_db


def proposal_url(proposal):
    return reverse("admin:regionportal_changeproposal_change", args=[proposal.pk])


@pytest.fixture
def proposal(client, joint_project, contributor):
    """Proposed through the rendered project form, with its body sent back as the editor writes it."""
    joint_project.body = "<p>Erster Absatz.</p>\n<p>Zweiter Absatz.</p>"
    joint_project.save()
    url = reverse("admin:projects_project_change", args=[joint_project.pk])
    client.force_login(contributor)
    data = changeform_data(
        client.get(url), summary="Gemeinsam geplant.", body="<p>Erster Absatz.</p><p>Zweiter Absatz.</p>"
    )
    assert client.post(url, data).status_code == 302
    client.logout()
    return ChangeProposal.objects.get()


def test_a_body_the_editor_only_rewrote_is_no_change(proposal):
    assert proposal.changes == {"summary": "Gemeinsam geplant."}
    field = RichTextFormField()
    assert not field.has_changed("<p>A</p>\n<p>B</p>", "<p>A</p><p>B</p>")
    assert field.has_changed("<p>A</p>", "<p>A <strong>B</strong></p>")


def decide(client, proposal, label):
    page = client.get(proposal_url(proposal))
    form = page_form(page, "changeproposal_form")
    data = sent_values(form)
    (button,) = form.xpath(f".//button[normalize-space()='{label}']")
    data[button.get("name")] = [button.get("value")]
    return client.post(proposal_url(proposal), data, follow=True)


def test_the_editor_accepts_on_the_proposals_page(client, proposal, mitte, joint_project):
    client.force_login(mitte.editor)

    response = decide(client, proposal, "Vorschlag übernehmen")

    assert response.redirect_chain[-1][0] == reverse("admin:projects_project_change", args=[joint_project.pk])
    assert messages_of(response) == [
        f"Der Vorschlag von mitwirkend ist übernommen: „{joint_project}“ hat jetzt die vorgeschlagenen Angaben. "
        "Sie sind jetzt öffentlich."
    ]
    joint_project.refresh_from_db()
    proposal.refresh_from_db()
    assert (joint_project.summary, proposal.status) == ("Gemeinsam geplant.", ProposalStatus.ACCEPTED)
    assert "Vorschlag übernehmen" not in client.get(proposal_url(proposal)).content.decode()  # decided


def test_the_editor_rejects_on_the_proposals_page(client, proposal, mitte, joint_project):
    before = joint_project.summary
    client.force_login(mitte.editor)

    response = decide(client, proposal, "Vorschlag ablehnen")

    assert messages_of(response) == [f"Der Vorschlag von mitwirkend zu „{joint_project}“ ist abgelehnt."]
    joint_project.refresh_from_db()
    proposal.refresh_from_db()
    assert (joint_project.summary, proposal.status) == (before, ProposalStatus.REJECTED)


def test_an_unknown_decision_is_refused_in_german(client, proposal, mitte):
    client.force_login(mitte.editor)

    response = client.post(proposal_url(proposal), {"_decide": "alles"}, follow=True)

    assert messages_of(response) == ["Wählen Sie „Vorschlag übernehmen“ oder „Vorschlag ablehnen“."]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_the_contributor_sees_no_buttons_and_cannot_decide(client, proposal, contributor):
    client.force_login(contributor)

    page = client.get(proposal_url(proposal))
    assert page.status_code == 200 and "Vorschlag übernehmen" not in page.content.decode()
    assert client.post(proposal_url(proposal), {"_decide": "accept"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_another_regions_editor_gets_404(client, proposal, unna):
    client.force_login(unna.editor)

    assert client.get(proposal_url(proposal)).status_code == 404
    assert client.post(proposal_url(proposal), {"_decide": "accept"}).status_code == 404
