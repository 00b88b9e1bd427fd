"""Short links in the admin: the Kurzlink with its hit count on the change form, QR codes as SVG and PNG."""

import io

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from PIL import Image as PILImage

from regionportal.publishing.models import ShortLink

pytestmark = pytest.mark.django_db


def qr_url(obj, kind):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_qrcode", args=[obj.pk, kind])


def short_url(obj):
    return settings.PORTAL_BASE_URL.rstrip("/") + f"/x/pk-{obj.short_code}"


@pytest.fixture
def project(unna):
    project = unna.objects["projects.project"]
    ShortLink.objects.filter(code=project.short_code).update(hits=7)
    return project


@pytest.mark.parametrize("label", ["projects.project", "news.article", "projects.region", "contacts.organisation"])
def test_change_form_shows_short_link_hits_and_downloads(client, unna, label):
    obj = unna.objects[label]
    ShortLink.objects.filter(code=obj.short_code).update(hits=7)
    client.force_login(unna.editor)

    content = client.get(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    ).content.decode()

    assert f'<a href="{short_url(obj)}">{short_url(obj)}</a>' in content
    assert "7 Aufrufe" in content
    assert f'href="{qr_url(obj, "svg")}" download' in content
    assert f'href="{qr_url(obj, "png")}" download' in content


def test_svg_download_encodes_the_short_link(client, unna, project):
    client.force_login(unna.editor)

    response = client.get(qr_url(project, "svg"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="kurzlink-{project.short_code}.svg"'
    expected = io.BytesIO()
    segno.make(short_url(project), error="m").save(expected, kind="svg", scale=10, border=4)
    assert response.content == expected.getvalue()


def test_png_download_is_a_picture_of_the_code(client, unna, project):
    client.force_login(unna.editor)

    response = client.get(qr_url(project, "png"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    picture = PILImage.open(io.BytesIO(response.content))
    picture.verify()
    side = segno.make(short_url(project), error="m").symbol_size(scale=10, border=4)
    assert picture.size == side


def test_other_regions_editor_and_the_public_get_nothing(client, mitte, project):
    assert client.get(qr_url(project, "svg")).status_code == 302  # to the login

    client.force_login(mitte.editor)

    assert client.get(qr_url(project, "svg")).status_code == 404
    assert client.get(qr_url(project, "png")).status_code == 404


def test_unknown_format_is_404(client, unna, project):
    client.force_login(unna.editor)

    assert client.get(qr_url(project, "gif")).status_code == 404
