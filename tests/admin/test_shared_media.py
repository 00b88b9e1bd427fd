"""Images and documents used by several regions: deleted only by someone who may change every place that shows
them. Otherwise the delete page and the bulk delete name those places and delete nothing – posting what the
rendered pages send."""

import pytest
from django.urls import reverse

from news.models import Article
from projects.models import ProjectDocument, ProjectImage
from regionportal.backoffice.models import EditorAssignment
from regionportal.media.models import Document, Image, uses_of
from regionportal.publishing.models import PublicationState
from tests.factories import make_article, make_image

from .conftest import action_data, confirmation_data, force_login_verified

pytestmark = pytest.mark.django_db


def delete_url(obj):
    return reverse(f"admin:regionportal_{obj._meta.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:regionportal_{model._meta.model_name}_changelist")


def share_image_with_project(image, other):
    ProjectImage.objects.create(project=other.objects["projects.project"], image=image)
    return other.objects["projects.project"]


def share_image_with_region(image, other):
    other.region.image = image
    other.region.save()
    return other.region


def share_image_with_article(image, other):
    article = other.objects["news.article"]
    article.image = image
    article.save()
    return article


def share_document_with_project(document, other):
    ProjectDocument.objects.create(project=other.objects["projects.project"], document=document)
    return other.objects["projects.project"]


def share_document_with_article(document, other):
    article = other.objects["news.article"]
    article.attachments.add(document)
    return article


# every relation of an image or a document to content, and how one of another region is made
SHARES = {
    ("regionportal.image", "projects.ProjectImage.image"): share_image_with_project,
    ("regionportal.image", "projects.Region.image"): share_image_with_region,
    ("regionportal.image", "news.Article.image"): share_image_with_article,
    ("regionportal.document", "projects.ProjectDocument.document"): share_document_with_project,
    ("regionportal.document", "news.Article.attachments"): share_document_with_article,
}


@pytest.mark.parametrize("model", [Image, Document])
def test_every_relation_to_media_counts_as_a_use(model):
    """A new relation to images or documents must be added to SHARES (and so be proven to count)."""
    relations = {
        (model._meta.label_lower, f"{relation.related_model._meta.label}.{relation.field.name}")
        for relation in model._meta.related_objects
    }
    assert relations == {key for key in SHARES if key[0] == model._meta.label_lower}


@pytest.fixture(params=list(SHARES), ids=lambda key: key[1])
def shared(request, unna, mitte):
    """One of Unna's media, also used by content of the Region der Mitte: (medium, that content)."""
    label, _relation = request.param
    medium = unna.objects[label]
    return medium, SHARES[request.param](medium, mitte)


def test_uses_are_found_through_each_relation(shared, unna):
    medium, use = shared

    assert set(uses_of(medium)) == {unna.objects["projects.project"], use}  # each once


def test_editor_is_refused_with_the_other_uses_named_and_nothing_is_deleted(csrf_client, unna, mitte, shared):
    medium, use = shared
    csrf_client.force_login(unna.editor)

    page = csrf_client.get(delete_url(medium))

    content = page.content.decode()
    assert page.status_code == 200
    assert f"„{medium}“ wird nicht gelöscht" in content
    named = f"{use._meta.verbose_name} „{use}“"
    assert named + ("" if use == mitte.region else " (Region der Mitte)") in content
    assert 'name="post"' not in content  # no button to confirm
    forged = {"csrfmiddlewaretoken": page.context["csrf_token"], "post": "yes"}
    response = csrf_client.post(delete_url(medium), forged)
    assert response.status_code == 403
    assert "wird nicht gelöscht" in response.content.decode()
    assert type(medium).objects.filter(pk=medium.pk).exists()
    assert use in uses_of(medium)  # the other region's content still shows it


def test_another_regions_draft_is_not_named(csrf_client, unna, mitte):
    image = unna.objects["regionportal.image"]
    draft = make_article(title="Geheimer Entwurf der Mitte", state=PublicationState.DRAFT, image=image)
    draft.regions.add(mitte.region)
    csrf_client.force_login(unna.editor)

    content = csrf_client.get(delete_url(image)).content.decode()

    assert "Geheimer Entwurf der Mitte" not in content
    assert "Nachricht (nicht veröffentlicht) (Region der Mitte)" in content


def test_who_may_change_every_use_deletes(csrf_client, unna, mitte, shared):
    medium, _use = shared
    EditorAssignment.objects.create(user=unna.editor, region=mitte.region)
    csrf_client.force_login(unna.editor)

    response = csrf_client.post(delete_url(medium), confirmation_data(csrf_client.get(delete_url(medium))))

    assert response.status_code == 302
    assert not type(medium).objects.filter(pk=medium.pk).exists()


def test_portal_administration_deletes_shared_media(csrf_client, portal_admin, shared):
    medium, _use = shared
    force_login_verified(csrf_client, portal_admin)

    response = csrf_client.post(delete_url(medium), confirmation_data(csrf_client.get(delete_url(medium))))

    assert response.status_code == 302
    assert not type(medium).objects.filter(pk=medium.pk).exists()


class TestBulkDelete:
    @pytest.fixture
    def selection(self, unna, mitte):
        """Three images of Unna on the list: two used only by Unna, one also by the Region der Mitte."""
        own = unna.objects["regionportal.image"]
        loose = make_image(title="Loses Bild", uploaded_by=unna.editor)
        shared = make_image(title="Gemeinsames Bild", uploaded_by=unna.editor)
        ProjectImage.objects.create(project=unna.objects["projects.project"], image=shared)
        share_image_with_article(shared, mitte)
        return [own, loose, shared]

    def test_nothing_of_the_selection_is_deleted_and_the_shared_one_is_named(self, csrf_client, unna, selection):
        csrf_client.force_login(unna.editor)
        changelist = csrf_client.get(changelist_url(Image))

        response = csrf_client.post(changelist_url(Image), action_data(changelist, "delete_selected", *selection))

        content = response.content.decode()
        assert response.status_code == 200
        assert "Es wurde nichts gelöscht" in content
        assert "Bild „Gemeinsames Bild“ – auch verwendet in: Nachricht „Nachricht aus Region der Mitte“" in content
        assert "Loses Bild" not in content
        assert 'name="post"' not in content
        forged = action_data(changelist, "delete_selected", *selection) | {"post": ["yes"]}
        assert csrf_client.post(changelist_url(Image), forged).status_code == 403
        assert Image.objects.filter(pk__in=[image.pk for image in selection]).count() == 3

    def test_select_all_is_refused_the_same_way(self, csrf_client, unna, selection):
        csrf_client.force_login(unna.editor)
        changelist = csrf_client.get(changelist_url(Image))

        data = action_data(changelist, "delete_selected", selection[0], select_across=True)

        response = csrf_client.post(changelist_url(Image), data)

        assert "Es wurde nichts gelöscht" in response.content.decode()
        assert "Gemeinsames Bild" in response.content.decode()
        assert csrf_client.post(changelist_url(Image), data | {"post": ["yes"]}).status_code == 403
        assert Image.objects.filter(pk__in=[image.pk for image in selection]).count() == 3

    def test_a_selection_used_only_by_own_content_is_deleted(self, csrf_client, unna, selection):
        own, loose, _shared = selection
        csrf_client.force_login(unna.editor)
        changelist = csrf_client.get(changelist_url(Image))

        confirmation = csrf_client.post(changelist_url(Image), action_data(changelist, "delete_selected", own, loose))
        response = csrf_client.post(changelist_url(Image), confirmation_data(confirmation))

        assert response.status_code == 302
        assert list(Image.objects.filter(pk__in=[image.pk for image in selection])) == [selection[2]]

    def test_documents_too(self, csrf_client, unna, mitte):
        document = unna.objects["regionportal.document"]
        share_document_with_article(document, mitte)
        csrf_client.force_login(unna.editor)
        changelist = csrf_client.get(changelist_url(Document))

        response = csrf_client.post(changelist_url(Document), action_data(changelist, "delete_selected", document))

        assert "Es wurde nichts gelöscht" in response.content.decode()
        assert Document.objects.filter(pk=document.pk).exists()
        assert Article.objects.get(pk=mitte.objects["news.article"].pk).attachments.filter(pk=document.pk).exists()
