"""The demo content stores every fact of the five seed pages as data (not as pasted prose)."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from contacts.models import Organisation, Person
from decisions.models import Body, Decision, DecisionResult
from news.models import Article
from projects.models import (
    DatePrecision,
    FundingProgramme,
    Membership,
    MembershipRole,
    Municipality,
    Project,
    ProjectStatus,
    Region,
)
from regionportal.media.models import Image
from regionportal.publishing.models import PublicationState, Publishable, ShortLink
from tests import easy_language

pytestmark = pytest.mark.django_db

KREIS_UNNA_TOWNS = {
    "Bergkamen": "05978004",
    "Bönen": "05978008",
    "Fröndenberg/Ruhr": "05978012",
    "Holzwickede": "05978016",
    "Kamen": "05978020",
    "Lünen": "05978024",
    "Schwerte": "05978028",
    "Selm": "05978032",
    "Unna": "05978036",
    "Werne": "05978040",
}


@pytest.fixture(autouse=True)
def demo(db):
    call_command("load_demo", verbosity=0)


def member_names(region_slug):
    return set(
        Membership.objects.current()
        .filter(region__slug=region_slug, role=MembershipRole.MEMBER)
        .values_list("municipality__name", flat=True)
    )


def test_kreis_unna_region():
    region = Region.objects.get(slug="kreis-unna")
    assert (region.ars, region.nuts3, region.kind) == ("059780000000", "DEA5C", "county")
    assert list(region.states.values_list("code", flat=True)) == ["05"]
    assert member_names("kreis-unna") == set(KREIS_UNNA_TOWNS)
    assert dict(region.municipalities.values_list("name", "ags")) == KREIS_UNNA_TOWNS
    figures = {f.label: f for f in region.key_figures.all()}
    assert figures["Städte und Gemeinden"].value == 10
    assert figures["Kraftwerksstandorte"].value == 4
    assert (figures["Beschäftigte"].qualifier, figures["Beschäftigte"].value) == ("über", Decimal("1000"))
    assert (figures["Kohleausstieg"].qualifier, figures["Kohleausstieg"].value) == ("bis", Decimal("2038"))
    assert figures["Kohleausstieg"].is_year
    theme_names = set(region.themes.values_list("name", flat=True))
    assert {
        "Logistik",
        "Chemische Industrie",
        "Kreislaufwirtschaft",
        "Maschinenbau",
        "Feinmechanik/Optik",
        "Elektrotechnik",
        "Tourismuswirtschaft",
    } <= theme_names
    assert {
        "Flächen- und Infrastrukturentwicklung",
        "Wirtschaftsförderung",
        "Wissenstransfer und Qualifizierung",
        "Stadtentwicklung",
        "Kultur",
    } <= theme_names
    assert region.image.title == "Technologiezentrum Lünen-Brambauer"
    assert region.image.credit_line == "Foto: Hans Blossey"
    assert region.image.creator == "Hans Blossey"
    assert [c.person.last_name for c in region.region_contacts.all()] == ["Kozik", "Pauels"]


def test_kreis_unna_development_concept_and_short_link():
    link = ShortLink.objects.get(code="0de173")
    project = link.target
    assert isinstance(project, Project)
    assert project.slug == "regionales-entwicklungskonzept-kreis-unna"
    assert str(link) == "pk-0de173"
    assert project.lead_region.slug == "kreis-unna"
    assert project.status == ProjectStatus.COMPLETED
    assert project.lead_organisation.name == "Kreis Unna"
    assert project.partners.get().short_name == "WFG"
    milestone = project.milestones.get()
    assert (milestone.date, milestone.precision, milestone.title) == (
        date(2020, 6, 23),
        DatePrecision.DAY,
        "Beschluss des Kreistags",
    )
    assert project.goals.filter(title__contains="Strukturstärkungsgesetz Kohleregionen").exists()
    assert project.links.get().url == "https://www2.kreis-unna.de/x/pk-0de173"
    assert project.project_images.get().image.credit_line == "Foto: Hans Blossey"
    assert [(c.person.full_name, c.role) for c in project.project_contacts.all()] == [
        ("Gert Kozik", "Auskunft"),
        ("Jutta Pauels", "Auskunft"),
    ]


def test_kreis_unna_council_decision_on_the_concept(client):
    """ "Das regionale Entwicklungskonzept wurde in der Sitzung des Kreistages am 23.06.2020 beschlossen." as a record
    of the body, shown on the project page with its source (the county's page saying so; no Drucksache number is
    published there, so none is made up)."""
    project = Project.objects.get(slug="regionales-entwicklungskonzept-kreis-unna")
    decision = project.decisions.get()
    assert decision.body == Body.objects.get(name="Kreistag des Kreises Unna", region__slug="kreis-unna")
    assert (decision.date, decision.result, decision.reference) == (date(2020, 6, 23), DecisionResult.ADOPTED, "")
    assert decision.url == "https://www2.kreis-unna.de/x/pk-0de173"
    assert not decision.is_withdrawn and decision.oparl_id is None
    page = client.get(project.get_absolute_url()).content.decode()
    assert (
        '<span>Kreistag des Kreises Unna</span>, <time datetime="2020-06-23">23. Juni 2020</time> · beschlossen' in page
    )
    assert '<a href="https://www2.kreis-unna.de/x/pk-0de173">Quelle' in page


def test_kreis_unna_contacts_exactly_as_printed():
    kozik = Person.objects.get(slug="gert-kozik")
    assert (kozik.phone, kozik.fax, kozik.email) == (
        "0 23 03 / 27-14 61",
        "0 23 03 / 27-22 96",
        "gert.kozik@kreis-unna.de",
    )
    assert kozik.phone_uri == "tel:+492303271461"
    pauels = Person.objects.get(slug="jutta-pauels")
    assert (pauels.phone, pauels.fax, pauels.email) == (
        "0 23 03 / 27-13 61",
        "0 23 03 / 27-22 96",
        "jutta.pauels@kreis-unna.de",
    )
    assert kozik.organisation.parent.slug == "kreis-unna"


def test_smart_region_cooperation():
    project = Project.objects.get(slug="smart-region-kreis-unna")
    assert project.title == "Interkommunale Zusammenarbeit (IKZ) Smart Region Kreis Unna"
    assert project.municipalities.count() == 10
    assert set(project.municipalities.values_list("ags", flat=True)) == set(KREIS_UNNA_TOWNS.values())
    assert project.lead_organisation.name == "Projektleitstelle Smart Region Kreis Unna"
    assert project.lead_organisation.parent.name == "Stadt Schwerte"
    assert set(project.partners.values_list("name", flat=True)) == {"Kreis Unna", "Stadt Schwerte"}
    goals = list(project.goals.values_list("title", flat=True))
    for bullet in (
        "Ressourcenschonende Technologien",
        "Eine verbesserte Zukunftsfähigkeit der Stadt / des Raums",
        "Die Integration und Vernetzung für ökologische und soziale Verbesserungen",
        "Eine Stärkung der Bürgerbeteiligung",
    ):
        assert bullet in goals
    assert any("12 Themenfeldern" in goal for goal in goals)
    vision = project.goals.get(title="Den Kreis Unna zu einer Smart Region gestalten")
    assert "Metropole Ruhr, dem Münsterland und der Region Südwestfalen" in vision.description
    assert project.themes.filter(slug="digitalisierung-smart-city").exists()


def test_smart_region_in_leichte_sprache_from_the_seeds_facts(client):
    project = Project.objects.get(slug="smart-region-kreis-unna")
    text = project.easy_language
    assert project.easy_language_title == "Smart Region Kreis Unna: Die Städte und Gemeinden arbeiten zusammen"
    assert easy_language.problems(text) == []
    for fact in (
        "Alle 10 Städte und Gemeinden machen bei dem Projekt mit.",  # all 10 municipalities …
        "Der Kreis Unna macht auch mit.",  # … and the county itself
        "Das heißt: clevere Region.",  # "(dt. »cleveren Region«)"
        "Bis zum Jahr 2038",  # the coal phase-out decision
        "Die Stadt Schwerte leitet das Projekt.",  # the project office at the town of Schwerte
        "12 Themen",
    ):
        assert fact in text, fact
    content = client.get(project.get_absolute_url()).content.decode()
    assert f'href="{project.get_easy_language_url()}"' in content
    assert client.get(project.get_easy_language_url()).status_code == 200


def test_region_der_mitte():
    region = Region.objects.get(slug="region-der-mitte")
    assert region.kind == "cooperation-area"
    assert set(region.states.values_list("abbreviation", flat=True)) == {"HE", "NW", "NI"}
    references = dict(
        region.memberships.filter(role=MembershipRole.REFERENCE).values_list("municipality__name", "municipality__ags")
    )
    assert references == {"Kassel": "06611000", "Paderborn": "05774032", "Göttingen": "03159016"}
    assert region.website == "https://www.regiondermitte.de"

    project = Project.objects.get(slug="wirtschafts-region-der-mitte")
    assert project.title == (
        "(Wirtschafts-) Region der Mitte – Neues Leben und Arbeiten länderübergreifend organisiert"
    )
    assert (project.start_date.year, project.start_date.month, project.start_precision) == (2021, 11, "month")
    line = project.funding_lines.get(programme__slug="aktive-regionalentwicklung")
    assert (line.amount, line.amount_is_approximate) == (Decimal("700000"), True)
    assert line.funding_body.short_name == "BMI"
    assert line.partner.name == "Bundesinstitut für Bau-, Stadt- und Raumforschung"
    assert line.programme.parent.name == "Region gestalten"
    assert line.programme.funding_body.name == ("Heimatabteilung des Bundesministeriums des Innern, für Bau und Heimat")
    # The EU list of operations: national funding (Bundesprogramm ländliche Entwicklung), so no EU fund and no EU
    # share; the seed's "Volumen von rund 700.000 Euro" as total cost, the project's address as beneficiary and as
    # location (an operation across three Länder is located where its beneficiary is, Art. 49(3)(m)).
    assert line.operation_code == "wirtschafts-region-der-mitte-1"
    assert (line.fund, line.cofinancing_rate, line.eu_share) == ("none", Decimal("0"), Decimal("0"))
    assert (line.total_cost, line.total_cost_is_approximate, line.currency) == (Decimal("700000"), True, "EUR")
    assert (line.beneficiary.name, line.beneficiary.postal_code, line.postcode) == (
        "Region Kassel-Land e.V.",
        "34466",
        "34466",
    )
    assert (line.start_date, line.end_date) == (project.start_date, project.end_date)
    # What the seed does not say stays empty: no EU programme's objective or intervention field, no NUTS code or
    # coordinates, no eligible cost (the operation code is the portal's own, as the seed gives no grant reference).
    assert (line.specific_objective, line.nuts_code, line.latitude, line.eligible_cost) == ("", "", None, None)
    assert (line.grant_reference, list(line.intervention_fields.all())) == ("", [])
    line.full_clean()  # the demo passes the back office's checks
    assert project.funding_lines.filter(programme__short_name="BULE").exists()
    assert Project.objects.with_funding_total().get(pk=project.pk).funding_total == Decimal("700000")
    lighthouses = list(project.goals.filter(is_lighthouse=True).values_list("title", flat=True))
    assert len(lighthouses) == 4
    assert lighthouses[0] == (
        "Bundesländerübergreifende Regionalanalyse der Wirtschaftsstrukturen und Mobilitätsbeziehungen"
    )
    assert lighthouses[1].endswith("(Nachbarschaftsforum)")
    assert lighthouses[2].endswith("(Fachforen)")
    assert "Unternehmensforums" in lighthouses[3]
    core_goal = project.goals.get(title="Regionale Kommunikations- und Austauschplattform")
    assert not core_goal.is_lighthouse
    document = project.project_documents.get().document
    assert document.title.startswith("Strategisches Regionales Entwicklungskonzept")


def test_region_der_mitte_page_shows_the_operation_as_kohesio_would(client):
    page = client.get(Project.objects.get(slug="wirtschafts-region-der-mitte").get_absolute_url()).content.decode()
    assert '<dt>Gesamtkosten</dt>\n<dd class="amount">rund 700.000\N{NO-BREAK SPACE}€</dd>' in page
    assert "<dt>EU-Fonds</dt>\n<dd>kein EU-Fonds (nationale Förderung)</dd>" in page
    assert "<dt>EU-Anteil</dt>" not in page  # national funding: no EU share to show
    assert "<dd>wirtschafts-region-der-mitte-1</dd>" in page


def test_region_der_mitte_contacts():
    sollbach = Person.objects.get(slug="oliver-sollbach")
    assert (sollbach.position, sollbach.phone, sollbach.email) == (
        "Regionalmanager",
        "0 56 92 / 99 777 - 14",
        "o.sollbach@region-kassel-land.de",
    )
    office = Organisation.objects.get(slug="region-kassel-land")
    assert (office.name, office.street, office.postal_code, office.city) == (
        "Region Kassel-Land e.V.",
        "Kurfürstenstr. 19",
        "34466",
        "Wolfhagen",
    )
    assert (office.phone, office.email, office.website) == (
        "0 56 92 / 99 777 - 14",
        "kontakt@regiondermitte.de",
        "https://www.regiondermitte.de",
    )
    article = Article.objects.get(slug="srek-region-der-mitte-herunterladen")
    assert article.title == (
        "Laden Sie das Strategische Regionale Entwicklungskonzept für die Region der Mitte herunter"
    )
    assert article.attachments.get().title.endswith("(SREK) für die Region der Mitte")


def test_hochsauerlandkreis_and_zukunftswerkstatt():
    region = Region.objects.get(slug="hochsauerlandkreis")
    assert (region.ars, region.nuts3) == ("059580000000", "DEA57")
    assert len(member_names("hochsauerlandkreis")) == 12
    assert Municipality.objects.get(slug="winterberg").ags == "05958048"
    assert region.key_figures.get(label="Städte und Gemeinden").value == 12

    programme = FundingProgramme.objects.get(slug="zukunftswerkstatt-kommunen")
    assert programme.name == "Zukunftswerkstatt Kommunen – Attraktiv im Wandel"
    assert programme.short_name == "ZWK"
    assert programme.funding_body.name == "Bundesministerium für Familie, Senioren, Frauen und Jugend"
    assert (programme.start_date, programme.end_date) == (date(2021, 9, 1), date(2024, 12, 31))
    assert "40 Kommunen" in programme.summary

    project = Project.objects.get(slug="zukunftswerkstatt-kommunen-hochsauerlandkreis")
    assert (project.start_date.year, project.start_date.month, project.start_precision) == (2021, 11, "month")
    assert project.lead_region == region
    assert project.funding_lines.get().programme == programme
    assert "Kommunale Identität nachhaltig stärken" in project.goals.values_list("title", flat=True)


def test_hsk_kick_off_article():
    article = Article.objects.get(slug="hsk-startet-zukunftswerkstatt-kommunen")
    assert article.title.startswith("HSK startet mit Auftaktveranstaltung Modellprojekt")
    assert article.source == "Pressestelle Hochsauerlandkreis"
    assert article.source_organisation.parent.short_name == "HSK"
    assert (article.image.creator, article.image.credit_line) == ("HSK", "Foto: HSK")
    assert article.image_caption.startswith("Mit der Kick-Off Veranstaltung Anfang November")
    assert article.related_projects.get().slug == "zukunftswerkstatt-kommunen-hochsauerlandkreis"
    roles = {ap.person.full_name: ap.role for ap in article.article_people.all()}
    assert roles["Jens Steinhoff"] == "Workshopleitung"
    assert "Dr. Karl Schneider" in roles
    assert Person.objects.get(slug="karl-schneider").position == "Landrat"
    assert Person.objects.get(slug="andreas-kirner").organisation.short_name == "Referat 316"
    assert Person.objects.get(slug="frank-linnekugel").position.endswith(
        "Geschäftsführer Wirtschaftsförderungsgesellschaft Hochsauerlandkreis mbH"
    )
    steinhoff = Person.objects.get(slug="jens-steinhoff")
    assert steinhoff.organisation.name == "IfR Institut für Regionalmanagement GbR"


def test_metropole_ruhr():
    region = Region.objects.get(slug="metropole-ruhr")
    assert len(member_names("metropole-ruhr")) == 53
    assert member_names("kreis-unna") <= member_names("metropole-ruhr")
    unna = Municipality.objects.get(ags="05978036")
    assert set(unna.regions.values_list("slug", flat=True)) == {"kreis-unna", "metropole-ruhr"}
    assert Municipality.objects.get(slug="dortmund").kind == "independent-city"
    assert region.organisation.short_name == "RVR"
    bmr = Organisation.objects.get(short_name="BMR")
    assert (bmr.name, bmr.parent) == ("Business Metropole Ruhr GmbH", region.organisation)
    assert region.key_figures.get(label="Ruhrgebietsstädte").value == 53
    assert region.key_figures.get(label="Halden des RVR").value == 58
    assert region.goals.filter(title="Das Ruhrgebiet zur grünsten Wirtschaftsregion Europas machen").exists()
    assert region.goals.count() == 6
    headings = set(region.region_themes.values_list("heading", flat=True))
    assert "Regionale Flächenentwicklung – Raum für Neues" in headings
    assert "Schule, Aus- und Weiterbildung – Rohstoff Wissen" in headings
    titles = list(Article.objects.in_region(region).values_list("title", flat=True))
    assert titles == [
        "Viel Potenzial für erneuerbare Energien auf Halden",
        "Höchste Zeit für aktive Industriepolitik",
        "Wie wir mehr Investitionen in den Kommunen möglich machen",
        "„Offenheit schafft Vertrauen“",
        "Mark 51°7 – Vom Kadett zum Hightech-Campus",
        "Kohlekommission: Folgen für die Metropole Ruhr",
    ]


def test_everything_public_valid_and_registered():
    publishables = [obj for model in apps.get_models() if issubclass(model, Publishable) for obj in model.objects.all()]
    assert all(obj.state == PublicationState.PUBLISHED and obj.is_public for obj in publishables)
    assert ShortLink.objects.count() == len(publishables)
    for image in Image.objects.all():
        assert image.alt_text and image.credit_line
    for model in (Municipality, Region, Person, Organisation, Project, Article, Body, Decision):
        for obj in model.objects.all():
            obj.full_clean()
    assert Municipality.objects.count() == Municipality.objects.values("ags").distinct().count()
