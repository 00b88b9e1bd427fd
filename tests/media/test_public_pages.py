"""The public pages show every image as a responsive <picture>, from renditions made when it was saved or loaded."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project, ProjectImage
from regionportal.media.forms import ImageForm
from regionportal.media.models import Image
from regionportal.media.processing import has_current_renditions
from tests.factories import make_project
from tests.media.conftest import stored_files
from tests.media.corpus import picture

pytestmark = pytest.mark.django_db

SMALL_BULK = {"projects": 12, "articles": 4, "regions": 2, "municipalities": 8, "verbosity": 0}


def uploaded_image():
    form = ImageForm(
        data={
            "title": "Technologiezentrum",
            "alt_text": "Ansicht des Technologiezentrums",
            "creator": "Hans Blossey",
            "credit_line": "Foto: Hans Blossey",
            "licence": "all-rights",
        },
        files={"file": SimpleUploadedFile("tz.jpg", picture(size=(2000, 1250)))},
    )
    assert form.is_valid(), form.errors
    return form.save()


def figure(page):
    match = re.search(r'<figure class="figure">.*?</figure>', page, re.S)
    assert match, "no figure on the page"
    return match.group()


def test_the_project_page_offers_webp_and_jpeg_renditions_with_srcset(client, media_root):
    image = uploaded_image()
    project = make_project()
    ProjectImage.objects.create(project=project, image=image)
    (digest,) = {item["name"].rsplit("-", 2)[1] for item in image.renditions["items"]}  # of the file's content
    stem = f"{image.file.name.removesuffix('.jpg')}-{digest}"

    shown = figure(client.get(project.get_absolute_url()).content.decode())

    webp = ", ".join(f"/media/varianten/{stem}-{width}w.webp {width}w" for width in (480, 960, 1440))
    jpeg = ", ".join(f"/media/varianten/{stem}-{width}w.jpg {width}w" for width in (480, 960, 1440))
    assert f'<source type="image/webp" srcset="{webp}" sizes="' in shown
    assert f'<img src="/media/varianten/{stem}-960w.jpg" srcset="{jpeg}" sizes="' in shown
    assert 'alt="Ansicht des Technologiezentrums"' in shown and 'width="960" height="600"' in shown
    assert "Foto: Hans Blossey" in shown


def test_the_english_page_marks_the_german_alt_text_and_caption(client, media_root):
    project = make_project()
    ProjectImage.objects.create(project=project, image=uploaded_image())

    shown = figure(client.get(f"/en{project.get_absolute_url()}").content.decode())

    assert re.search(r'<img [^>]*alt="Ansicht des Technologiezentrums" lang="de"', shown)
    assert '<figcaption lang="de">' in shown


def test_load_demo_makes_the_renditions_and_pages_only_read_them(client, media_root):
    call_command("load_demo", verbosity=0)
    project = Project.objects.get(short_code="0de173")
    assert project.project_images.exists()
    assert all(has_current_renditions(image) for image in Image.objects.all())
    files = stored_files(media_root)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(project.get_absolute_url()).content.decode()
        second = client.get(project.get_absolute_url()).content.decode()

    assert 'type="image/webp"' in figure(first) and "w.webp 480w" in figure(first)
    assert figure(second) == figure(first)
    assert stored_files(media_root) == files
    assert not [query for query in queries if query["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_bulk_pictures_get_renditions_when_generated(client, media_root):
    call_command("load_demo", verbosity=0)
    call_command("generate_bulk_data", **SMALL_BULK)
    project = Project.objects.filter(slug__startswith="bulk-", project_images__isnull=False).first()
    image = project.project_images.first().image
    assert image.renditions["source"] == image.file.name

    shown = figure(client.get(project.get_absolute_url()).content.decode())

    assert f"/media/{image.renditions['items'][-2]['name']} 1200w" in shown
