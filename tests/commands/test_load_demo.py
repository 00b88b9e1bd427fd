"""The load_demo command: loads the seed content, gives every public object a short code, draws pictures."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PILImage

from projects.models import Project, Region
from regionportal.management.commands.load_demo import placeholder_picture
from regionportal.media.models import Image
from regionportal.media.processing import has_current_renditions
from regionportal.publishing.models import Publishable, ShortLink
from tests.media.conftest import stored_files

pytestmark = pytest.mark.django_db


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def publishable_objects():
    from django.apps import apps

    return [obj for model in apps.get_models() if issubclass(model, Publishable) for obj in model.objects.all()]


def test_dry_run_writes_nothing():
    output = load("--dry-run")
    assert "01_reference.json" in output
    assert not Region.objects.exists()


def test_load_demo_is_complete_and_repeatable():
    load()
    objects = publishable_objects()
    assert objects
    assert all(obj.short_code for obj in objects)
    assert ShortLink.objects.filter(object_id__isnull=False).count() == len(objects)
    codes = {(type(obj), obj.pk): obj.short_code for obj in objects}
    assert Project.objects.get(short_code="0de173").lead_region.slug == "kreis-unna"

    load()  # loading again keeps every code and adds no duplicate
    assert {(type(obj), obj.pk): obj.short_code for obj in publishable_objects()} == codes
    assert ShortLink.objects.count() == len(objects)


def test_if_empty_leaves_existing_content_alone():
    load()
    Region.objects.filter(slug="kreis-unna").update(name="Kreis Unna (bearbeitet)")
    assert "nicht erneut geladen" in load("--if-empty")
    assert Region.objects.get(slug="kreis-unna").name == "Kreis Unna (bearbeitet)"


def test_placeholder_pictures_exist_for_every_image():
    load()
    images = list(Image.objects.all())
    assert images
    for image in images:
        assert default_storage.exists(image.file.name)


def test_no_admin_account_without_debug(settings):
    settings.DEBUG = False
    load()
    assert not get_user_model().objects.exists()


def test_loading_again_writes_no_file_twice(client, settings, tmp_path):
    """Placeholders, renditions and share images have names that follow from their content: a second load, with
    the pages shown in between, leaves exactly the same files – no copies with a random suffix."""
    settings.MEDIA_ROOT = tmp_path
    load()
    files = stored_files(tmp_path)
    assert any(name.startswith("varianten/demo/") for name in files)
    assert any(name.startswith("share/projekt/") for name in files)
    pages = [project.get_absolute_url() for project in Project.objects.published()]

    for url in pages:
        client.get(url)
    load()
    for url in pages:
        client.get(url)

    assert stored_files(tmp_path) == files
    assert all(has_current_renditions(image) for image in Image.objects.all())


def test_placeholders_write_german_letters_with_a_real_font():
    """„Lünen-Brambauer“ must not come out as „L▯nen-Brambauer“: the ü draws differently from a missing glyph."""
    size = {"credit_line": "Foto: Hans Blossey", "width": 600, "height": 400}
    image = Image(title="Technologiezentrum Lünen-Brambauer", **size)
    missing = Image(title="Technologiezentrum L\ue000nen-Brambauer", **size)  # a code point no font has
    assert pixels(placeholder_picture(image)) != pixels(placeholder_picture(missing))


def pixels(content):
    with PILImage.open(content) as picture:
        return picture.convert("L").tobytes()
