"""Preview: staff see an unpublished object on its own public page, at an admin URL the public cannot open."""

import pytest
from django.urls import reverse

from regionportal.publishing.models import PublicationState
from tests.factories import make_article, make_organisation, make_person, make_programme, make_project

from .conftest import force_login_verified

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


def preview_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_preview", args=[obj.pk])


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def draft_project(unna):
    return make_project(region=unna.region, title="Radschnellweg im Entwurf", slug="radschnellweg", state=DRAFT)


@pytest.fixture
def draft_article(unna):
    article = make_article(title="Noch geheime Nachricht", state=PublicationState.REVIEW)
    article.regions.add(unna.region)
    return article


def assert_private(response):
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_editor_previews_a_draft_with_the_public_template(client, unna, draft_project):
    client.force_login(unna.editor)

    response = client.get(preview_url(draft_project))

    assert response.status_code == 200
    assert "projects/project_detail.html" in [template.name for template in response.templates]
    assert response.context["project"] == draft_project
    assert "<h1>Radschnellweg im Entwurf</h1>" in response.content.decode()
    assert_private(response)
    # the public address of the draft stays closed, also for staff
    assert client.get(draft_project.get_absolute_url()).status_code == 404


def test_article_in_review_and_archived_region_can_be_previewed(client, unna, draft_article):
    unna.region.state = PublicationState.ARCHIVED
    unna.region.save()
    client.force_login(unna.editor)

    article_page = client.get(preview_url(draft_article))
    region_page = client.get(preview_url(unna.region))

    assert article_page.status_code == 200
    assert article_page.context["article"] == draft_article
    assert "news/article_detail.html" in [template.name for template in article_page.templates]
    assert region_page.status_code == 200
    assert region_page.context["region"] == unna.region
    assert_private(region_page)


def test_portal_admin_previews_a_funding_programme(client, portal_admin):
    programme = make_programme(name="Neues Programm", state=DRAFT)
    force_login_verified(client, portal_admin)

    response = client.get(preview_url(programme))

    assert response.status_code == 200
    assert response.context["programme"] == programme


def test_other_regions_editor_gets_404(client, mitte, draft_project, draft_article):
    client.force_login(mitte.editor)

    assert client.get(preview_url(draft_project)).status_code == 404
    assert client.get(preview_url(draft_article)).status_code == 404


def test_anonymous_visitor_is_sent_to_the_login(client, draft_project):
    response = client.get(preview_url(draft_project))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_preview_of_an_unknown_object_is_404(client, unna):
    client.force_login(unna.editor)

    assert client.get(reverse("admin:projects_project_preview", args=[987654])).status_code == 404


def test_change_form_links_to_the_preview(client, unna, draft_project):
    client.force_login(unna.editor)

    response = client.get(change_url(draft_project))

    assert response.context["preview_url"] == preview_url(draft_project)
    assert f'href="{preview_url(draft_project)}"' in response.content.decode()


def test_contributor_previews_the_joint_project_only(client, contributor, joint_project, draft_project):
    client.force_login(contributor)

    assert client.get(preview_url(joint_project)).status_code == 200
    assert client.get(preview_url(draft_project)).status_code == 404


def test_preview_shows_the_draft_not_a_published_neighbour(client, unna, draft_project, django_assert_max_num_queries):
    """Exactly the object asked for, however many others share its region; the page's queries stay bounded."""
    for _ in range(5):
        make_project(region=unna.region)
    client.force_login(unna.editor)

    with django_assert_max_num_queries(40):
        response = client.get(preview_url(draft_project))

    assert response.context["project"] == draft_project


@pytest.mark.parametrize("make", [make_person, make_organisation], ids=["person", "organisation"])
def test_draft_contacts_can_be_previewed(client, portal_admin, make):
    contact = make(state=DRAFT)
    force_login_verified(client, portal_admin)

    response = client.get(preview_url(contact))

    assert response.status_code == 200
    assert response.context["object"] == contact
    assert_private(response)
    assert client.get(contact.get_absolute_url()).status_code == 404  # the public address stays closed
