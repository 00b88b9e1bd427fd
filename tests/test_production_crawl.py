"""A crawl of every public page as production serves it: gunicorn with two workers, DEBUG off, the demo content,
four visitors at once (scripts/crawl.py, also ``make crawl``). Every reference – links, images and srcset,
share images, stylesheets, feeds, downloads, in German and English – answers; a page never refers to a file that
is not there."""

from pathlib import Path

import pytest

from scripts.crawl import Crawler, serve_demo


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    server, media_root = serve_demo(tmp_path_factory.mktemp("crawl"))
    yield Crawler(server.base, media_root)
    server.stop()


def test_every_reference_answers(portal):
    statuses, broken = portal.crawl()
    assert broken == []
    assert len(statuses) > 1000  # the whole demo portal in both languages, not just the home page
    kinds = {path.split("/")[1] for path in statuses}
    assert {"media", "static", "vorschau", "projekte", "regionen", "en", "aktuelles"} <= kinds
    assert any(path.startswith("/media/varianten/") for path in statuses)  # renditions in srcset


def test_a_missing_file_is_found(portal):
    """The crawl can fail: a rendition deleted behind the portal's back is reported with the page using it."""
    statuses, _broken = portal.crawl()
    rendition = next(path for path in statuses if path.startswith("/media/varianten/"))
    (Path(portal.media_root) / rendition.removeprefix("/media/")).unlink()
    _statuses, broken = portal.crawl()
    assert [(path, status) for path, status, _source in broken] == [(rendition, 404)]
