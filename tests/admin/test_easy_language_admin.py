"""Whoever may change a page's object writes its Leichte-Sprache version, in the object's own change form: region
editors for their regions' content, the portal administration for reference data; others get 404 or 403."""

import pytest
from django.urls import reverse

from regionportal.backoffice.models import ChangeProposal
from regionportal.publishing.models import PublicationState
from tests.factories import make_project, make_theme

from .conftest import changeform_data, force_login_verified

pytestmark = pytest.mark.django_db

WRITTEN = "<h2>Was ist das?</h2><p>Die Kommunen arbeiten zusammen.</p>"


def admin_url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def easy_language_fieldset(response):
    [fieldset] = [fieldset for fieldset in response.context["adminform"] if fieldset.name == "Leichte Sprache"]
    return fieldset


def test_the_region_editor_writes_the_version_of_a_project_in_its_form(client, unna):
    project = unna.objects["projects.project"]
    client.force_login(unna.editor)
    page = client.get(admin_url(project))
    assert [field for line in easy_language_fieldset(page) for field in line] != []
    assert "collapse" in easy_language_fieldset(page).classes  # closed while there is none

    data = changeform_data(
        page,
        easy_language_title="Zusammen·arbeit im Kreis Unna",
        easy_language=WRITTEN + '<p onclick="alert(1)">Mehr <script>alert(2)</script></p>',
    )
    response = client.post(admin_url(project), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.easy_language == WRITTEN + "<p>Mehr </p>"  # cleaned like every rich text
    assert project.history.latest().easy_language == project.easy_language  # a version like any change
    public = client.get(project.get_easy_language_url())
    assert public.status_code == 200 and "<h1>Zusammen·arbeit im Kreis Unna</h1>" in public.content.decode()
    assert "collapse" not in easy_language_fieldset(client.get(admin_url(project))).classes


def test_emptying_the_editor_removes_the_version(client, unna):
    project = unna.objects["projects.project"]
    project.easy_language = WRITTEN
    project.save()
    client.force_login(unna.editor)

    response = client.post(admin_url(project), changeform_data(client.get(admin_url(project)), easy_language="<p></p>"))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.easy_language == ""
    assert client.get(project.get_easy_language_url()).status_code == 404


def test_another_regions_editor_can_neither_open_nor_post_it(client, unna, mitte):
    project = unna.objects["projects.project"]
    client.force_login(unna.editor)
    data = changeform_data(client.get(admin_url(project)), easy_language=WRITTEN)
    client.force_login(mitte.editor)

    assert client.get(admin_url(project)).status_code == 404
    assert client.post(admin_url(project), data).status_code == 404
    project.refresh_from_db()
    assert project.easy_language == ""


def test_a_drafts_version_is_previewed_by_its_editors_only(client, unna, mitte):
    draft = make_project(region=unna.region, title="Im Entwurf", state=PublicationState.DRAFT, easy_language=WRITTEN)
    client.force_login(unna.editor)

    change_page = client.get(admin_url(draft)).content.decode()
    preview = client.get(admin_url(draft, "preview_easy_language"))

    assert f'href="{admin_url(draft, "preview_easy_language")}"' in change_page
    assert preview.status_code == 200 and "<h2>Was ist das?</h2>" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex"
    # the page's preview links the version's preview, not the public address that does not exist yet
    assert (
        f'href="{admin_url(draft, "preview_easy_language")}"'
        in client.get(admin_url(draft, "preview")).content.decode()
    )
    assert client.get(draft.get_easy_language_url()).status_code == 404
    client.force_login(mitte.editor)
    assert client.get(admin_url(draft, "preview_easy_language")).status_code == 404


def test_without_a_version_there_is_no_preview_of_it(client, unna):
    project = unna.objects["projects.project"]
    client.force_login(unna.editor)

    assert "Vorschau Leichte Sprache" not in client.get(admin_url(project)).content.decode()
    assert client.get(admin_url(project, "preview_easy_language")).status_code == 404


def test_the_portal_administration_writes_a_themes_version_region_editors_may_not(client, unna, portal_admin):
    theme = make_theme(name="Digitalisierung")
    force_login_verified(client, portal_admin)
    data = changeform_data(client.get(admin_url(theme)), easy_language=WRITTEN)

    assert client.post(admin_url(theme), data).status_code == 302
    theme.refresh_from_db()
    assert theme.easy_language == WRITTEN

    client.force_login(unna.editor)
    data["easy_language"] = "<p>Überschrieben.</p>"
    assert client.post(admin_url(theme), data).status_code == 403
    theme.refresh_from_db()
    assert theme.easy_language == WRITTEN


def test_a_contributor_proposes_a_version(client, contributor, joint_project):
    client.force_login(contributor)
    data = changeform_data(client.get(admin_url(joint_project)), easy_language=WRITTEN)

    assert client.post(admin_url(joint_project), data).status_code == 302

    joint_project.refresh_from_db()
    assert joint_project.easy_language == ""
    assert ChangeProposal.objects.get(project=joint_project).changes == {"easy_language": WRITTEN}
