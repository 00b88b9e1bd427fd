"""The permission matrix: two region editors and a contributor, for every admin model and view.

An object of another region does not exist for an editor (404), wherever they ask for it.
"""

import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article
from projects.models import Project
from regionportal.backoffice.models import EditorAssignment
from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS, REGION_PUBLISHERS
from regionportal.media.models import Document, Image, uses_of
from regionportal.publishing.models import PublicationState
from tests.factories import make_person, make_project, make_region, make_theme
from tests.pages import sent_values

from .conftest import (
    action_data,
    changeform_data,
    confirmation_data,
    force_login_verified,
    offered_actions,
)

pytestmark = pytest.mark.django_db

SCOPED_MODELS = [
    "projects.region",
    "projects.project",
    "news.article",
    "contacts.person",
    "contacts.organisation",
    "regionportal.image",
    "regionportal.document",
    "decisions.decision",
]
OBJECT_VIEWS = ["change", "history", "delete"]


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.fixture
def editors(unna, mitte):
    """Each editor with their own content and the other region's content."""
    return [(unna.editor, unna, mitte), (mitte.editor, mitte, unna)]


@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_changelist_shows_only_own_regions_content(client, editors, label):
    for editor, own, other in editors:
        client.force_login(editor)

        response = client.get(admin_url(label, "changelist"))

        assert response.status_code == 200
        listed = set(response.context["cl"].result_list)
        assert own.objects[label] in listed
        assert other.objects[label] not in listed


@pytest.mark.parametrize("view", OBJECT_VIEWS)
@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_other_regions_object_is_not_found(client, editors, label, view):
    for editor, _own, other in editors:
        client.force_login(editor)
        foreign = other.objects[label]

        response = client.get(admin_url(label, view, foreign.pk))

        assert response.status_code == 404
        assert str(foreign) not in response.content.decode()


@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_own_object_opens(client, unna, mitte, label):
    client.force_login(unna.editor)

    for view in ("change", "history"):
        assert client.get(admin_url(label, view, unna.objects[label].pk)).status_code == 200


def test_history_of_another_regions_version_is_not_found(client, unna, mitte):
    project = mitte.objects["projects.project"]
    version = project.history.latest()
    client.force_login(unna.editor)

    response = client.get(admin_url("projects.project", "simple_history", project.pk, version.history_id))

    assert response.status_code == 404


def test_deleting_own_project_works_and_other_regions_is_not_found(client, unna, mitte):
    client.force_login(unna.editor)
    own, foreign = unna.objects["projects.project"], mitte.objects["projects.project"]

    assert client.post(admin_url("projects.project", "delete", foreign.pk), {"post": "yes"}).status_code == 404
    response = client.post(admin_url("projects.project", "delete", own.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Project.objects.filter(pk=own.pk).exists()
    assert Project.objects.filter(pk=foreign.pk).exists()


def test_bulk_delete_ignores_other_regions_objects(client, unna, mitte):
    client.force_login(unna.editor)
    foreign = mitte.objects["news.article"]

    client.post(
        admin_url("news.article", "changelist"),
        {"action": "delete_selected", "_selected_action": [foreign.pk], "post": "yes"},
    )

    assert Article.objects.filter(pk=foreign.pk).exists()


def test_editor_cannot_add_or_delete_regions(client, unna):
    client.force_login(unna.editor)

    assert client.get(admin_url("projects.region", "add")).status_code == 403
    assert client.post(admin_url("projects.region", "delete", unna.region.pk), {"post": "yes"}).status_code == 403


def test_project_with_another_regions_lead_region_is_refused(client, unna, mitte):
    client.force_login(unna.editor)
    data = {
        "title": "Neues Projekt",
        "slug": "neues-projekt",
        "summary": "Kurz.",
        "status": "planned",
        "start_precision": "day",
        "end_precision": "day",
        "lead_region": mitte.region.pk,
        "state": "draft",
    }
    form = client.get(admin_url("projects.project", "add"))

    response = client.post(admin_url("projects.project", "add"), changeform_data(form, **data))

    assert response.status_code == 200
    assert "lead_region" in response.context["adminform"].form.errors
    assert not Project.objects.filter(slug="neues-projekt").exists()

    data["lead_region"] = unna.region.pk
    response = client.post(admin_url("projects.project", "add"), changeform_data(form, **data))
    assert response.status_code == 302
    assert Project.objects.get(slug="neues-projekt").lead_region == unna.region


def test_new_article_needs_one_of_the_editors_regions(client, unna, mitte):
    client.force_login(unna.editor)
    form = client.get(admin_url("news.article", "add"))
    data = {
        "title": "Neu",
        "slug": "neu",
        "teaser": "Kurz.",
        "date_0": "2025-03-01",
        "date_1": "10:00",
        "state": "draft",
    }

    without_region = client.post(admin_url("news.article", "add"), changeform_data(form, **data))
    foreign_region = client.post(
        admin_url("news.article", "add"), changeform_data(form, **data, regions=[mitte.region.pk])
    )

    assert "regions" in without_region.context["adminform"].form.errors
    assert "regions" in foreign_region.context["adminform"].form.errors
    assert not Article.objects.filter(slug="neu").exists()


def test_editing_a_shared_article_keeps_the_other_region(client, unna, mitte):
    article = unna.objects["news.article"]
    article.regions.add(mitte.region)
    client.force_login(unna.editor)
    url = admin_url("news.article", "change", article.pk)

    response = client.post(url, changeform_data(client.get(url), title="Geändert"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Geändert"
    assert set(article.regions.all()) == {unna.region, mitte.region}


def test_person_an_editor_creates_stays_visible_to_them(client, unna, mitte):
    client.force_login(unna.editor)
    form = client.get(admin_url("contacts.person", "add"))

    client.post(
        admin_url("contacts.person", "add"),
        changeform_data(form, first_name="Neu", last_name="Kontakt", slug="neu-kontakt", state="draft"),
    )

    listed = {
        str(person) for person in client.get(admin_url("contacts.person", "changelist")).context["cl"].result_list
    }
    assert "Neu Kontakt" in listed
    client.force_login(mitte.editor)
    listed = {
        str(person) for person in client.get(admin_url("contacts.person", "changelist")).context["cl"].result_list
    }
    assert "Neu Kontakt" not in listed


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    return response.status_code, {
        item["text"] for item in response.json()["results"]
    } if response.status_code == 200 else set()


def test_autocomplete_offers_only_own_regions(client, unna, mitte):
    client.force_login(unna.editor)

    _status, results = autocomplete(client, "projects", "project", "lead_region")

    assert results == {"Kreis Unna"}


def test_autocomplete_offers_own_and_public_contacts_but_not_other_regions_drafts(client, unna, mitte):
    public = make_person(last_name="Öffentlich")
    client.force_login(unna.editor)

    _status, results = autocomplete(client, "projects", "projectcontact", "person")

    assert str(unna.objects["contacts.person"]) in results
    assert str(public) in results
    assert str(mitte.objects["contacts.person"]) not in results


@pytest.mark.parametrize(
    ("source", "field", "label"),
    [
        (("news", "article"), "image", "regionportal.image"),
        (("news", "article"), "attachments", "regionportal.document"),
        (("news", "article"), "regions", "projects.region"),
    ],
)
def test_autocomplete_of_media_and_regions_is_scoped(client, unna, mitte, source, field, label):
    client.force_login(unna.editor)

    _status, results = autocomplete(client, *source, field)

    assert str(unna.objects[label]) in results
    assert str(mitte.objects[label]) not in results


def test_autocomplete_of_other_regions_draft_project_is_empty(client, unna, mitte):
    draft = make_project(region=mitte.region, title="Geheimer Entwurf", state=PublicationState.DRAFT)
    client.force_login(unna.editor)

    _status, results = autocomplete(client, "news", "article", "related_projects", "Geheim")

    assert str(draft) not in results


def test_list_filter_offers_only_own_regions(client, unna, mitte):
    soest = make_region(name="Kreis Soest")
    make_project(region=soest)
    EditorAssignment.objects.create(user=unna.editor, region=soest)
    client.force_login(unna.editor)

    response = client.get(admin_url("projects.project", "changelist"))

    region_filter = next(spec for spec in response.context["cl"].filter_specs if spec.field_path == "lead_region")
    assert [label for _pk, label in region_filter.lookup_choices] == ["Kreis Soest", "Kreis Unna"]


def test_list_filter_names_the_entries_without_a_theme_in_words(client, unna):
    unna.objects["projects.project"].themes.add(make_theme(name="Mobilität"))
    make_project(region=unna.region, title="Ohne Thema")
    client.force_login(unna.editor)

    page = client.get(admin_url("projects.project", "changelist")).content.decode()

    theme_filter = page[page.index("Nach Themen") :]
    theme_filter = theme_filter[: theme_filter.index("</ul>")]
    assert "ohne Angabe</a>" in theme_filter and ">-</a>" not in theme_filter


@pytest.mark.parametrize(
    "label",
    ["projects.theme", "projects.municipality", "projects.state", "projects.fundingprogramme", "decisions.body"],
)
def test_reference_data_is_read_only_for_editors(client, unna, label):
    client.force_login(unna.editor)

    assert client.get(admin_url(label, "changelist")).status_code == 200
    assert client.get(admin_url(label, "add")).status_code == 403


class TestContributor:
    def test_sees_only_the_joint_project(self, client, contributor, joint_project, mitte):
        client.force_login(contributor)

        response = client.get(admin_url("projects.project", "changelist"))

        assert list(response.context["cl"].result_list) == [joint_project]
        assert client.get(admin_url("projects.project", "change", joint_project.pk)).status_code == 200
        assert (
            client.get(admin_url("projects.project", "change", mitte.objects["projects.project"].pk)).status_code == 404
        )

    @pytest.mark.parametrize("label", [label for label in SCOPED_MODELS if label != "projects.project"])
    def test_sees_nothing_else_of_the_region(self, client, contributor, mitte, label):
        client.force_login(contributor)

        assert client.get(admin_url(label, "changelist")).status_code == 403
        assert client.get(admin_url(label, "change", mitte.objects[label].pk)).status_code in (403, 404)

    def test_cannot_add_delete_or_use_autocomplete(self, client, contributor, joint_project):
        client.force_login(contributor)

        assert client.get(admin_url("projects.project", "add")).status_code == 403
        assert (
            client.post(admin_url("projects.project", "delete", joint_project.pk), {"post": "yes"}).status_code == 403
        )
        assert autocomplete(client, "news", "article", "regions")[0] == 403

    def test_cannot_restore_a_version(self, client, contributor, joint_project):
        """A restored version is no proposal; the restore page once failed (500) for contributors."""
        client.force_login(contributor)
        url = admin_url("projects.project", "simple_history", joint_project.pk, joint_project.history.latest().pk)

        response = client.get(url)

        assert response.status_code == 403
        assert client.get(admin_url("projects.project", "history", joint_project.pk)).status_code == 200

    def test_form_offers_texts_dates_and_the_easy_language_version_only(self, client, contributor, joint_project):
        client.force_login(contributor)

        response = client.get(admin_url("projects.project", "change", joint_project.pk))

        fields = set(response.context["adminform"].form.fields)
        assert fields == {
            "title",
            "summary",
            "body",
            "status",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "easy_language_title",
            "easy_language",
            "version_token",  # hidden: the version the form shows (regionportal.backoffice.locking)
        }
        assert response.context["inline_admin_formsets"] == []


class TestEscalation:
    def test_editor_cannot_open_user_or_group_admin(self, client, unna):
        client.force_login(unna.editor)

        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert client.get(reverse("admin:auth_user_change", args=(unna.editor.pk,))).status_code == 403
        assert client.get(reverse("admin:auth_group_changelist")).status_code == 403

    def test_editor_cannot_grant_themselves_a_region_even_with_user_permissions(self, client, unna, mitte):
        editor = unna.editor
        editor.groups.add(Group.objects.get(name=PORTAL_ADMINISTRATION))  # the permissions alone are not enough…
        editor.groups.remove(Group.objects.get(name=REGION_EDITORS))
        force_login_verified(client, editor)
        url = reverse("admin:auth_user_change", args=(editor.pk,))

        response = client.get(url)

        # …a portal administrator may edit accounts, but only a superuser makes superusers
        assert response.status_code == 200
        assert "is_superuser" not in response.context["adminform"].form.fields
        assert "user_permissions" not in response.context["adminform"].form.fields

    def test_portal_admin_assigns_regions(self, client, portal_admin, unna, mitte):
        force_login_verified(client, portal_admin)
        url = reverse("admin:auth_user_change", args=(unna.editor.pk,))
        form = client.get(url)
        data = changeform_data(form)
        prefix = next(
            fs.formset.prefix
            for fs in form.context["inline_admin_formsets"]
            if fs.formset.model._meta.model_name == "editorassignment"
        )
        total = int(data[f"{prefix}-TOTAL_FORMS"][0])
        data |= {f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-region": str(mitte.region.pk)}

        response = client.post(url, data)

        assert response.status_code == 302
        assert set(unna.editor.region_assignments.values_list("region__name", flat=True)) == {
            "Kreis Unna",
            "Region der Mitte",
        }


def test_roles_exist_with_their_permissions():
    editors = Group.objects.get(name=REGION_EDITORS)
    publishers = Group.objects.get(name=REGION_PUBLISHERS)
    administration = Group.objects.get(name=PORTAL_ADMINISTRATION)

    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_project", "change_project", "view_theme", "change_region"} <= editor_perms
    assert not {"add_region", "change_theme", "publish_content", "change_user", "delete_person"} & editor_perms
    assert set(publishers.permissions.values_list("codename", flat=True)) == editor_perms | {"publish_content"}
    assert {"manage_portal", "change_user", "add_region"} <= set(
        administration.permissions.values_list("codename", flat=True)
    )


def test_portal_admin_sees_every_region(client, portal_admin, unna, mitte):
    force_login_verified(client, portal_admin)

    listed = set(client.get(admin_url("projects.project", "changelist")).context["cl"].result_list)

    assert {unna.objects["projects.project"], mitte.objects["projects.project"]} <= listed


def test_inline_refuses_another_regions_contact(client, unna, mitte):
    project = unna.objects["projects.project"]
    client.force_login(unna.editor)
    url = admin_url("projects.project", "change", project.pk)
    data = changeform_data(client.get(url))
    total = int(data["project_contacts-TOTAL_FORMS"][0])
    data |= {
        "project_contacts-TOTAL_FORMS": str(total + 1),
        f"project_contacts-{total}-person": str(mitte.objects["contacts.person"].pk),
    }

    response = client.post(url, data)

    assert response.status_code == 200
    (contacts,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "project_contacts"
    ]
    assert "person" in contacts.forms[total].errors
    assert not project.project_contacts.filter(person=mitte.objects["contacts.person"]).exists()


def test_contributor_follows_own_proposals_only(client, contributor, joint_project, mitte):
    from regionportal.backoffice.services import propose_change

    own = propose_change(project=joint_project, user=contributor, changes={"title": "Vorschlag"})
    client.force_login(contributor)

    response = client.get(admin_url("regionportal.changeproposal", "changelist"))

    assert list(response.context["cl"].result_list) == [own]
    assert client.get(admin_url("regionportal.changeproposal", "change", own.pk)).status_code == 200
    assert client.get(admin_url("regionportal.changeproposal", "history", own.pk)).status_code == 200
    client.post(
        admin_url("regionportal.changeproposal", "changelist"),
        {"action": "accept_selected", "_selected_action": [own.pk]},
    )
    own.refresh_from_db()
    assert own.status == "open"


@pytest.mark.parametrize("role", ["editor", "publisher", "contributor"], indirect=True)
class TestRegionIsolationMatrix:
    """For every role, no route – change, delete, restore, any bulk action (select some or select all) – changes or
    deletes another region's entry, or deletes media another region uses. What is posted is what the rendered pages
    send (CSRF token included); where the page of the foreign entry is not shown, the role's own page of that kind
    is sent to the foreign entry's address, as a forged request would."""

    LABELS = [*SCOPED_MODELS, "regionportal.changeproposal"]

    @pytest.fixture
    def role(self, request, csrf_client, unna, mitte):
        """The signed-in client, its own entries per model and the other region's entries."""
        from regionportal.backoffice.models import ChangeProposal

        name = request.param
        foreign = dict(mitte.objects)
        foreign["regionportal.changeproposal"] = ChangeProposal.objects.create(
            project=mitte.objects["projects.project"], proposed_by=mitte.editor, changes={"title": "Fremd"}
        )
        if name == "contributor":
            user = request.getfixturevalue("contributor")
            own = {"projects.project": request.getfixturevalue("joint_project")}
        else:
            user = unna.editor if name == "editor" else request.getfixturevalue("publisher")
            own = dict(unna.objects)
        csrf_client.force_login(user)
        return csrf_client, own, foreign

    @staticmethod
    def stored(obj):
        """The entry's row and its relations as stored (None once deleted)."""
        row = type(obj)._default_manager.filter(pk=obj.pk).values().first()
        uses = {(type(use), use.pk) for use in uses_of(obj)} if isinstance(obj, Image | Document) else None
        return row, uses

    @staticmethod
    def csrf_only(client):
        """The CSRF token, as any rendered admin page carries it (here the sign-out form of the start page)."""
        return sent_values(page_form_with(client.get(reverse("admin:index")), "csrfmiddlewaretoken"))

    def own_page_data(self, client, own, label, view, make_data, args=lambda obj: ()):
        """What the role's own page of that kind sends, or just the CSRF token where it shows none."""
        obj = own.get(label)
        if obj is not None:
            response = client.get(admin_url(label, view, obj.pk, *args(obj)))
            if response.status_code == 200 and (data := make_data(response)) is not None:
                return data
        return self.csrf_only(client)

    @pytest.mark.parametrize("label", LABELS)
    def test_change_and_delete(self, role, label):
        client, own, foreign = role
        target = foreign[label]
        before = self.stored(target)
        change = self.own_page_data(client, own, label, "change", changeform_data)
        delete = self.own_page_data(client, own, label, "delete", confirmation_or_none)

        assert client.post(admin_url(label, "change", target.pk), change).status_code in (403, 404)
        assert client.post(admin_url(label, "delete", target.pk), delete).status_code in (403, 404)
        assert client.get(admin_url(label, "history", target.pk)).status_code in (403, 404)
        assert self.stored(target) == before

    @pytest.mark.parametrize("label", SCOPED_MODELS)
    def test_restore(self, role, label):
        client, own, foreign = role
        target = foreign[label]
        version = target.history.latest()
        before = self.stored(target)
        data = self.own_page_data(
            client,
            own,
            label,
            "simple_history",
            lambda page: changeform_data(page, title="Übernommen"),
            lambda obj: (obj.history.latest().history_id,),
        )

        url = admin_url(label, "simple_history", target.pk, version.history_id)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, data).status_code in (403, 404)
        assert self.stored(target) == before

    @pytest.mark.parametrize("label", LABELS)
    def test_bulk_actions(self, role, label):
        client, _own, foreign = role
        target = foreign[label]
        before = self.stored(target)
        url = admin_url(label, "changelist")
        changelist = client.get(url)
        actions = offered_actions(changelist) if changelist.status_code == 200 else []
        if not actions:  # no list, or a list without actions: a forged delete of the foreign entry
            assert changelist.status_code in (200, 403)
            forged = self.csrf_only(client) | {"action": "delete_selected", "_selected_action": [target.pk]}
            assert client.post(url, forged | {"post": "yes"}).status_code in (200, 302, 403)
            assert self.stored(target) == before
            return

        for action in sorted(actions, key=lambda action: action == "delete_selected"):  # deleting all comes last
            for data in (
                action_data(changelist, action, target),  # the foreign entry ticked by a forged request
                action_data(changelist, action, target, select_across=True),  # "select all" of the list
            ):
                response = client.post(url, data)
                if action == "delete_selected":
                    confirmation = confirmation_or_none(response) or data | {"post": ["yes"]}
                    client.post(url, confirmation)
                assert self.stored(target) == before, action
                changelist = client.get(url)  # the list as it is now, with a fresh form

    @pytest.mark.parametrize("label", ["regionportal.image", "regionportal.document"])
    def test_media_another_region_uses_are_not_deleted(self, role, unna, mitte, label):
        client, _own, _foreign = role
        medium = unna.objects[label]
        if label == "regionportal.image":
            mitte.region.image = medium
            mitte.region.save()
        else:
            mitte.objects["news.article"].attachments.add(medium)
        before = self.stored(medium)
        delete = admin_url(label, "delete", medium.pk)
        page = client.get(delete)
        data = confirmation_or_none(page) if page.status_code == 200 else None
        assert data is None, "the delete page offers a confirmation"

        assert client.post(delete, self.csrf_only(client) | {"post": "yes"}).status_code in (403, 404)
        changelist = client.get(admin_url(label, "changelist"))
        if changelist.status_code == 200:
            for select_across in (False, True):
                data = action_data(changelist, "delete_selected", medium, select_across=select_across)
                assert "wurde nichts gelöscht" in client.post(admin_url(label, "changelist"), data).content.decode()
                refused = client.post(admin_url(label, "changelist"), data | {"post": ["yes"]})
                assert refused.status_code == 403
        assert self.stored(medium) == before


def confirmation_or_none(response):
    """What the "Ja, ich bin sicher" button of a rendered delete confirmation sends, or None without one."""
    try:
        return confirmation_data(response)
    except AssertionError:
        return None


def page_form_with(response, name):
    """The first rendered form of the page with a field ``name``."""
    return next(form for form in lxml.html.fromstring(response.content.decode()).forms if name in form.inputs.keys())
