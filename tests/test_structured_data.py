"""Every detail page describes itself for schema.org in JSON-LD; printed pages carry the Kurzlink as a QR code."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Organisation, Person
from news.models import Article
from projects.models import Municipality, Project, Region

pytestmark = pytest.mark.django_db


def json_ld(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize(
    ("model", "schema_type"),
    [
        (Project, "Project"),
        (Article, "NewsArticle"),
        (Region, "AdministrativeArea"),
        (Person, "Person"),
        (Organisation, "GovernmentOrganization"),
    ],
)
def test_detail_pages_describe_their_object(client, demo, model, schema_type):
    obj = model.objects.published().order_by("pk").first()

    data = json_ld(client.get(obj.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["url"] == f"http://testserver{obj.get_absolute_url()}"


def test_municipality_carries_its_official_key_and_coordinates(client, demo):
    unna = Municipality.objects.get(ags="05978036")

    data = json_ld(client.get(unna.get_absolute_url()))

    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "AGS", "value": "05978036"}
    assert data["sameAs"] == "http://dcat-ap.de/def/politicalGeocoding/regionalKey/059780036036"
    assert 51 < data["geo"]["latitude"] < 52


def test_areas_are_identified_by_their_official_key_uris(client, demo):
    """The same URIs as the catalogue's dct:spatial: a district by its district key, a town by its ARS."""
    region = Region.objects.get(slug="kreis-unna")
    project = Project.objects.published().filter(lead_region=region, municipalities__ags="05978036").first()
    article = Article.objects.published().filter(regions__slug="hochsauerlandkreis").first()

    assert json_ld(client.get(region.get_absolute_url()))["sameAs"] == (
        "http://dcat-ap.de/def/politicalGeocoding/districtKey/05978"
    )
    areas = json_ld(client.get(project.get_absolute_url()))["areaServed"]
    assert areas[0] == {
        "@type": "AdministrativeArea",
        "name": "Kreis Unna",
        "sameAs": "http://dcat-ap.de/def/politicalGeocoding/districtKey/05978",
    }
    assert {
        "@type": "AdministrativeArea",
        "name": "Unna",
        "sameAs": "http://dcat-ap.de/def/politicalGeocoding/regionalKey/059780036036",
    } in areas
    coverage = json_ld(client.get(article.get_absolute_url()))["spatialCoverage"]
    assert {
        "@type": "AdministrativeArea",
        "name": "Hochsauerlandkreis",
        "sameAs": "http://dcat-ap.de/def/politicalGeocoding/districtKey/05958",
    } in coverage


def test_contact_numbers_are_in_the_description(client, demo):
    person = Person.objects.published().exclude(fax="").order_by("pk").first()

    data = json_ld(client.get(person.get_absolute_url()))

    assert data["telephone"] == person.phone and data["faxNumber"] == person.fax


def test_home_describes_the_site_and_its_search(client, demo):
    data = json_ld(client.get(reverse("portal:home")))

    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/suche/?q={query}"


def test_markup_in_content_cannot_break_out_of_the_script_block(client, demo):
    project = Project.objects.published().order_by("pk").first()
    project.summary = "</script><script>alert(1)</script> & more"
    project.save()

    response = client.get(project.get_absolute_url())

    assert json_ld(response)["description"] == project.summary
    assert "</script><script>alert(1)" not in response.content.decode()


def test_printed_project_page_has_the_kurzlink_as_text_and_qr_code(client, demo):
    project = Project.objects.get(short_code="0de173")

    html = client.get(project.get_absolute_url()).content.decode()

    assert 'href="http://testserver/x/pk-0de173">http://testserver/x/pk-0de173</a>' in html
    qr = re.search(r'<div class="print-only shortlink-qr"><svg role="img" aria-label="QR-Code des Kurzlinks"', html)
    assert qr is not None
