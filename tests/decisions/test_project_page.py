"""The project page lists the project's decisions with body, date, Drucksache, result and a link to the source."""

from datetime import date

import pytest

from decisions.models import Body, Decision, DecisionResult
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def project():
    project = make_project(title="Regionales Entwicklungskonzept")
    kreistag = Body.objects.create(name="Kreistag Kreis Unna")
    decisions = [
        Decision.objects.create(
            body=kreistag,
            date=date(2020, 6, 23),
            reference="DS 0815/2020",
            title="Regionales Entwicklungskonzept",
            result=DecisionResult.ADOPTED,
            url="https://ris.example.de/vorlage/0815",
        ),
        Decision.objects.create(
            body=kreistag,
            date=date(2021, 3, 2),
            reference="DS 12/2021",
            title="Fortschreibung",
            url="https://ris.example.de/vorlage/12",
            is_withdrawn=True,
        ),
    ]
    decisions.append(  # taken over from a milestone: no body yet
        Decision.objects.create(title="Aus einem Meilenstein", reference="DS 7/2019", date=date(2019, 5, 1))
    )
    decisions.append(Decision.objects.create(body=kreistag, title="Ohne Datum"))
    project.decisions.add(*decisions)
    Decision.objects.create(body=kreistag, title="Beschluss zu einem anderen Projekt").projects.add(make_project())
    return project


def test_project_page_lists_its_decisions(client, project):
    page = html(client.get(project.get_absolute_url()))

    assert '<h2 id="project-decisions">Beschlüsse</h2>' in page
    section = page[page.index('id="project-decisions"') :]
    section = section[: section.index("</section>")]
    assert "<strong>Regionales Entwicklungskonzept</strong>" in section
    assert (
        '<span>Kreistag Kreis Unna</span>, <time datetime="2020-06-23">23. Juni 2020</time>'
        " · Drucksache DS 0815/2020 · beschlossen"
    ) in section
    assert '<a href="https://ris.example.de/vorlage/0815">Quelle<span class="visually-hidden">: ' in section
    # newest first; a withdrawn paper is marked and not linked (the council system no longer shows it)
    assert section.index("Fortschreibung") < section.index("Regionales Entwicklungskonzept")
    assert '<strong>Fortschreibung</strong> <span class="badge">zurückgezogen</span>' in section
    assert "vorlage/12" not in section
    assert "anderen Projekt" not in page
    # a decision without body names none; one without date comes last
    assert (
        '<strong>Aus einem Meilenstein</strong>\n      <br><span class="meta">'
        '<time datetime="2019-05-01">1. Mai 2019</time> · Drucksache DS 7/2019</span>'
    ) in section
    assert section.index("Regionales Entwicklungskonzept") < section.index("Aus einem Meilenstein")
    assert section.index("Aus einem Meilenstein") < section.index("Ohne Datum")


def test_decisions_in_english(client, project):
    page = html(client.get(f"/en{project.get_absolute_url()}"))

    assert '<h2 id="project-decisions">Decisions</h2>' in page
    assert '<strong lang="de">Regionales Entwicklungskonzept</strong>' in page
    assert "Council document DS 0815/2020 · adopted" in page and "withdrawn" in page


def test_a_project_without_decisions_has_no_section(client):
    assert "project-decisions" not in html(client.get(make_project().get_absolute_url()))
