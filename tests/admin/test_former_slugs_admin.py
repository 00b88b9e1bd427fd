"""Editors see an object's former slugs (read-only), so they know the old links still work."""

import pytest

from regionportal.backoffice.permissions import REGION_EDITORS
from tests.admin.conftest import force_login_verified, make_staff
from tests.factories import make_project, make_region

pytestmark = pytest.mark.django_db


def test_region_editor_sees_the_former_slugs_read_only(client):
    region = make_region()
    force_login_verified(client, make_staff("redaktion", REGION_EDITORS, [region]))
    project = make_project(region=region, slug="alter-name")
    project.slug = "neuer-name"
    project.save()

    page = client.get(f"/admin/projects/project/{project.pk}/change/").content.decode()

    assert "alter-name" in page
    assert 'name="regionportal-formerslug-content_type-object_id-0-slug"' not in page  # shown, not editable
