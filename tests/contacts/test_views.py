"""Public contact pages and vCard downloads."""

from datetime import date

import pytest
from django.urls import resolve, reverse

from contacts import vcard
from projects.models import ProjectContact, RegionContact
from regionportal.caching.cache import content_state
from regionportal.publishing.models import PublicationState

from ..factories import make_organisation, make_person, make_project, make_region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("contacts:list", {}, "/kontakte/"),
        ("contacts:person", {"slug": "erika-muster"}, "/kontakte/personen/erika-muster/"),
        ("contacts:person-vcard", {"slug": "erika-muster"}, "/kontakte/personen/erika-muster/vcard.vcf"),
        ("contacts:organisation", {"slug": "kreis-unna"}, "/kontakte/organisationen/kreis-unna/"),
        (
            "contacts:organisation-vcard",
            {"slug": "kreis-unna"},
            "/kontakte/organisationen/kreis-unna/vcard.vcf",
        ),
    ],
)
def test_url_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


@pytest.fixture
def organisation():
    return make_organisation(
        name="Kreis Unna, Stabsstelle; Planung",
        short_name="KU",
        slug="kreis-unna",
        street="Friedrich-Ebert-Straße 17",
        postal_code="59425",
        city="Unna",
        phone="0 23 03 / 27-0",
        fax="0 23 03 / 27-13 99",
        email="post@kreis-unna.de",
        website="https://www.kreis-unna.de",
        confirmed_on=date(2024, 5, 2),
    )


@pytest.fixture
def person(organisation):
    return make_person(
        academic_title="Dr.",
        first_name="Erika",
        last_name="Muster",
        slug="erika-muster",
        position="Regionalmanagerin, Strukturwandel",
        organisation=organisation,
        phone="0 23 03 / 27-14 61",
        fax="0 23 03 / 27-14 99",
        email="erika.muster@kreis-unna.de",
        confirmed_on=date(2024, 5, 2),
    )


class TestPerson:
    def test_shows_contact_facts_projects_and_regions(self, client, person):
        project = make_project(title="Digitales Rathaus")
        ProjectContact.objects.create(project=project, person=person, role="Auskunft")
        ProjectContact.objects.create(
            project=make_project(title="Entwurfsprojekt", state=PublicationState.DRAFT), person=person
        )
        RegionContact.objects.create(region=make_region(name="Kreis Unna"), person=person, role="Regionalmanagement")
        RegionContact.objects.create(
            region=make_region(name="Entwurfsregion", state=PublicationState.DRAFT), person=person
        )
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert "<h1>Dr. Erika Muster</h1>" in content
        assert "<title>Dr. Erika Muster – Regionportal</title>" in content
        assert 'href="tel:+492303271461"' in content
        assert "0 23 03 / 27-14 99" in content
        assert 'href="mailto:erika.muster@kreis-unna.de"' in content
        assert '<time datetime="2024-05-02">' in content
        assert 'href="/kontakte/organisationen/kreis-unna/"' in content
        assert 'href="/kontakte/personen/erika-muster/vcard.vcf"' in content
        assert "Digitales Rathaus" in content and "Entwurfsprojekt" not in content
        assert "Regionalmanagement" in content and "Entwurfsregion" not in content

    def test_unpublished_organisation_is_not_shown(self, client):
        person = make_person(organisation=make_organisation(name="Geheime Stelle", state=PublicationState.DRAFT))
        assert "Geheime Stelle" not in client.get(person.get_absolute_url()).content.decode()
        assert "Geheime Stelle" not in client.get(reverse("contacts:person-vcard", args=[person.slug])).content.decode()

    @pytest.mark.parametrize(
        "state, status",
        [(PublicationState.DRAFT, 404), (PublicationState.UNPUBLISHED, 404), (PublicationState.ARCHIVED, 410)],
    )
    def test_not_public_is_not_found(self, client, state, status):
        person = make_person(state=state)
        assert client.get(person.get_absolute_url()).status_code == status  # archived: gone for good
        assert client.get(reverse("contacts:person-vcard", args=[person.slug])).status_code == status

    @pytest.mark.parametrize(
        "path", ["/kontakte/personen/gibt-es-nicht/", "/kontakte/personen/%00/", "/kontakte/personen/a'b/"]
    )
    def test_unknown_is_not_found(self, client, path):
        assert client.get(path).status_code == 404

    def test_english(self, client, person):
        response = client.get("/en" + person.get_absolute_url())
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, person, count):
        for _ in range(count):
            ProjectContact.objects.create(project=make_project(), person=person)
            RegionContact.objects.create(region=make_region(), person=person)
        content_state()  # when content changes next by itself: computed once per change, not per page
        with django_assert_max_num_queries(6):
            assert client.get(person.get_absolute_url()).status_code == 200


class TestOrganisation:
    def test_shows_contact_facts_people_projects_and_regions(self, client, organisation, person):
        make_person(last_name="Verborgen", organisation=organisation, state=PublicationState.DRAFT)
        make_project(title="Geführtes Projekt", lead_organisation=organisation)
        make_project(title="Partnerprojekt").partners.add(organisation)
        make_region(name="Getragene Region", organisation=organisation)
        response = client.get(organisation.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert "Friedrich-Ebert-Straße 17" in content and "59425 Unna" in content
        assert 'href="tel:+492303270"' in content
        assert "Dr. Erika Muster" in content and "Verborgen" not in content
        assert "Geführtes Projekt" in content and "Partnerprojekt" in content
        assert "Getragene Region" in content
        assert 'href="/kontakte/organisationen/kreis-unna/vcard.vcf"' in content

    def test_not_public_is_not_found(self, client):
        organisation = make_organisation(state=PublicationState.DRAFT)
        assert client.get(organisation.get_absolute_url()).status_code == 404
        assert client.get(reverse("contacts:organisation-vcard", args=[organisation.slug])).status_code == 404

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, organisation, count):
        for _ in range(count):
            make_person(organisation=organisation)
            make_project(lead_organisation=organisation).partners.add(organisation)
            make_region(organisation=organisation)
            make_organisation(parent=organisation)
        with django_assert_max_num_queries(12):
            assert client.get(organisation.get_absolute_url()).status_code == 200


class TestList:
    def test_lists_published_organisations_and_people(self, client, person):
        make_organisation(name="Entwurfsorganisation", state=PublicationState.DRAFT)
        make_person(last_name="Ohneorganisation")
        response = client.get(reverse("contacts:list"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Dr. Erika Muster" in content and "Ohneorganisation" in content
        assert "Entwurfsorganisation" not in content

    def test_empty_state(self, client):
        assert 'class="empty"' in client.get(reverse("contacts:list")).content.decode()

    @pytest.mark.parametrize("count", [1, 25])
    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, count):
        for _ in range(count):
            make_person(organisation=make_organisation())
            make_person()
        with django_assert_max_num_queries(4):
            assert client.get(reverse("contacts:list")).status_code == 200


def unfolded(card):
    return card.replace("\r\n ", "")


class TestVCard:
    def test_person(self, client, person):
        response = client.get(reverse("contacts:person-vcard", args=[person.slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/vcard; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="erika-muster.vcf"'
        card = response.content.decode()
        lines = unfolded(card).split("\r\n")
        assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"]
        assert lines[-2:] == ["END:VCARD", ""]
        assert "FN:Dr. Erika Muster" in lines
        assert "N:Muster;Erika;;Dr.;" in lines
        assert "ORG:Kreis Unna\\, Stabsstelle\\; Planung" in lines
        assert "TITLE:Regionalmanagerin\\, Strukturwandel" in lines
        assert "TEL;VALUE=uri;TYPE=work,voice:tel:+492303271461" in lines
        assert "TEL;VALUE=uri;TYPE=work,fax:tel:+492303271499" in lines
        assert "EMAIL;TYPE=work:erika.muster@kreis-unna.de" in lines
        assert "ADR;TYPE=work:;;Friedrich-Ebert-Straße 17;Unna;;59425;Deutschland" in lines

    def test_organisation(self, client, organisation):
        card = client.get(reverse("contacts:organisation-vcard", args=[organisation.slug])).content.decode()
        lines = unfolded(card).split("\r\n")
        assert "KIND:org" in lines
        assert "FN:Kreis Unna\\, Stabsstelle\\; Planung" in lines
        assert "NICKNAME:KU" in lines
        assert "URL:https://www.kreis-unna.de" in lines
        assert not any(line.startswith("N:") for line in lines)

    def test_lines_are_folded_at_75_octets_without_splitting_characters(self):
        line = "NOTE:" + "Größenänderung " * 20
        folded = vcard.fold(line)
        physical = folded.split("\r\n")
        assert all(len(part.encode("utf-8")) <= 75 for part in physical)
        assert all(part.startswith(" ") for part in physical[1:])
        assert folded.replace("\r\n ", "") == line

    @pytest.mark.parametrize(
        ("raw", "escaped"),
        [
            ("a,b", "a\\,b"),
            ("a;b", "a\\;b"),
            ("a\\b", "a\\\\b"),
            ("a\nb", "a\\nb"),
            ("a\r\nb", "a\\nb"),
            (None, ""),
        ],
    )
    def test_escaping(self, raw, escaped):
        assert vcard.escape_text(raw) == escaped

    def test_empty_values_are_left_out(self, client):
        person = make_person(phone="", email="", organisation=None)
        card = client.get(reverse("contacts:person-vcard", args=[person.slug])).content.decode()
        assert "TEL" not in card and "EMAIL" not in card and "ORG" not in card and "ADR" not in card

    def test_constant_number_of_queries(self, client, django_assert_max_num_queries, person):
        content_state()  # when content changes next by itself: computed once per change, not per page
        with django_assert_max_num_queries(2):
            client.get(reverse("contacts:person-vcard", args=[person.slug]))
