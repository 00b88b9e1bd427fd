"""Uploads through the admin's add and change forms, signed in as a portal administrator."""

import html
import re

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regionportal.media.models import Document, Image
from tests.media.corpus import PDF, bad_documents, bad_images, good_documents, picture
from tests.pages import sent_values

IMAGE_ADD = reverse("admin:regionportal_image_add")
DOCUMENT_ADD = reverse("admin:regionportal_document_add")


def image_data(name, content, **changes):
    return {
        "file": SimpleUploadedFile(name, content),
        "title": "Kick-off der Zukunftswerkstatt",
        "alt_text": "Menschen sitzen an Tischen und diskutieren",
        "creator": "HSK",
        "credit_line": "Foto: HSK",
        "licence": "all-rights",
        "_save": "Sichern",
    } | changes


def document_data(name, content, **changes):
    return {
        "file": SimpleUploadedFile(name, content),
        "title": "Abschlussbericht",
        "file_type": "pdf",
        "language": "de",
        "_save": "Sichern",
    } | changes


def rendered_form(client, url, form_id):
    """What the browser sends for the form as the page renders it (hidden fields and preset choices included),
    without a file: ``{name: [values]}``."""
    form = lxml.html.fromstring(client.get(url).content).get_element_by_id(form_id)
    assert form.get("enctype") == "multipart/form-data"
    return sent_values(form)


def refusal(response, field="file"):
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert len(errors) == 1
    assert errors[0] in html.unescape(response.content.decode())  # shown to the editor, next to the field
    return errors[0]


@pytest.mark.parametrize("bad", bad_images(), ids=str)
def test_bad_images_are_refused_and_nothing_is_stored(bad, portal_admin_client, snapshot):
    before = snapshot()
    response = portal_admin_client.post(IMAGE_ADD, image_data(bad.name, bad.content))
    assert refusal(response).startswith(bad.message)
    assert snapshot() == before


@pytest.mark.parametrize("bad", bad_documents(), ids=str)
def test_bad_documents_are_refused_and_nothing_is_stored(bad, portal_admin_client, snapshot):
    before = snapshot()
    data = rendered_form(portal_admin_client, DOCUMENT_ADD, "document_form")
    data |= {"title": ["Abschlussbericht"], "file": SimpleUploadedFile(bad.name, bad.content), "_save": "Sichern"}
    response = portal_admin_client.post(DOCUMENT_ADD, data)
    assert refusal(response).startswith(bad.message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "message"),
    [("alt_text", "Bitte beschreiben Sie, was auf dem Bild"), ("creator", "Bitte geben Sie an, von wem das Bild ist")],
)
def test_alt_text_and_photographer_are_required(field, message, portal_admin_client, snapshot):
    before = snapshot()
    response = portal_admin_client.post(IMAGE_ADD, image_data("foto.jpg", picture(), **{field: " "}))
    assert refusal(response, field).startswith(message)
    assert snapshot() == before


def test_a_good_image_is_stored_cleaned_with_renditions(portal_admin_client, media_root):
    response = portal_admin_client.post(IMAGE_ADD, image_data("IMG_2041.JPG", picture(size=(2400, 1600))))
    assert response.status_code == 302
    image = Image.objects.get()
    assert re.fullmatch(r"bilder/\d{4}/[0-9a-f]{32}\.jpg", image.file.name)
    assert (image.width, image.height) == (2400, 1600) and image.uploaded_by.username == "bildredaktion"
    assert len(image.renditions["items"]) == 6
    assert all((media_root / item["name"]).is_file() for item in image.renditions["items"])
    assert not list(media_root.rglob("IMG_2041*"))


@pytest.mark.parametrize("name", ["../../../etc/passwd.jpg", "..\\..\\autoexec.jpg", "bild\x00.jpg", "bild\x1b.jpg"])
def test_hostile_names_never_reach_the_storage(name, portal_admin_client, media_root, snapshot):
    """Django's upload parser drops paths and control characters; the file is stored under a generated name."""
    portal_admin_client.post(IMAGE_ADD, image_data(name, picture()))
    (image,) = Image.objects.all()
    assert re.fullmatch(r"bilder/\d{4}/[0-9a-f]{32}\.jpg", image.file.name)
    assert [path.name for path in media_root.parent.iterdir()] == ["media"]  # nothing written beside the media
    assert not [path for path in media_root.rglob("*") if "passwd" in path.name or "autoexec" in path.name]

    Image.objects.all().delete()
    before = snapshot()
    response = portal_admin_client.post(IMAGE_ADD, image_data(name, PDF))  # the same name with bad content
    assert refusal(response).startswith("Die Datei ist kein Bild")
    assert snapshot() == before


def test_a_new_file_on_the_change_form_replaces_the_renditions(portal_admin_client, media_root):
    portal_admin_client.post(IMAGE_ADD, image_data("alt.jpg", picture(size=(1000, 500))))
    image = Image.objects.get()
    change = reverse("admin:regionportal_image_change", args=[image.pk])

    response = portal_admin_client.post(change, image_data("neu.png", picture(size=(500, 1000), image_format="PNG")))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".png") and image.renditions["source"] == image.file.name
    assert {(item["width"], item["height"]) for item in image.renditions["items"]} == {(480, 960), (500, 1000)}


@pytest.mark.parametrize(("name", "content", "kind"), good_documents())
def test_good_documents_are_stored_with_type_and_size(name, content, kind, portal_admin_client, media_root):
    response = portal_admin_client.post(DOCUMENT_ADD, document_data(name, content))
    assert response.status_code == 302
    document = Document.objects.get()
    assert re.fullmatch(rf"dokumente/\d{{4}}/[0-9a-f]{{32}}\.{kind}", document.file.name)
    assert (document.file_type, document.size_bytes) == (kind, len(content))
    assert document.uploaded_by.username == "bildredaktion"


def readonly_values(response):
    """The read-only lines of a rendered admin form: ``{label: text}``."""
    page = lxml.html.fromstring(response.content.decode())
    return {
        line.xpath("normalize-space(.//label)").rstrip(":"): line.xpath("normalize-space(.//div[@class='readonly'])")
        for line in page.xpath('//div[contains(@class, "form-row")][.//div[@class="readonly"]]')
    }


def test_a_new_image_asks_for_the_photographer_once_and_shows_no_empty_sizes(portal_admin_client, media_root):
    response = portal_admin_client.get(IMAGE_ADD)
    page = lxml.html.fromstring(response.content.decode())

    assert readonly_values(response) == {}  # no empty "Breite", "Höhe", "hochgeladen von"
    assert len(page.xpath('//input[@name="creator"][@required]')) == 1
    assert page.xpath('//input[@name="credit_line"]/@required') == []

    data = rendered_form(portal_admin_client, IMAGE_ADD, "image_form")
    data |= {key: [value] for key, value in image_data("foto.jpg", picture(size=(2400, 1600))).items()}
    data["credit_line"] = [""]  # as the page sends it when the editor leaves it alone
    assert portal_admin_client.post(IMAGE_ADD, data).status_code == 302
    image = Image.objects.get()
    assert image.credit_line == "Foto: HSK"

    shown = readonly_values(portal_admin_client.get(reverse("admin:regionportal_image_change", args=[image.pk])))
    assert shown == {"Größe in Pixel": "2.400 × 1.600", "Hochgeladen von": "bildredaktion"}


def test_document_type_and_size_come_from_the_file_and_cannot_be_posted(portal_admin_client, media_root):
    response = portal_admin_client.get(DOCUMENT_ADD)
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath('//*[@name="file_type" or @name="size_bytes"]') == []
    assert readonly_values(response) == {}

    data = rendered_form(portal_admin_client, DOCUMENT_ADD, "document_form")
    data |= {"title": ["Abschlussbericht"], "file": SimpleUploadedFile("bericht.pdf", PDF), "_save": ["Sichern"]}
    data |= {"file_type": ["docx"], "size_bytes": ["1"]}  # forged: the page has no such fields
    assert portal_admin_client.post(DOCUMENT_ADD, data).status_code == 302
    document = Document.objects.get()
    assert (document.file_type, document.size_bytes) == ("pdf", len(PDF))

    change = reverse("admin:regionportal_document_change", args=[document.pk])
    shown = readonly_values(portal_admin_client.get(change))
    assert shown == {
        "Dateityp": "PDF",
        "Größe": f"{len(PDF)}\xa0Bytes",
        "Hochgeladen von": "bildredaktion",
    }
    data = rendered_form(portal_admin_client, change, "document_form") | {"file_type": ["xlsx"], "size_bytes": ["9"]}
    assert portal_admin_client.post(change, data).status_code == 302
    document.refresh_from_db()
    assert (document.file_type, document.size_bytes) == ("pdf", len(PDF))
