"""Ordered child rows (regionportal.backoffice.ordering): the editor types no "Reihenfolge"; the order comes from the
rows' positions, posted as the rendered page sends them – with the positions the script fills in, without any, or
with the button "nach oben"/"nach unten" pressed (without JavaScript)."""

import lxml.html
import pytest
from django.urls import reverse

from news.models import ArticlePerson
from projects.models import FundingLine, KeyFigure, ProjectContact, ProjectGoal
from regionportal.backoffice.ordering import MOVE_BUTTON
from regionportal.publishing.models import PublicationState
from tests.factories import make_person, make_programme, make_project

from .conftest import changeform_data, messages_of, pressing, with_new_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(unna):
    return make_project(region=unna.region, title="Radwege", state=PublicationState.DRAFT)


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def goals(project):
    return list(project.goals.values_list("title", "order"))


def rendered(client, project):
    return client.get(change_url(project))


def test_the_page_asks_for_no_order_number(client, unna, project):
    ProjectGoal.objects.create(project=project, title="Mehr Radverkehr", order=4)
    client.force_login(unna.editor)

    page = lxml.html.fromstring(rendered(client, project).content.decode())

    assert page.xpath('//*[contains(@name, "-order")]') == []
    (position,) = page.xpath('//input[@name="goals-0-position"]')
    assert (position.get("type"), position.get("value"), position.get("required")) == ("hidden", "4", None)
    assert page.xpath('//input[@name="goals-__prefix__-position"]/@value') == [""]  # a new row brings none


@pytest.mark.parametrize(
    ("prefix", "rows", "stored"),
    [
        ("goals", [{"title": t} for t in ("Erstens", "Zweitens", "Drittens")], "goals"),
        (
            "links",
            [{"title": t, "url": f"https://example.org/{t}"} for t in ("Erstens", "Zweitens", "Drittens")],
            "links",
        ),
    ],
)
def test_rows_posted_without_positions_are_ordered_as_they_stand(client, unna, project, prefix, rows, stored):
    client.force_login(unna.editor)
    data = changeform_data(rendered(client, project))
    for values in rows:
        data = with_new_row(data, prefix, **values)

    response = client.post(change_url(project), data)

    assert response.status_code == 302
    assert list(getattr(project, stored).values_list("title", "order")) == [
        ("Erstens", 1),
        ("Zweitens", 2),
        ("Drittens", 3),
    ]


def test_without_the_script_new_rows_come_after_the_stored_ones_which_stay_as_they_were(client, unna, project):
    first = ProjectGoal.objects.create(project=project, title="Alt A")  # order 0, as rows made before ordering
    second = ProjectGoal.objects.create(project=project, title="Alt B")
    client.force_login(unna.editor)
    data = with_new_row(changeform_data(rendered(client, project)), "goals", title="Neu")

    response = client.post(change_url(project), data)

    assert response.status_code == 302
    assert goals(project) == [("Alt A", 0), ("Alt B", 0), ("Neu", 1)]
    assert (first.history.count(), second.history.count()) == (1, 1)  # untouched rows get no new version


def test_positions_the_script_sends_are_saved_and_only_moved_rows_change(client, unna, project):
    a, b, c = (ProjectGoal.objects.create(project=project, title=title, order=n) for n, title in enumerate("ABC", 1))
    client.force_login(unna.editor)
    data = changeform_data(rendered(client, project))
    assert [data[f"goals-{n}-position"] for n in range(3)] == [["1"], ["2"], ["3"]]
    data |= {"goals-0-position": ["2"], "goals-1-position": ["1"]}  # A moved below B

    response = client.post(change_url(project), data)

    assert response.status_code == 302
    assert goals(project) == [("B", 1), ("A", 2), ("C", 3)]
    assert [row.history.count() for row in (a, b, c)] == [2, 2, 1]


def test_an_empty_new_row_stays_away_although_the_script_gave_it_a_position(client, unna, project):
    client.force_login(unna.editor)
    data = with_new_row(changeform_data(rendered(client, project)), "goals", position="1")

    response = client.post(change_url(project), data)

    assert response.status_code == 302
    assert goals(project) == []


@pytest.mark.parametrize("position", ["abc", "-1", "1,5", "99999"])
def test_an_unreadable_position_is_refused_in_german_and_nothing_is_saved(client, unna, project, position):
    ProjectGoal.objects.create(project=project, title="A", order=1)
    client.force_login(unna.editor)
    data = changeform_data(rendered(client, project)) | {"goals-0-position": [position], "title": ["Neu"]}

    response = client.post(change_url(project), data)

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    errors = page.xpath('//*[@id="goals-group"]//ul[contains(@class, "errorlist")]//text()')
    assert errors == [
        "Die Reihenfolge der Zeilen ließ sich nicht lesen. Bitte laden Sie die Seite neu und ordnen Sie erneut."
    ]
    project.refresh_from_db()
    assert (project.title, goals(project)) == ("Radwege", [("A", 1)])


@pytest.mark.parametrize(("button", "expected"), [("goals-1-position:up", "BAC"), ("goals-1-position:down", "ACB")])
def test_without_the_script_an_arrow_saves_the_form_with_the_row_moved_and_shows_it_again(
    client, unna, project, button, expected
):
    for n, title in enumerate("ABC", 1):
        ProjectGoal.objects.create(project=project, title=title, order=n)
    client.force_login(unna.editor)
    response = rendered(client, project)
    data = pressing(response, changeform_data(response, title="Radwege neu"), MOVE_BUTTON, button)

    moved = client.post(change_url(project), data)

    assert moved.status_code == 302
    assert moved["Location"] == change_url(project)  # the same form again, not the list
    assert [title for title, _order in goals(project)] == list(expected)
    assert [order for _title, order in goals(project)] == [1, 2, 3]
    project.refresh_from_db()
    assert project.title == "Radwege neu"  # what was typed is saved with it
    assert messages_of(client.get(moved["Location"])) == ["Die Zeile wurde verschoben und der Eintrag gesichert."]


@pytest.mark.parametrize("button", ["goals-0-position:up", "goals-2-position:down"])
def test_an_arrow_at_the_end_of_the_rows_leaves_them_as_they_are(client, unna, project, button):
    for n, title in enumerate("ABC", 1):
        ProjectGoal.objects.create(project=project, title=title, order=n)
    client.force_login(unna.editor)
    response = rendered(client, project)

    moved = client.post(change_url(project), pressing(response, changeform_data(response), MOVE_BUTTON, button))

    assert moved.status_code == 302
    assert goals(project) == [("A", 1), ("B", 2), ("C", 3)]


def test_an_arrow_for_a_row_the_form_does_not_have_changes_nothing(client, unna, project):
    ProjectGoal.objects.create(project=project, title="A", order=1)
    client.force_login(unna.editor)
    data = changeform_data(rendered(client, project)) | {MOVE_BUTTON: ["goals-7-position:up"]}

    response = client.post(change_url(project), data)

    assert response.status_code == 302
    assert goals(project) == [("A", 1)]


def test_every_ordered_inline_asks_for_no_order_and_offers_the_arrows(client, unna, project):
    """Region contacts and key figures, project contacts, funding lines (stacked), article people: never a
    required or typed "Reihenfolge", always the arrows."""
    region = unna.region
    KeyFigure.objects.create(region=region, value=4, label="Standorte")
    FundingLine.objects.create(project=project, programme=make_programme())
    ProjectContact.objects.create(project=project, person=make_person(last_name="Meier"))
    article = unna.objects["news.article"]
    ArticlePerson.objects.create(article=article, person=make_person(last_name="Schulz"))
    client.force_login(unna.editor)
    pages = {
        "key_figures": reverse("admin:projects_region_change", args=[region.pk]),
        "funding_lines": change_url(project),
        "project_contacts": change_url(project),
        "article_people": reverse("admin:news_article_change", args=[article.pk]),
    }
    for prefix, url in pages.items():
        page = lxml.html.fromstring(client.get(url).content.decode())
        assert page.xpath('//*[contains(@name, "-order")]') == [], prefix
        assert page.xpath(f'//input[@name="{prefix}-0-position"][@type="hidden"][not(@required)]'), prefix
        assert page.xpath(f'//button[@name="{MOVE_BUTTON}"][@value="{prefix}-0-position:down"]'), prefix
