"""Document uploads through the form class: recognised by content, size-limited, stored under generated names."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ProjectDocument
from regionportal.media.forms import DocumentForm
from regionportal.media.models import Document
from regionportal.media.processing import DocumentType
from tests.factories import make_project
from tests.media.corpus import PDF, UNSAFE_NAME, bad_documents, good_documents, unsafe_names

pytestmark = pytest.mark.django_db

GENERATED_NAME = re.compile(r"^dokumente/\d{4}/[0-9a-f]{32}\.(pdf|docx|xlsx|pptx|odt|ods)$")


def document_form(name=None, content=b"", instance=None, **changes):
    data = {"title": "Regionales Entwicklungskonzept", "language": "de", "file_type": "web"} | changes
    files = {"file": SimpleUploadedFile(name, content)} if name else {}
    return DocumentForm(data=data, files=files, instance=instance)


@pytest.mark.parametrize(("name", "content", "kind"), good_documents())
def test_allowed_documents_are_stored_under_a_generated_name_with_type_and_size(name, content, kind, media_root):
    form = document_form(name, content, file_type="pdf", size_bytes="1")
    assert form.is_valid(), form.errors
    document = form.save()
    document.refresh_from_db()
    assert GENERATED_NAME.match(document.file.name) and document.file.name.endswith(f".{kind}")
    assert (document.file_type, document.size_bytes) == (kind, len(content))
    assert (media_root / document.file.name).read_bytes() == content


@pytest.mark.parametrize("bad", bad_documents(), ids=str)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(bad, snapshot):
    before = snapshot()
    form = document_form(bad.name, bad.content)
    assert not form.is_valid()
    assert len(form.errors["file"]) == 1 and form.errors["file"][0].startswith(bad.message), form.errors
    assert snapshot() == before


@pytest.mark.parametrize("name", unsafe_names("pdf"))
def test_names_with_paths_or_control_characters_are_refused_whatever_the_content(name, snapshot):
    before = snapshot()
    form = document_form(name, PDF)
    assert not form.is_valid()
    assert form.errors["file"][0].startswith(UNSAFE_NAME)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.regiondermitte.de/", DocumentType.WEB),
        ("https://www.regiondermitte.de/rek/bericht-2024.PDF?download=1", DocumentType.PDF),
        ("https://www.kreis-unna.de/tabelle.xlsx", DocumentType.XLSX),
        ("https://www.kreis-unna.de/seite.html", DocumentType.WEB),
    ],
)
def test_a_linked_documents_type_comes_from_its_address_whatever_is_posted(url, kind, media_root):
    form = document_form(external_url=url, file_type="odt", size_bytes="123")
    assert form.is_valid(), form.errors
    document = form.save()
    document.refresh_from_db()
    assert (document.file_type, document.size_bytes) == (kind, None)


def test_neither_file_nor_link_gets_a_clear_message(snapshot):
    before = snapshot()
    form = document_form()
    assert not form.is_valid()
    assert form.non_field_errors() == ["Bitte laden Sie eine Datei hoch oder geben Sie einen externen Link an."]
    assert snapshot() == before


def test_title_is_required_with_a_friendly_message(snapshot):
    form = document_form("bericht.pdf", PDF, title="")
    assert not form.is_valid()
    assert form.errors["title"] == ["Bitte geben Sie dem Dokument einen Titel; unter ihm erscheint es auf der Seite."]


def test_type_and_size_of_a_stored_file_cannot_be_edited_away(media_root):
    _name, content, _kind = good_documents()[5]  # ods
    document = document_form("tabelle.ods", content).save()
    form = document_form(instance=Document.objects.get(pk=document.pk), title="Neu", file_type="pdf", size_bytes="9")
    assert form.is_valid(), form.errors
    edited = form.save()
    edited.refresh_from_db()
    assert (edited.title, edited.file, edited.file_type, edited.size_bytes) == (
        "Neu",
        document.file,
        "ods",
        len(content),
    )


def test_the_public_page_shows_title_type_and_size(client, media_root):
    _name, content, _kind = good_documents()[1]  # docx
    form = document_form("Konzept.docx", content, title="Handlungskonzept 2030")
    assert form.is_valid(), form.errors
    project = make_project()
    ProjectDocument.objects.create(project=project, document=form.save())

    page = client.get(project.get_absolute_url()).content.decode()

    assert "Handlungskonzept 2030" in page and "Word-Dokument" in page
    assert f"{len(content)}\xa0Bytes" in page
