"""The back-office start page and the cost of the lists: constant queries however much content there is."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import ProjectContact, ProjectImage
from regionportal.backoffice import services
from regionportal.publishing.models import PublicationState
from tests.factories import make_article, make_image, make_person, make_project

pytestmark = pytest.mark.django_db


def add_region_content(content, n):
    """Content of every dashboard kind for ``content``'s region, ``n`` times."""
    region = content.region
    for i in range(n):
        make_project(region=region, title=f"Entwurf {region} {i}", state=PublicationState.DRAFT)
        make_project(region=region, title=f"In Prüfung {region} {i}", state=PublicationState.REVIEW)
        make_project(
            region=region,
            title=f"Geplant {region} {i}",
            publish_at=timezone.now() + timedelta(days=3),
        )
        make_article(title=f"Nachrichtenentwurf {region} {i}", state=PublicationState.DRAFT).regions.add(region)
        project = content.objects["projects.project"]
        ProjectContact.objects.create(
            project=project, person=make_person(last_name=f"Alt {region} {i}", confirmed_on=date(2020, 1, 1))
        )
        ProjectImage.objects.create(
            project=project,
            image=make_image(
                title=f"Läuft ab {region} {i}", rights_expire_on=timezone.localdate() + timedelta(days=30)
            ),
        )


def test_dashboard_shows_the_editors_regions_only(client, unna, mitte, contributor, joint_project):
    add_region_content(unna, 1)
    add_region_content(mitte, 1)
    services.propose_change(project=joint_project, user=contributor, changes={"title": "Vorschlag"})
    client.force_login(mitte.editor)

    page = client.get(reverse("admin:index")).content.decode()

    for expected in (
        "Entwurf Region der Mitte 0",
        "In Prüfung Region der Mitte 0",
        "Geplant Region der Mitte 0",
        "Nachrichtenentwurf Region der Mitte 0",
        "Alt Region der Mitte 0",
        "Läuft ab Region der Mitte 0",
        "Interkommunales Gewerbegebiet",
    ):
        assert expected in page
    assert "Kreis Unna" not in page


def test_dashboard_costs_the_same_queries_for_more_content(client, unna):
    client.force_login(unna.editor)
    add_region_content(unna, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:index"))
    add_region_content(unna, 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("name", ["projects_project", "news_article", "contacts_person", "regionportal_image"])
def test_changelists_cost_the_same_queries_for_more_content(client, unna, name):
    client.force_login(unna.editor)
    url = reverse(f"admin:{name}_changelist")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_region_content(unna, 4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
