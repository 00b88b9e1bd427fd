"""What the operations documents promise matches the code."""

import re
from pathlib import Path

from regionportal.media import processing as media

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_proxy_body_limit_in_the_deployment_guide_admits_every_upload_the_portal_accepts():
    text = (DOCS / "deployment.md").read_text(encoding="utf-8")
    [megabytes] = re.findall(r"client_max_body_size (\d+)m;", text)
    largest_upload = max(media.MAX_IMAGE_BYTES, media.MAX_DOCUMENT_BYTES)
    assert int(megabytes) * 1024 * 1024 > largest_upload
    for limit in (media.MAX_IMAGE_BYTES, media.MAX_DOCUMENT_BYTES):
        assert f"{limit // (1024 * 1024)} MB" in text
