"""A GET never writes: no row, no file – and every picture a page refers to is there to be fetched (the pages in
Leichte Sprache included)."""

import html
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import FundingProgramme, Municipality, Project, Region, Theme
from regionportal.media.models import Image
from tests.pages import public_pages

pytestmark = pytest.mark.django_db

MEDIA = re.compile(r'(?:src|srcset|content)="([^"]*/media/[^"]*)"')
SHARE_IMAGE = re.compile(r'<meta property="og:image" content="http://127\.0\.0\.1:8000([^"]+)"')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
OG_URL = re.compile(r'<meta property="og:url" content="([^"]+)">')
WRITES = ("INSERT", "UPDATE", "DELETE")


def every_public_page():
    """One URL of every kind of public page, plus every detail page of the demo content (they carry the images)."""
    details = [
        obj.get_absolute_url()
        for model in (Region, Project, Article, Person, Organisation, FundingProgramme)
        for obj in model.objects.published().order_by("pk")
    ]
    always_public = [obj.get_absolute_url() for model in (Municipality, Theme) for obj in model.objects.order_by("pk")]
    easy_language = [
        obj.get_easy_language_url()
        for model in (Region, Project, Article, Person, Organisation, FundingProgramme, Municipality, Theme)
        for obj in model.with_easy_language().order_by("pk")
    ]
    return [*public_pages(), *details, *always_public, *easy_language]


def files_with_times(root):
    return {str(path.relative_to(root)): path.stat().st_mtime_ns for path in Path(root).rglob("*") if path.is_file()}


def get_everything(client, media_root):
    """GET every public page and every share image the pages announce; the pages, the queries and the files."""
    before = files_with_times(media_root)
    pages = {}
    with CaptureQueriesContext(connection) as queries:
        for url in every_public_page():
            response = client.get(url)
            assert response.status_code in (200, 400, 404), url
            pages[url] = response.content.decode()
        for url in {found for page in pages.values() for found in SHARE_IMAGE.findall(page)}:
            response = client.get(html.unescape(url))
            assert response.status_code == 200, url
            assert response["Content-Type"] == "image/png", url
            assert b"".join(response.streaming_content).startswith(b"\x89PNG\r\n\x1a\n"), url
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]
    return pages, writes, before, files_with_times(media_root)


def referenced_media(pages):
    """Every /media/ file named in an src, srcset or meta content of the pages."""
    names = set()
    for page in pages.values():
        for value in MEDIA.findall(page):
            for candidate in html.unescape(value).split(","):
                url = candidate.split()[0]
                names.add(url[url.index("/media/") + len("/media/") :])
    return names


@pytest.fixture
def demo(media_root):
    call_command("load_demo", verbosity=0)
    assert Image.objects.exists()
    return media_root


def test_a_get_of_every_public_page_writes_no_row_and_no_file(client, demo):
    pages, writes, before, after = get_everything(client, demo)

    assert writes == []
    assert after == before
    project = Project.objects.get(short_code="0de173")
    assert "w.webp 480w" in pages[project.get_absolute_url()]  # with renditions
    assert SHARE_IMAGE.search(pages[project.get_absolute_url()])  # and a share image


def share_image_pages():
    """A page of every kind with a share image, in German and in English."""
    with translation.override("de"):
        pages = german_share_image_pages()
    return pages + [f"/en{page}" for page in pages]


def german_share_image_pages():
    return [
        "/",
        *(
            model.objects.published().order_by("pk").first().get_absolute_url()
            for model in (Project, Article, Region, FundingProgramme)
        ),
        *(model.objects.order_by("pk").first().get_absolute_url() for model in (Municipality, Theme)),
    ]


def test_every_kind_of_page_announces_its_share_image_and_every_page_its_canonical_url(client, demo):
    pages, _writes, _before, _after = get_everything(client, demo)
    pages |= {url: client.get(url).content.decode() for url in share_image_pages()}  # fetched PNGs: below

    for url in share_image_pages():
        (image,) = SHARE_IMAGE.findall(pages[url])
        assert 'property="og:image:width" content="1200"' in pages[url], url
        assert 'property="og:image:alt" content="' in pages[url], url
        response = client.get(html.unescape(image))
        assert response.status_code == 200 and response["Content-Type"] == "image/png", url
        assert b"".join(response.streaming_content).startswith(b"\x89PNG"), url
    found = {url: page for url, page in pages.items() if CANONICAL.search(page)}
    assert len(found) == len(pages) - 1  # all but the 404
    for url, page in found.items():
        assert OG_URL.findall(page) == CANONICAL.findall(page), url
        assert CANONICAL.search(page)[1] == f"http://127.0.0.1:8000{url.partition('?')[0]}", url


def test_images_and_share_images_not_made_yet_are_not_made_by_a_get(client, demo):
    """As after fixtures loaded without load_demo: no renditions recorded, no share image drawn."""
    Image.objects.update(renditions={})
    for path in (demo / "share").rglob("*.png"):
        path.unlink()

    pages, writes, before, after = get_everything(client, demo)

    assert writes == []
    assert after == before
    project = Project.objects.get(short_code="0de173").get_absolute_url()
    image = Image.objects.get(project_uses__project__short_code="0de173")
    assert f'<img src="/media/{image.file.name}"' in pages[project] and "srcset" not in pages[project]
    assert not any(SHARE_IMAGE.search(page) for page in pages.values())


def test_every_picture_a_page_refers_to_exists(client, demo):
    pages, _writes, _before, _after = get_everything(client, demo)

    referenced = referenced_media(pages)

    assert any("varianten/" in name for name in referenced)
    assert sorted(name for name in referenced if not (demo / name).is_file()) == []
