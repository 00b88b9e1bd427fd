"""/x/pk-xxxxxx: printed short links keep landing on the right page, and nowhere else."""

import pytest
from django.contrib.contenttypes.models import ContentType

from regionportal.publishing.models import PublicationState, ShortLink
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_short_link_redirects_to_the_current_address_and_counts(client):
    make_project(slug="rek-kreis-unna", short_code="0de173")

    response = client.get("/x/pk-0de173")

    assert response.status_code == 301  # a printed short link is permanent
    assert response["Location"] == "/projekte/rek-kreis-unna/"
    assert ShortLink.objects.get(code="0de173").hits == 1


def test_short_link_survives_a_slug_change(client):
    project = make_project(slug="alt")
    project.slug = "neu"
    project.save()

    response = client.get(f"/x/pk-{project.short_code}")

    assert response["Location"] == "/projekte/neu/"


def test_english_short_link_keeps_the_language(client):
    project = make_project(slug="smart-region")

    response = client.get(f"/en/x/pk-{project.short_code}")

    assert response["Location"] == "/en/projekte/smart-region/"


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.UNPUBLISHED])
def test_short_link_to_a_non_public_object_is_not_found(client, state):
    project = make_project(state=state)

    response = client.get(f"/x/pk-{project.short_code}")

    assert response.status_code == 404
    assert "keiner veröffentlichten Seite" in response.content.decode()
    assert ShortLink.objects.get(code=project.short_code).hits == 0


def test_short_link_of_a_deleted_object_is_gone_and_never_reused(client):
    project = make_project()
    code = project.short_code
    project.delete()
    # the registry row stays behind without a target
    ShortLink.objects.filter(code=code).update(content_type=None, object_id=None)

    response = client.get(f"/x/pk-{code}")

    assert response.status_code == 410
    assert "entfernt" in response.content.decode()
    assert make_project().short_code != code


@pytest.mark.parametrize(
    "path",
    [
        "/x/pk-ffffff",
        "/x/pk-ZZZZZZ",
        "/x/pk-",
        "/x/pk-0de173x",
        "/x/pk-%00",
        "/x/pk-" + "a" * 500,
        "/x/pk-..%2f..%2fetc",
        "/x/pk-//evil.example",
        "/x/pk-https:%2f%2fevil.example",
    ],
)
def test_unknown_or_malformed_codes_are_a_clear_404_never_an_open_redirect(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Location" not in response


def test_short_link_registry_points_at_the_object(client):
    project = make_project()
    link = ShortLink.objects.get(code=project.short_code)

    assert link.content_type == ContentType.objects.get_for_model(project)
    assert link.object_id == project.pk


def test_a_code_typed_in_upper_case_still_lands(client):
    project = make_project(slug="gross-geschrieben")

    response = client.get(f"/x/pk-{project.short_code.upper()}")

    assert response["Location"] == "/projekte/gross-geschrieben/"
