"""``manage.py renditions``: reports, rebuilds missing renditions and share images, removes orphaned files."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from projects.models import Project
from regionportal.media.models import Image
from regionportal.media.processing import has_current_renditions
from regionportal.pages import share_images
from tests.media.conftest import stored_files

pytestmark = pytest.mark.django_db


def renditions(*args, verbosity=1):
    out = StringIO()
    call_command("renditions", *args, verbosity=verbosity, stdout=out)
    return out.getvalue()


def aged(root, name, hours=2):
    """Make a file look as old as a stray file of an earlier day (younger ones are kept: a save may be under way)."""
    then = time.time() - hours * 3600
    os.utime(root / name, (then, then))


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    return tmp_path


@pytest.fixture
def project_image():
    return Image.objects.get(project_uses__project__short_code="0de173")


def test_everything_current_is_left_alone(demo):
    files = stored_files(demo)
    output = renditions("--rebuild-missing", "--remove-orphans")
    assert "Bildvarianten: 0 Bilder nicht aktuell, 0 Dateien erstellt" in output
    assert "Vorschaubilder: 0 fehlten, 0 gezeichnet" in output
    assert "Verwaiste Dateien: 0 gelöscht" in output
    assert stored_files(demo) == files


def test_a_deleted_rendition_is_made_again_and_an_orphan_removed(demo, project_image):
    lost = project_image.renditions["items"][1]["name"]
    (demo / lost).unlink()
    orphan = "varianten/demo/technologiezentrum-luenen-brambauer-960w_GiQmzgz.jpg"  # a copy an old version wrote
    default_storage.save(orphan, ContentFile(b"alt"))
    aged(demo, orphan)
    files = stored_files(demo)

    report = renditions("--dry-run", "--rebuild-missing", "--remove-orphans", verbosity=2)
    assert stored_files(demo) == files  # a dry run changes nothing
    assert f"Bildvarianten von {project_image.file.name}: 1 Dateien fehlen" in report
    assert f"verwaist: {orphan}" in report and "Nur geprüft, nichts geändert." in report

    output = renditions("--rebuild-missing", "--remove-orphans")

    assert "Bildvarianten: 1 Bilder nicht aktuell, 1 Dateien erstellt" in output
    assert "Verwaiste Dateien: 1 gelöscht" in output
    assert (demo / lost).is_file() and not (demo / orphan).exists()
    assert stored_files(demo) == sorted({*files, lost} - {orphan})


def test_without_an_action_it_only_reports(demo, project_image):
    lost = project_image.renditions["items"][0]["name"]
    (demo / lost).unlink()
    files = stored_files(demo)
    output = renditions()
    assert "1 Dateien würden erstellt" in output and "Nur geprüft" in output
    assert stored_files(demo) == files


def test_young_orphans_are_kept_unless_asked(demo):
    young = "varianten/demo/eben-geschrieben-480w.jpg"
    default_storage.save(young, ContentFile(b"neu"))
    assert "Verwaiste Dateien: 0 gelöscht" in renditions("--remove-orphans")
    assert "Verwaiste Dateien: 1 gelöscht" in renditions("--remove-orphans", "--min-age", "0")
    assert not (demo / young).exists()


def test_renditions_of_older_settings_are_replaced_and_their_files_removed(demo, project_image):
    """A record an earlier version wrote (other names, suffixed copies): made anew, the old files go."""
    old_name = f"varianten/{project_image.file.name.removesuffix('.jpg')}-960w_GiQmzgz.jpg"
    default_storage.save(old_name, ContentFile(b"alt"))
    aged(demo, old_name)
    current = project_image.renditions
    Image.objects.filter(pk=project_image.pk).update(
        renditions={
            "source": project_image.file.name,
            "items": [{"format": "jpeg", "width": 960, "height": 640, "name": old_name}],
        }
    )

    renditions("--rebuild-missing", "--remove-orphans")

    rebuilt = Image.objects.get(pk=project_image.pk)
    assert has_current_renditions(rebuilt) and rebuilt.renditions == current
    assert not (demo / old_name).exists()


def test_a_missing_share_image_is_drawn_and_an_outdated_one_removed(demo):
    project = share_images.project_queryset().get(short_code="0de173")
    source = share_images.share_source(project)
    (demo / source.path).unlink()
    outdated = "share/projekt/0123456789abcdef0123.png"
    default_storage.save(outdated, ContentFile(b"alt"))
    aged(demo, outdated)

    output = renditions("--rebuild-missing", "--remove-orphans", verbosity=2)

    assert f"Vorschaubild fehlt: {source.path}" in output and "Vorschaubilder: 1 fehlten, 1 gezeichnet" in output
    assert (demo / source.path).is_file() and not (demo / outdated).exists()


def test_share_images_of_bulk_data_are_drawn_by_the_command(demo):
    call_command("generate_bulk_data", projects=3, articles=1, regions=1, municipalities=4, verbosity=0)
    bulk = Project.objects.filter(slug__startswith="bulk-")
    sources = [share_images.share_source(obj) for obj in share_images.project_queryset(bulk)]
    assert not any(share_images.is_stored(source) for source in sources)

    renditions("--rebuild-missing")

    assert all(share_images.is_stored(source) for source in sources)
