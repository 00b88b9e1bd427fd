"""Public pages of the projects app: regions, municipalities, projects, funding programmes and themes."""

import re
from datetime import date, timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.urls import resolve, reverse
from django.utils import timezone, translation

from decisions.models import Body, Decision
from projects.models import (
    Currency,
    DatePrecision,
    Fund,
    FundingLine,
    KeyFigure,
    Membership,
    Milestone,
    ProjectContact,
    ProjectDocument,
    ProjectGoal,
    ProjectImage,
    ProjectLink,
    RegionContact,
    RegionGoal,
    RegionTheme,
)
from regionportal.caching.cache import content_state
from regionportal.publishing.models import PublicationState
from tests.factories import (
    make_article,
    make_document,
    make_image,
    make_municipality,
    make_operation,
    make_organisation,
    make_person,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    """Requests under /en/ switch the thread's language; reverse() in these tests means the German paths."""
    with translation.override("de"):
        yield


def html(response):
    return response.content.decode()


def assert_one_h1(response):
    assert html(response).count("<h1") == 1


# --- URLs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("projects:region-list", {}, "/regionen/"),
        ("projects:region", {"slug": "kreis-unna"}, "/regionen/kreis-unna/"),
        ("projects:municipality", {"slug": "froendenberg"}, "/kommunen/froendenberg/"),
        ("projects:list", {}, "/projekte/"),
        ("projects:detail", {"slug": "rek-kreis-unna"}, "/projekte/rek-kreis-unna/"),
        ("projects:programme-list", {}, "/foerderprogramme/"),
        ("projects:programme", {"slug": "region-gestalten"}, "/foerderprogramme/region-gestalten/"),
        ("projects:theme-list", {}, "/themen/"),
        ("projects:theme", {"slug": "digitalisierung"}, "/themen/digitalisierung/"),
    ],
)
def test_url_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert f"{match.namespace}:{match.url_name}" == name
    assert match.kwargs == kwargs


# --- Publication state: only published() objects have a page ------------------------------------------------

HIDDEN_STATES = [
    {"state": PublicationState.DRAFT},
    {"state": PublicationState.REVIEW},
    {"state": PublicationState.UNPUBLISHED},
    {"state": PublicationState.ARCHIVED},
    {"publish_at": timezone.now() + timedelta(days=1)},
    {"unpublish_at": timezone.now() - timedelta(minutes=1), "publish_at": timezone.now() - timedelta(days=1)},
]


def gone_or_not_found(hidden):
    """Archived content is gone for good (410); anything else not public is simply not found (404)."""
    return 410 if hidden.get("state") == PublicationState.ARCHIVED else 404


@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_project_page_only_when_published(client, hidden):
    assert client.get(make_project().get_absolute_url()).status_code == 200
    assert client.get(make_project(**hidden).get_absolute_url()).status_code == gone_or_not_found(hidden)


@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_region_page_only_when_published(client, hidden):
    assert client.get(make_region().get_absolute_url()).status_code == 200
    assert client.get(make_region(**hidden).get_absolute_url()).status_code == gone_or_not_found(hidden)


@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_programme_page_only_when_published(client, hidden):
    assert client.get(make_programme().get_absolute_url()).status_code == 200
    assert client.get(make_programme(**hidden).get_absolute_url()).status_code == gone_or_not_found(hidden)


@pytest.mark.parametrize(
    "name",
    ["projects:region", "projects:municipality", "projects:detail", "projects:programme", "projects:theme"],
)
def test_unknown_slug_is_404(client, name):
    assert client.get(reverse(name, kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_lists_show_only_published_objects(client):
    make_region(name="Öffentliche Region")
    make_region(name="Entwurfsregion", state=PublicationState.DRAFT)
    make_programme(name="Öffentliches Programm")
    make_programme(name="Geplantes Programm", publish_at=timezone.now() + timedelta(days=3))
    regions = html(client.get(reverse("projects:region-list")))
    programmes = html(client.get(reverse("projects:programme-list")))
    assert "Öffentliche Region" in regions and "Entwurfsregion" not in regions
    assert "Öffentliches Programm" in programmes and "Geplantes Programm" not in programmes


# --- Project page -------------------------------------------------------------------------------------------


@pytest.fixture
def full_project():
    theme = make_theme(name="Strukturwandel")
    town = make_municipality(name="Fröndenberg/Ruhr")
    region = make_region(name="Kreis Unna", members=[town])
    project = make_project(
        region=region,
        title="Regionales Entwicklungskonzept",
        summary="Eine Strategie für den Kreis Unna.",
        body="Erster Absatz.\n\nZweiter Absatz.",
        start_date=date(2020, 6, 23),
        start_precision=DatePrecision.DAY,
        end_date=date(2021, 11, 1),
        end_precision=DatePrecision.MONTH,
        lead_organisation=make_organisation(name="Wirtschaftsförderung Kreis Unna", short_name="WFG"),
    )
    project.themes.add(theme)
    project.municipalities.add(town)
    project.partners.add(make_organisation(name="Partner im Entwurf", state=PublicationState.DRAFT))
    ProjectGoal.objects.create(project=project, title="Kohleausstieg gestalten", is_lighthouse=True)
    ProjectGoal.objects.create(project=project, title="Flächen entwickeln")
    Milestone.objects.create(project=project, date=date(2020, 6, 23), title="Beschluss des Kreistags")
    Milestone.objects.create(project=project, date=date(2021, 1, 1), precision=DatePrecision.YEAR, title="Umsetzung")
    FundingLine.objects.create(
        project=project,
        programme=make_programme(name="Region gestalten", funding_body=make_organisation(name="Bundesministerium")),
        amount=Decimal("700000"),
        amount_is_approximate=True,
        funding_rate=Decimal("80.00"),
        own_contribution=Decimal("175000"),
    )
    ProjectImage.objects.create(project=project, image=make_image(caption="Technologiezentrum Lünen-Brambauer"))
    ProjectImage.objects.create(
        project=project, image=make_image(caption="Abgelaufenes Bild", rights_expire_on=date(2000, 1, 1))
    )
    ProjectDocument.objects.create(
        project=project, document=make_document(title="REK Abschlussbericht", size_bytes=2 * 1024 * 1024)
    )
    ProjectLink.objects.create(project=project, title="Strukturstärkungsgesetz", url="https://example.org/stark")
    ProjectContact.objects.create(
        project=project,
        role="Auskunft",
        person=make_person(first_name="Gert", last_name="Kozik", phone="0 23 03 / 27-14 61", fax="0 23 03 / 27-22 96"),
    )
    ProjectContact.objects.create(
        project=project, person=make_person(last_name="Unveröffentlicht", state=PublicationState.DRAFT)
    )
    make_article(title="Kreistag beschließt REK").related_projects.add(project)
    make_article(title="Entwurfsnachricht", state=PublicationState.DRAFT).related_projects.add(project)
    return project


def test_project_page_shows_everything(client, full_project):
    response = client.get(full_project.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert_one_h1(response)
    assert "<h1>Regionales Entwicklungskonzept</h1>" in page
    assert "<title>Regionales Entwicklungskonzept – Regionportal</title>" in page
    assert '<meta name="description" content="Eine Strategie für den Kreis Unna.">' in page
    assert '<meta property="og:title" content="Regionales Entwicklungskonzept">' in page
    assert "<p>Erster Absatz.</p>" in page
    assert "laufend" in page
    # Dates only as precise as they are known.
    assert '<time datetime="2020-06-23">23. Juni 2020</time>' in page
    assert '<time datetime="2021-11">November 2021</time>' in page
    assert '<time datetime="2021">2021</time>' in page
    assert '<ol class="timeline">' in page and "Beschluss des Kreistags" in page
    assert 'gestalten</strong> <span class="badge badge--lighthouse">Leuchtturmprojekt</span>' in page
    # Funding box.
    programme = full_project.funding_lines.get().programme
    assert f'<a href="{programme.get_absolute_url()}">Region gestalten</a>' in page
    assert "Bundesministerium" in page
    assert "rund 700.000\N{NO-BREAK SPACE}€" in page
    assert "80\N{NO-BREAK SPACE}%" in page and "175.000\N{NO-BREAK SPACE}€" in page
    # Organisations: public ones linked, others named only.
    lead = full_project.lead_organisation
    assert f'<a href="{lead.get_absolute_url()}">Wirtschaftsförderung Kreis Unna (WFG)</a>' in page
    assert "Partner im Entwurf" in page and "/organisationen/partner" not in page
    # Municipalities and themes linked.
    assert 'href="/kommunen/' in page and "Fröndenberg/Ruhr" in page
    assert 'href="/themen/' in page and "Strukturwandel" in page
    # Pictures with credit, expired ones hidden; documents with type and size; links.
    assert "Technologiezentrum Lünen-Brambauer" in page and "Foto: Hans Blossey" in page
    assert "Abgelaufenes Bild" not in page
    assert "REK Abschlussbericht" in page and "(PDF, 2,0\N{NO-BREAK SPACE}MB)" in page
    assert '<a href="https://example.org/stark">Strukturstärkungsgesetz</a>' in page
    # Contact block.
    assert "Auskunft" in page and "Gert Kozik" in page
    assert 'href="tel:+492303271461"' in page and "0 23 03 / 27-22 96" in page and 'href="mailto:' in page
    assert "Unveröffentlicht" not in page
    # Related news, short link, breadcrumbs.
    assert "Beiträge zum Thema" in page and "Kreistag beschließt REK" in page and "Entwurfsnachricht" not in page
    assert f'Kurzlink: <a class="shortlink" href="http://testserver/x/pk-{full_project.short_code}">' in page
    assert (
        '<a href="/projekte/">Projekte</a>' in page
        and '<span aria-current="page">Regionales Entwicklungskonzept</span>' in page
    )


def test_project_page_in_english(client, full_project):
    response = client.get(f"/en{full_project.get_absolute_url()}")
    page = html(response)
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert '<h1 lang="de">Regionales Entwicklungskonzept</h1>' in page  # the editors' text stays German
    assert f"http://testserver/en/x/pk-{full_project.short_code}" in page


def funding_facts(response):
    """The funding box, one dict of term → description per funding line (no-break spaces kept)."""
    tree = lxml.html.fromstring(html(response))
    return [
        {
            term.text_content().strip(): re.sub(r"[ \t\n]+", " ", term.getnext().text_content()).strip()
            for term in facts.xpath("./dt")
        }
        for facts in tree.xpath('//section[@aria-labelledby="project-funding"]/dl')
    ]


def test_project_page_shows_cost_eu_share_and_rate_like_kohesio(client):
    project = make_project()
    beneficiary = make_organisation(name="Wirtschaftsförderung Kreis Unna GmbH")
    make_operation(project=project, beneficiary=beneficiary, operation_code="2021DE16RFPR001-0001")
    [facts] = funding_facts(client.get(project.get_absolute_url()))
    assert facts["Gesamtkosten"] == "1.250.000,50\N{NO-BREAK SPACE}€"
    assert facts["Förderfähige Kosten"] == "1.000.000\N{NO-BREAK SPACE}€"
    assert facts["EU-Fonds"] == "EFRE – Europäischer Fonds für regionale Entwicklung"
    assert facts["EU-Anteil"] == "805.000\N{NO-BREAK SPACE}€"  # 80,5 % of the eligible cost
    assert facts["EU-Kofinanzierungssatz"] == "80,5\N{NO-BREAK SPACE}%"
    assert facts["Begünstigte Stelle"] == "Wirtschaftsförderung Kreis Unna GmbH"
    assert facts["Kennzeichen in der EU-Liste der Vorhaben"] == "2021DE16RFPR001-0001"
    assert f'<a href="{beneficiary.get_absolute_url()}">Wirtschaftsförderung Kreis Unna GmbH</a>' in html(
        client.get(project.get_absolute_url())
    )
    [english] = funding_facts(client.get(f"/en{project.get_absolute_url()}"))
    assert (english["Total cost"], english["EU share"], english["EU co-financing rate"]) == (
        "1,250,000.50\N{NO-BREAK SPACE}€",
        "805,000\N{NO-BREAK SPACE}€",
        "80.5\N{NO-BREAK SPACE}%",
    )
    assert english["EU fund"] == "ERDF – European Regional Development Fund"


def test_national_funding_names_no_eu_share_and_a_foreign_currency_its_code(client):
    project = make_project()
    make_operation(
        project=project,
        fund=Fund.NONE,
        cofinancing_rate=Decimal("0"),
        eligible_cost=None,
        total_cost=Decimal("700000"),
        total_cost_is_approximate=True,
        beneficiary=(draft := make_organisation(name="Verein im Entwurf", state=PublicationState.DRAFT)),
    )
    make_operation(project=project, fund=Fund.INTERREG, currency=Currency.DKK, exchange_rate=Decimal("7.4609"))
    FundingLine.objects.create(project=project, programme=make_programme(), amount=Decimal("5000"), order=2)
    national, krone, plain = funding_facts(client.get(project.get_absolute_url()))
    assert national["Gesamtkosten"] == "rund 700.000\N{NO-BREAK SPACE}€"
    assert national["EU-Fonds"] == "kein EU-Fonds (nationale Förderung)"
    assert "EU-Anteil" not in national and "EU-Kofinanzierungssatz" not in national
    assert national["Begünstigte Stelle"] == "Verein im Entwurf"  # named, not linked: its page is a draft
    assert f'href="{draft.get_absolute_url()}"' not in html(client.get(project.get_absolute_url()))
    assert (krone["Gesamtkosten"], krone["EU-Anteil"]) == (
        "1.250.000,50\N{NO-BREAK SPACE}DKK",
        "805.000\N{NO-BREAK SPACE}DKK",
    )
    assert set(plain) == {"Förderprogramm", "Fördersumme"}  # no EU facts without them


def test_project_page_query_count_is_constant(client, django_assert_num_queries):
    def add_everything(project, n):
        for i in range(n):
            project.themes.add(make_theme())
            project.municipalities.add(make_municipality())
            project.partners.add(make_organisation())
            ProjectGoal.objects.create(project=project, title=f"Ziel {i}")
            Milestone.objects.create(project=project, date=date(2020, 1, 1), title=f"Schritt {i}")
            FundingLine.objects.create(project=project, programme=make_programme(), amount=1000)
            make_operation(project=project)
            ProjectImage.objects.create(project=project, image=make_image())
            ProjectDocument.objects.create(project=project, document=make_document())
            ProjectLink.objects.create(project=project, title=f"Link {i}", url="https://example.org/")
            ProjectContact.objects.create(project=project, person=make_person(organisation=make_organisation()))
            make_article().related_projects.add(project)
            body = Body.objects.create(name=f"Gremium {project.pk}-{i}")
            Decision.objects.create(body=body, title=f"Beschluss {i}", reference=f"DS {i}").projects.add(project)

    connection.features.supports_json_field  # noqa: B018 - SQLite checks this once per connection, not per page
    for n in (1, 25):
        project = make_project()
        add_everything(project, n)
        content_state()  # when content changes next by itself: computed once per change, not per page
        # project + lead organisation with goals, milestones, decisions (with their body's name), links and articles
        # inline (regionportal.publishing.child_rows), seven prefetched relations (contacts with their public
        # organisation), the
        # region's members for the map
        with django_assert_num_queries(9):
            assert client.get(project.get_absolute_url()).status_code == 200


# --- Region page --------------------------------------------------------------------------------------------


def test_region_page_shows_everything(client):
    unna = make_municipality(name="Unna", kind="city", latitude="51.53", longitude="7.69")
    holzwickede = make_municipality(name="Holzwickede", latitude="51.50", longitude="7.62")
    merged = make_municipality(name="Altgemeinde")
    region = make_region(
        name="Kreis Unna",
        summary="10 Städte und Gemeinden.",
        description="Wir verstehen uns als Moderator.",
        members=[unna, holzwickede],
        image=make_image(caption="Technologiezentrum"),
    )
    Membership.objects.create(region=region, municipality=merged, valid_to=date(2000, 12, 31))
    KeyFigure.objects.create(region=region, qualifier="über", value=Decimal("1000"), label="Beschäftigte")
    KeyFigure.objects.create(region=region, qualifier="bis", value=Decimal("2038"), is_year=True, label="Kohleausstieg")
    RegionGoal.objects.create(region=region, title="Strukturwandel gestalten")
    RegionTheme.objects.create(region=region, theme=make_theme(name="Logistik"), heading="Logistikregion")
    RegionContact.objects.create(
        region=region, person=make_person(first_name="Jutta", last_name="Pauels"), role="Auskunft"
    )
    make_project(region=region, title="Projekt der Region")
    make_project(region=region, title="Projektentwurf", state=PublicationState.DRAFT)
    make_article(title="Nachricht aus Unna").regions.add(region)

    response = client.get(region.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert_one_h1(response)
    assert "10 Städte und Gemeinden." in page and "<p>Wir verstehen uns als Moderator.</p>" in page
    assert "über 1.000" in page and "bis 2038" in page and "Beschäftigte" in page
    assert "Strukturwandel gestalten" in page and "<h3>Logistikregion</h3>" in page
    assert '<svg class="map"' in page and "<title>Unna (0 Projekte)</title>" in page
    assert '<th scope="row"><a href="/kommunen/' in page and "Stadt" in page and "Nordrhein-Westfalen" in page
    assert "Altgemeinde" not in page
    assert "Projekt der Region" in page and "Projektentwurf" not in page
    assert "Nachricht aus Unna" in page
    assert "Jutta Pauels" in page and 'href="tel:' in page
    assert "Foto: Hans Blossey" in page
    assert f"/x/pk-{region.short_code}" in page


@pytest.mark.parametrize("count", [1, 25])
def test_region_page_query_count(client, django_assert_max_num_queries, count):
    region = make_region(members=[make_municipality() for _ in range(count)])
    for _ in range(count):
        project = make_project(region=region)
        project.themes.add(make_theme())
        make_article().regions.add(region)
        RegionContact.objects.create(region=region, person=make_person(organisation=make_organisation()))
        KeyFigure.objects.create(region=region, value=1, label="Zahl")
        RegionGoal.objects.create(region=region, title="Ziel")
        RegionTheme.objects.create(region=region, theme=make_theme())
    with django_assert_max_num_queries(13):
        assert client.get(region.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_region_list_query_count(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_project(region=make_region())
    with django_assert_max_num_queries(4):
        response = client.get(reverse("projects:region-list"))
    assert html(response).count('<li class="card">') == count


def test_region_list_counts_only_published_projects(client):
    region = make_region(name="Kreis Unna")
    make_project(region=region)
    make_project(region=region, state=PublicationState.ARCHIVED)
    assert "1 Projekt<" in html(client.get(reverse("projects:region-list")))


# --- Municipality page --------------------------------------------------------------------------------------


def test_municipality_page(client):
    town = make_municipality(name="Fröndenberg/Ruhr", kind="city", ags="05978008")
    region = make_region(name="Kreis Unna", members=[town])
    other_region = make_region(name="Anderswo")
    former = make_region(name="Früherer Verband")
    Membership.objects.create(region=former, municipality=town, valid_to=date(2001, 1, 1))
    own = make_project(region=region, title="Eigenes Projekt", is_region_wide=True)
    own.municipalities.add(town)
    make_project(region=region, title="Regionsweites Projekt", is_region_wide=True)
    make_project(region=region, title="Projekt einer Nachbarstadt")
    make_project(region=other_region, title="Fremdes regionsweites Projekt", is_region_wide=True)
    make_project(region=former, title="Altes regionsweites Projekt", is_region_wide=True)
    make_article(title="Neues aus Fröndenberg").municipalities.add(town)

    response = client.get(town.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert_one_h1(response)
    assert "Stadt" in page and "Nordrhein-Westfalen" in page and "05978008" in page
    assert f'<a href="{region.get_absolute_url()}">Kreis Unna</a>' in page and "Früherer Verband" not in page
    assert page.count("Eigenes Projekt") == 1  # not repeated among the region-wide ones
    assert "Regionsweites Projekt" in page
    assert "Projekt einer Nachbarstadt" not in page
    assert "Fremdes regionsweites Projekt" not in page and "Altes regionsweites Projekt" not in page
    assert "Neues aus Fröndenberg" in page


@pytest.mark.parametrize("count", [1, 25])
def test_municipality_page_query_count(client, django_assert_max_num_queries, count):
    town = make_municipality()
    for _ in range(count):
        region = make_region(members=[town])
        make_project(region=region, is_region_wide=True).themes.add(make_theme())
        make_project(region=region).municipalities.add(town)
        make_article().municipalities.add(town)
    content_state()  # when content changes next by itself: computed once per change, not per page
    with django_assert_max_num_queries(9):  # 9th: the members of its regions for the map
        assert client.get(town.get_absolute_url()).status_code == 200


# --- Funding programmes -------------------------------------------------------------------------------------


def test_programme_page(client):
    parent = make_programme(name="Region gestalten")
    hidden_child = make_programme(name="Geheimes Teilprogramm", parent=parent, state=PublicationState.DRAFT)
    programme = make_programme(
        name="Aktive Regionalentwicklung",
        parent=parent,
        level="federal",
        legal_basis="§ 44 BHO",
        funding_body=make_organisation(name="Bundesministerium für Wohnen"),
        start_date=date(2021, 1, 1),
        end_date=date(2027, 12, 31),
    )
    make_programme(name="Teilprojekt-Programm", parent=programme)
    first, second = make_project(title="Gefördert eins"), make_project(title="Gefördert zwei")
    draft = make_project(title="Geförderter Entwurf", state=PublicationState.DRAFT)
    FundingLine.objects.create(project=first, programme=programme, amount=Decimal("700000"), amount_is_approximate=True)
    FundingLine.objects.create(project=first, programme=programme, amount=Decimal("50000"))
    FundingLine.objects.create(project=second, programme=programme, amount=Decimal("250000"))
    FundingLine.objects.create(project=draft, programme=programme, amount=Decimal("9999999"))

    response = client.get(programme.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert_one_h1(response)
    assert "Bundesministerium für Wohnen" in page and "Bund" in page and "§ 44 BHO" in page
    assert '<time datetime="2021-01-01">' in page and '<time datetime="2027-12-31">' in page
    assert f'<a href="{parent.get_absolute_url()}">Region gestalten</a>' in page
    assert "Teilprojekt-Programm" in page
    assert page.count("Gefördert eins") == 1 and "Gefördert zwei" in page and "Geförderter Entwurf" not in page
    assert "rund 1.000.000\N{NO-BREAK SPACE}€" in page
    assert client.get(parent.get_absolute_url()).status_code == 200
    assert "Geheimes Teilprogramm" not in html(client.get(parent.get_absolute_url()))
    assert hidden_child.slug not in html(client.get(reverse("projects:programme-list")))


@pytest.mark.parametrize("count", [1, 25])
def test_programme_pages_query_count(client, django_assert_max_num_queries, count):
    programme = make_programme(funding_body=make_organisation())
    for _ in range(count):
        make_programme(parent=programme, funding_body=make_organisation())
        project = make_project()
        project.themes.add(make_theme())
        FundingLine.objects.create(project=project, programme=programme, amount=1)
    content_state()  # when content changes next by itself: computed once per change, not per page
    with django_assert_max_num_queries(7):  # one of them: the programme's sub-programmes (FundingProgramme.family)
        assert client.get(programme.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("projects:programme-list")).status_code == 200


# --- Themes -------------------------------------------------------------------------------------------------


def test_theme_pages(client):
    theme = make_theme(name="Digitalisierung", description="Breitband und mehr.")
    child = make_theme(name="Breitband", parent=theme)
    make_project(title="Glasfaser für alle").themes.add(theme)
    make_project(title="Projekt im Entwurf", state=PublicationState.DRAFT).themes.add(theme)
    make_article(title="Neues zur Digitalisierung").themes.add(theme)

    listing = html(client.get(reverse("projects:theme-list")))
    assert f'<a href="{theme.get_absolute_url()}">Digitalisierung</a>' in listing and "1 Projekt<" in listing
    response = client.get(theme.get_absolute_url())
    page = html(response)
    assert_one_h1(response)
    assert "Breitband und mehr." in page and f'href="{child.get_absolute_url()}"' in page
    assert "Glasfaser für alle" in page and "Projekt im Entwurf" not in page
    assert "Neues zur Digitalisierung" in page
    assert f'href="{reverse("projects:list")}?theme={theme.slug}"' in page


@pytest.mark.parametrize("count", [1, 25])
def test_theme_pages_query_count(client, django_assert_max_num_queries, count):
    theme = make_theme()
    for _ in range(count):
        make_theme()
        make_project().themes.add(theme)
        make_article().themes.add(theme)
    content_state()  # when content changes next by itself: computed once per change, not per page
    with django_assert_max_num_queries(2):
        assert client.get(reverse("projects:theme-list")).status_code == 200
    with django_assert_max_num_queries(7):  # the first 24 projects, and how many there are in all
        assert client.get(theme.get_absolute_url()).status_code == 200


# --- Project card and the shared frame ----------------------------------------------------------------------


def test_project_card_shows_title_summary_region_status_and_themes(client):
    project = make_project(
        title="Radweg", summary="Ein Radweg.", status="planned", region=make_region(name="Kreis Soest")
    )
    project.themes.add(make_theme(name="Mobilität"))
    page = html(client.get(reverse("projects:list")))
    card = re.search(r'<article class="card card--project">.*?</article>', page, re.S).group(0)
    assert f'<h3><a href="{project.get_absolute_url()}">Radweg</a></h3>' in card
    assert "Ein Radweg." in card and "Kreis Soest" in card and "Mobilität" in card
    assert '<span class="status status--planned">geplant</span>' in card


@pytest.mark.parametrize(
    "name", ["projects:region-list", "projects:list", "projects:programme-list", "projects:theme-list"]
)
def test_list_pages_in_english(client, name):
    response = client.get(f"/en{reverse(name)}")
    assert response.status_code == 200
    assert '<html lang="en">' in html(response)
    assert_one_h1(response)
