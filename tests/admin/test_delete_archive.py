"""Deleting asks first and shows what else would go, naming nothing of other regions; archived content is gone
from the public site (410) while its short link says so."""

import pytest
from django.urls import reverse

from news.models import Article
from projects.models import Project, ProjectGoal
from regionportal.backoffice import services
from regionportal.publishing.models import PublicationState
from tests.factories import make_article, make_project

from .conftest import force_login_verified

pytestmark = pytest.mark.django_db


def delete_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


@pytest.fixture
def published(unna):
    project = make_project(region=unna.region, title="Gründerzentrum", slug="gruenderzentrum")
    ProjectGoal.objects.create(project=project, title="50 neue Firmen")
    return project


@pytest.fixture
def foreign_mention(mitte, published):
    """A draft of the other region that links to the project."""
    article = make_article(title="Geheimer Entwurf der Mitte", state=PublicationState.DRAFT)
    article.regions.add(mitte.region)
    article.related_projects.add(published)
    return article


class TestDelete:
    def test_confirmation_lists_what_goes_and_warns_about_the_public_page(self, client, unna, published):
        client.force_login(unna.editor)

        response = client.get(delete_url(published))

        content = response.content.decode()
        assert response.status_code == 200
        assert "50 neue Firmen" in content
        assert "Dieser Inhalt ist veröffentlicht" in content
        assert f"/x/pk-{published.short_code}" in content
        assert not response.context["perms_lacking"]

    def test_confirmed_delete_removes_it_and_the_short_link_says_so(self, client, unna, published):
        code = published.short_code
        client.force_login(unna.editor)

        response = client.post(delete_url(published), {"post": "yes"})

        assert response.status_code == 302
        assert not Project.objects.filter(pk=published.pk).exists()
        gone = client.get(f"/x/pk-{code}")
        assert gone.status_code == 410
        assert "entfernt" in gone.content.decode()

    def test_other_regions_content_is_not_named_and_the_delete_refused(self, client, unna, published, foreign_mention):
        client.force_login(unna.editor)

        response = client.get(delete_url(published))

        content = response.content.decode()
        assert "Geheimer Entwurf der Mitte" not in content
        assert "Eintrag einer anderen Region" in str(response.context["deleted_objects"])
        assert response.context["perms_lacking"]
        assert "Inhalte anderer Regionen" in content
        assert client.post(delete_url(published), {"post": "yes"}).status_code == 403
        assert Project.objects.filter(pk=published.pk).exists()
        assert foreign_mention.related_projects.filter(pk=published.pk).exists()

    def test_bulk_delete_is_refused_the_same_way(self, client, unna, published, foreign_mention):
        client.force_login(unna.editor)

        response = client.post(
            reverse("admin:projects_project_changelist"),
            {"action": "delete_selected", "_selected_action": [published.pk]},
        )

        assert "Geheimer Entwurf der Mitte" not in response.content.decode()
        assert response.context["perms_lacking"]
        client.post(
            reverse("admin:projects_project_changelist"),
            {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
        )
        assert Project.objects.filter(pk=published.pk).exists()

    def test_portal_administration_sees_everything_and_may_delete(
        self, client, portal_admin, published, foreign_mention
    ):
        force_login_verified(client, portal_admin)

        response = client.get(delete_url(published))

        assert not response.context["perms_lacking"]
        assert client.post(delete_url(published), {"post": "yes"}).status_code == 302
        assert not Project.objects.filter(pk=published.pk).exists()
        assert Article.objects.filter(pk=foreign_mention.pk).exists()  # only the link went

    def test_other_regions_editor_cannot_open_the_confirmation(self, client, mitte, published):
        client.force_login(mitte.editor)

        assert client.get(delete_url(published)).status_code == 404
        assert client.post(delete_url(published), {"post": "yes"}).status_code == 404


class TestArchived:
    @pytest.fixture
    def archived(self, unna, publisher, published):
        services.archive(obj=published, user=publisher)
        return published

    def test_public_page_and_short_link_answer_410_gone(self, client, archived):
        page = client.get(archived.get_absolute_url())
        short = client.get(f"/x/pk-{archived.short_code}")

        for response in (page, short):
            assert response.status_code == 410
            assert "archiviert" in response.content.decode()

    def test_archived_project_is_gone_from_lists(self, client, unna, archived):
        listed = client.get(reverse("projects:list")).context["projects"]
        region_page = client.get(unna.region.get_absolute_url()).context["projects"]

        assert archived not in list(listed)
        assert archived not in list(region_page)

    def test_archived_article_and_region_are_gone(self, client, unna, publisher):
        article = unna.objects["news.article"]
        services.archive(obj=article, user=publisher)
        services.archive(obj=unna.region, user=publisher)

        assert client.get(article.get_absolute_url()).status_code == 410
        assert client.get(unna.region.get_absolute_url()).status_code == 410
        assert client.get(f"/en/x/pk-{article.short_code}").status_code == 410

    def test_unpublished_is_not_found_not_gone(self, client, publisher, published):
        services.unpublish(obj=published, user=publisher)

        assert client.get(published.get_absolute_url()).status_code == 404
        assert client.get(f"/x/pk-{published.short_code}").status_code == 404

    def test_staff_still_preview_archived_content(self, client, unna, archived):
        client.force_login(unna.editor)

        response = client.get(reverse("admin:projects_project_preview", args=[archived.pk]))

        assert response.status_code == 200
        assert response.context["project"] == archived
