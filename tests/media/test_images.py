"""Image uploads through the form class: checked by Pillow, cleaned, stored under generated names, renditions."""

import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import PngImagePlugin

from regionportal.media.forms import ImageForm
from regionportal.media.models import Image
from regionportal.media.processing import RENDITION_VERSION, Picture, make_missing_renditions
from tests.factories import make_image
from tests.media.conftest import stored_files
from tests.media.corpus import (
    UNSAFE_NAME,
    bad_images,
    camera_exif,
    picture,
    two_tone,
    unsafe_names,
    zip_archive,
)

pytestmark = pytest.mark.django_db

GENERATED_NAME = re.compile(r"^bilder/\d{4}/[0-9a-f]{32}\.(jpg|png|webp)$")


def image_form(name, content, instance=None, **changes):
    data = {
        "title": "Technologiezentrum",
        "alt_text": "Ansicht des Technologiezentrums von Süden",
        "creator": "Hans Blossey",
        "credit_line": "Foto: Hans Blossey",
        "licence": "all-rights",
    } | changes
    return ImageForm(data=data, files={"file": SimpleUploadedFile(name, content)}, instance=instance)


def upload(name, content, **changes):
    form = image_form(name, content, **changes)
    assert form.is_valid(), form.errors
    return form.save()


def stored(image):
    with default_storage.open(image.file.name) as file:
        return file.read()


def opened(data):
    picture = PILImage.open(BytesIO(data))
    picture.load()
    return picture


# -- refused -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", bad_images(), ids=str)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(bad, snapshot):
    before = snapshot()
    form = image_form(bad.name, bad.content)
    assert not form.is_valid()
    assert len(form.errors["file"]) == 1 and form.errors["file"][0].startswith(bad.message), form.errors
    assert snapshot() == before


@pytest.mark.parametrize("name", unsafe_names("jpg"))
def test_names_with_paths_or_control_characters_are_refused_whatever_the_content(name, snapshot):
    before = snapshot()
    form = image_form(name, picture())
    assert not form.is_valid()
    assert form.errors["file"] == [UNSAFE_NAME + " Bitte benennen Sie die Datei um und laden Sie sie erneut hoch."]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("alt_text", "Bitte beschreiben Sie, was auf dem Bild zu sehen ist."),
        ("creator", "Bitte geben Sie an, von wem das Bild ist, z. B. „Hans Blossey“."),
    ],
)
@pytest.mark.parametrize("value", ["", "   "])
def test_alt_text_and_photographer_are_required_with_a_friendly_message(field, message, value, snapshot):
    before = snapshot()
    form = image_form("foto.jpg", picture(), **{field: value})
    assert not form.is_valid()
    assert form.errors[field][0].startswith(message)
    assert snapshot() == before


@pytest.mark.parametrize("value", ["", "   "])
def test_the_photographer_is_asked_once_and_the_credit_line_follows_from_it(value, media_root):
    assert upload("foto.jpg", picture(), credit_line=value).credit_line == "Foto: Hans Blossey"


def test_a_credit_line_worded_otherwise_is_kept(media_root):
    image = upload("foto.jpg", picture(), credit_line="Luftbild: Hans Blossey / RVR")
    assert (image.creator, image.credit_line) == ("Hans Blossey", "Luftbild: Hans Blossey / RVR")


# -- accepted and cleaned ------------------------------------------------------------------------------------------


def test_stored_under_a_generated_name_never_the_uploaded_one(media_root):
    image = upload("Urlaub (Kopie) 2025.JPG", picture())
    assert GENERATED_NAME.match(image.file.name)
    assert image.file.name.endswith(".jpg")
    assert "Urlaub" not in image.file.name and (media_root / image.file.name).is_file()


def test_the_extension_follows_the_content_not_the_name(media_root):
    image = upload("grafik.jpg", picture(image_format="PNG"))
    assert image.file.name.endswith(".png") and opened(stored(image)).format == "PNG"


def test_exif_orientation_is_applied(media_root):
    """A phone picture 40 × 20 with orientation 6 (turn 90° clockwise to view): stored 20 × 40, upright."""
    red, blue = (220, 0, 0), (0, 0, 220)
    image = upload("hochkant.jpg", two_tone((40, 20), red, blue, exif=camera_exif(orientation=6)))
    assert (image.width, image.height) == (20, 40)
    upright = opened(stored(image)).convert("RGB")
    assert upright.size == (20, 40)
    right, left = upright.getpixel((15, 20)), upright.getpixel((4, 20))
    assert right[0] > 180 > right[2] and left[2] > 180 > left[0]  # the old top (red) is now on the right
    assert upright.getexif().get(0x0112) is None  # no orientation left to apply twice


@pytest.mark.parametrize(
    ("image_format", "options"),
    [
        ("JPEG", {"exif": camera_exif(), "comment": b"Aufgenommen bei Familie Muster"}),
        ("PNG", {"exif": camera_exif(), "pnginfo": PngImagePlugin.PngInfo()}),
        ("WEBP", {"exif": camera_exif()}),
    ],
)
def test_all_metadata_including_the_gps_position_is_removed(image_format, options, media_root):
    if image_format == "PNG":
        options["pnginfo"].add_text("Comment", "Aufgenommen bei Familie Muster")
    original = picture(size=(300, 200), image_format=image_format, **options)
    assert b"Telefonbau" in original and opened(original).getexif().get_ifd(0x8825)  # the test file has GPS data

    image = upload(f"foto.{image_format.lower()}", original)
    data = stored(image)
    clean = opened(data)
    assert clean.format == image_format
    assert len(clean.getexif()) == 0 and not clean.getexif().get_ifd(0x8825)
    assert not {"exif", "xmp", "icc_profile", "comment", "Comment"} & set(clean.info)
    assert b"Telefonbau" not in data and b"Familie Muster" not in data and b"Exif" not in data


def test_a_cmyk_jpeg_is_accepted_and_stored_as_rgb(media_root):
    image = upload("druckvorlage.jpg", picture(size=(300, 200), mode="CMYK", color=(100, 0, 0, 0)))
    clean = opened(stored(image))
    assert clean.mode == "RGB" and clean.format == "JPEG"
    red, green, blue = clean.getpixel((10, 10))
    assert red < green and red < blue  # cyan stays cyan


def test_a_jpeg_with_an_appended_zip_is_accepted_only_as_its_re_encoded_picture(media_root):
    """Polyglot JPEG + ZIP: the picture is kept, the appended archive does not survive the re-encoding."""
    polyglot = picture(size=(300, 200)) + zip_archive({"evil.html": "<script>alert(1)</script>"})
    assert zipfile.is_zipfile(BytesIO(polyglot))

    data = stored(upload("harmlos.jpg", polyglot))
    assert not zipfile.is_zipfile(BytesIO(data)) and b"PK\x03\x04" not in data and b"evil.html" not in data
    assert opened(data).size == (300, 200)


def test_transparency_is_kept(media_root):
    image = upload("logo.png", picture(size=(600, 300), image_format="PNG", mode="RGBA", color=(0, 84, 122, 0)))
    assert opened(stored(image)).mode == "RGBA"
    assert {item["format"] for item in image.renditions["items"]} == {"webp", "png"}


# -- renditions ----------------------------------------------------------------------------------------------------


def test_renditions_are_made_once_in_three_widths_as_webp_and_jpeg(media_root):
    image = upload("gross.jpg", picture(size=(2000, 1250)))
    items = image.renditions["items"]
    assert image.renditions["source"] == image.file.name
    assert sorted((item["format"], item["width"], item["height"]) for item in items) == [
        ("jpeg", 480, 300),
        ("jpeg", 960, 600),
        ("jpeg", 1440, 900),
        ("webp", 480, 300),
        ("webp", 960, 600),
        ("webp", 1440, 900),
    ]
    for item in items:
        rendition = opened((media_root / item["name"]).read_bytes())
        assert rendition.size == (item["width"], item["height"])
        assert rendition.format == item["format"].upper() and len(rendition.getexif()) == 0

    reloaded = Image.objects.get(pk=image.pk)
    assert reloaded.renditions == image.renditions
    assert reloaded.picture.src.endswith("-960w.jpg") and (reloaded.picture.width, reloaded.picture.height) == (
        960,
        600,
    )
    for item in items:
        listed = reloaded.picture.srcset if item["format"] == "jpeg" else reloaded.picture.sources[0][1]
        assert f"/media/{item['name']} {item['width']}w" in listed
    assert reloaded.picture.sources[0][0] == "image/webp"


def test_small_images_are_never_enlarged(media_root):
    image = upload("klein.jpg", picture(size=(600, 400)))
    assert sorted({item["width"] for item in image.renditions["items"]}) == [480, 600]


def test_saving_without_a_new_file_reuses_the_renditions(media_root):
    image = upload("foto.jpg", picture())
    files, renditions = sorted(media_root.rglob("*")), image.renditions
    form = ImageForm(
        data={**image_form("x", b"").data, "title": "Neuer Titel"}, files={}, instance=Image.objects.get(pk=image.pk)
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.renditions == renditions and sorted(media_root.rglob("*")) == files


def test_a_new_file_gets_new_renditions_and_the_old_ones_go(media_root, django_capture_on_commit_callbacks):
    image = upload("alt.jpg", picture(size=(1000, 500)))
    old = [item["name"] for item in image.renditions["items"]]

    with django_capture_on_commit_callbacks(execute=True):
        form = image_form("neu.jpg", picture(size=(800, 800)), instance=Image.objects.get(pk=image.pk))
        assert form.is_valid(), form.errors
        changed = form.save()

    assert changed.renditions["source"] == changed.file.name != image.file.name
    assert {(item["width"], item["height"]) for item in changed.renditions["items"]} == {(480, 480), (800, 800)}
    assert not any((media_root / name).exists() for name in old)
    assert all((media_root / item["name"]).exists() for item in changed.renditions["items"])


def test_images_stored_without_save_are_shown_as_their_original_until_their_renditions_are_made(
    media_root, django_assert_num_queries
):
    """As fixtures and bulk_create store them: file written, no renditions. Displaying them writes nothing."""
    default_storage.save("bulk/bild-1.jpg", BytesIO(picture(size=(1200, 800))))
    (image,) = Image.objects.bulk_create(
        [Image(file="bulk/bild-1.jpg", width=1200, height=800, title="B", alt_text="A", creator="C", credit_line="D")]
    )
    files = stored_files(media_root)
    first = Image.objects.get(pk=image.pk)
    with django_assert_num_queries(0):
        assert first.picture == Picture(src="/media/bulk/bild-1.jpg", width=1200, height=800)
    assert stored_files(media_root) == files and Image.objects.get(pk=image.pk).renditions == {}

    assert make_missing_renditions(Image.objects.all()) == 1
    made = Image.objects.get(pk=image.pk)
    assert "1200w" in made.picture.srcset and len(stored_files(media_root)) == len(files) + 6
    assert make_missing_renditions(Image.objects.all()) == 0  # recorded: not made again


def test_a_missing_file_is_shown_as_it_is_and_its_renditions_made_once_it_is_there(media_root):
    (image,) = Image.objects.bulk_create(
        [Image(file="demo/fehlt.jpg", width=1200, height=800, title="B", alt_text="A", creator="C", credit_line="D")]
    )
    assert make_missing_renditions(Image.objects.all()) == 0
    assert Image.objects.get(pk=image.pk).picture.src == "/media/demo/fehlt.jpg"
    assert Image.objects.get(pk=image.pk).renditions == {}

    default_storage.save("demo/fehlt.jpg", BytesIO(picture(size=(1200, 800))))
    assert make_missing_renditions(Image.objects.all()) == 1
    assert "960w" in Image.objects.get(pk=image.pk).picture.srcset


def test_an_unreadable_stored_file_is_shown_without_renditions_and_not_tried_again(media_root):
    default_storage.save("demo/kaputt.jpg", BytesIO(b"kein Bild"))
    (image,) = Image.objects.bulk_create(
        [Image(file="demo/kaputt.jpg", title="B", alt_text="A", creator="C", credit_line="D")]
    )
    assert make_missing_renditions(Image.objects.all()) == 1
    shown = Image.objects.get(pk=image.pk).picture
    assert (shown.src, shown.srcset, shown.sources) == ("/media/demo/kaputt.jpg", "", ())
    assert Image.objects.get(pk=image.pk).renditions == {
        "source": "demo/kaputt.jpg",
        "version": RENDITION_VERSION,
        "items": [],
    }
    assert make_missing_renditions(Image.objects.all()) == 0


def test_factory_images_have_renditions_too(media_root):
    image = make_image()
    assert [item["width"] for item in image.renditions["items"]] == [1, 1]


def test_renditions_follow_a_file_saved_with_update_fields(media_root):
    image = upload("foto.jpg", picture(size=(1000, 500)))
    image.file = default_storage.save("bilder/ersatz.jpg", BytesIO(picture(size=(500, 500))))
    image.save(update_fields=["file"])
    assert Image.objects.get(pk=image.pk).renditions["source"] == "bilder/ersatz.jpg"
