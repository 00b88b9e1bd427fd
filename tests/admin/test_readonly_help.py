"""Hints on how to fill in a field ("Leer lassen, um …") are for those who can: a field shown read-only has none."""

import lxml.html
import pytest
from django.urls import reverse

from projects.models import Theme

pytestmark = pytest.mark.django_db

READONLY_WITH_HELP = '//div[contains(@class, "flex-container")][div[@class="readonly"]]/div[contains(@class, "help")]'


def hints_on_readonly_fields(response):
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    return [" ".join(help.text_content().split()) for help in page.xpath(READONLY_WITH_HELP)]


def test_a_page_an_editor_may_only_view_gives_no_input_hints(client, unna):
    theme = Theme.objects.create(name="Mobilität", slug="mobilitaet")
    client.force_login(unna.editor)

    response = client.get(reverse("admin:projects_theme_change", args=[theme.pk]))

    assert response.context["has_change_permission"] is False  # read-only throughout
    assert len(lxml.html.fromstring(response.content.decode()).xpath('//div[@class="readonly"]')) > 2
    assert hints_on_readonly_fields(response) == []


def test_the_read_only_fields_of_an_editable_project_give_no_input_hints(client, unna):
    client.force_login(unna.editor)
    project = unna.objects["projects.project"]

    response = client.get(reverse("admin:projects_project_change", args=[project.pk]))

    assert hints_on_readonly_fields(response) == []
    assert "Zwei, drei Sätze für Listen und Vorschau." in response.content.decode()  # editable fields keep theirs
