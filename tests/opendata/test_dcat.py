"""The DCAT-AP.de catalogue, class by class against the property tables of DCAT-AP.de 2.0.

Source: repository GovDataOfficial/DCAT-AP.de, ``Releases/DCAT-AP.de V2.0/spec/04_classes.md`` – the overview
tables of the sections "Klasse: Katalog", "Klasse: Datensatz" and "Klasse: Distribution" (Verbindlichkeit Pflicht
and Empfohlen, Kardinalität) – and the Konventionenhandbuch ``implRules/020_conventions_dataset.md`` (conventions 1,
8, 9, 11, 12). Optional properties are listed only where a convention asks for them.
"""

import re
from datetime import date

import pytest
import rdflib
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models import Max, Min
from django.urls import reverse

from projects.models import FundingLine, Municipality, Project
from regionportal.opendata.catalogue import contributor

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
PFLICHT, EMPFOHLEN, GOVDATA = "Pflicht", "Empfohlen", "GovData"  # GovData: optional, but convention 12 MUST

# (property, Verbindlichkeit, Kardinalität) as in the tables; "*" is unbounded.
KATALOG = [  # 04_classes.md, "Klasse: Katalog"
    ("dct:title", PFLICHT, "1..*"),
    ("dct:description", PFLICHT, "1..*"),
    ("dcat:dataset", PFLICHT, "1..*"),
    ("dct:publisher", PFLICHT, "1"),
    ("dct:issued", EMPFOHLEN, "0..1"),
    ("dct:modified", EMPFOHLEN, "0..1"),
    ("dct:language", EMPFOHLEN, "*"),
    ("foaf:homepage", EMPFOHLEN, "0..1"),
    ("dct:license", EMPFOHLEN, "0..1"),
    ("dcat:themeTaxonomy", EMPFOHLEN, "*"),
    ("dcatap:availability", EMPFOHLEN, "0..1"),
    ("dct:spatial", EMPFOHLEN, "*"),
]
DATENSATZ = [  # 04_classes.md, "Klasse: Datensatz"
    ("dct:title", PFLICHT, "1..*"),
    ("dct:description", PFLICHT, "1..*"),
    ("dcat:keyword", EMPFOHLEN, "*"),
    ("dcatde:politicalGeocodingLevelURI", EMPFOHLEN, "*"),
    ("dcatde:politicalGeocodingURI", EMPFOHLEN, "*"),
    ("dcat:theme", EMPFOHLEN, "*"),
    ("dcat:contactPoint", EMPFOHLEN, "*"),
    ("dcatap:availability", EMPFOHLEN, "0..1"),
    ("dct:spatial", EMPFOHLEN, "*"),
    ("dct:temporal", EMPFOHLEN, "*"),
    ("dcat:distribution", EMPFOHLEN, "*"),
    ("dct:publisher", EMPFOHLEN, "0..1"),
    ("dcatde:contributorID", GOVDATA, "*"),
]
DISTRIBUTION = [  # 04_classes.md, "Klasse: Distribution"
    ("dcat:accessURL", PFLICHT, "1..*"),
    ("dct:title", EMPFOHLEN, "*"),
    ("dct:modified", EMPFOHLEN, "0..1"),
    ("dct:license", EMPFOHLEN, "0..1"),  # the Konventionenhandbuch asks a licence of every distribution
    ("dct:format", EMPFOHLEN, "0..1"),
    ("dcatap:availability", EMPFOHLEN, "0..1"),
    ("dcatde:plannedAvailability", EMPFOHLEN, "0..1"),
]

# Where a recommended property is left out on purpose, and why.
NOT_GIVEN = {
    ("dcat:Distribution", "dcatde:plannedAvailability", None): "DEPRECATED in 2.0, dcatap:availability replaces it",
    ("dcat:Dataset", "dct:temporal", "regions"): "today's members, no period of time",
    ("dcat:Dataset", "dct:temporal", "municipalities"): "today's municipalities, no period of time",
    ("dcat:Distribution", "dct:modified", "municipalities"): "municipalities carry no change timestamps",
}
CLASSES = [("dcat:Catalog", KATALOG), ("dcat:Dataset", DATENSATZ), ("dcat:Distribution", DISTRIBUTION)]


def uri(curie):
    prefix, name = curie.split(":")
    return rdflib.URIRef(NAMESPACES[prefix] + name)


def at_most(cardinality):
    upper = cardinality.split("..")[-1]
    return None if upper == "*" else int(upper)


@pytest.fixture
def graph(client, settings):
    settings.OPEN_DATA_CONTRIBUTOR_ID = "regionportalKreisUnna"
    settings.OPEN_DATA_CONTACT_EMAIL = "offene-daten@example.org"
    call_command("load_demo", verbosity=0)
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    return rdflib.Graph().parse(data=response.content, format="json-ld")


def instances(graph, class_curie):
    """Each instance of the class with the dataset it belongs to (for the exceptions above)."""
    rdf_type = rdflib.RDF.type
    if class_curie == "dcat:Catalog":
        return [(subject, None) for subject in graph.subjects(rdf_type, uri(class_curie))]
    found = []
    for dataset in graph.subjects(rdf_type, uri("dcat:Dataset")):
        slug = str(dataset).rsplit("#", 1)[1]
        if class_curie == "dcat:Dataset":
            found.append((dataset, slug))
        else:
            found += [(distribution, slug) for distribution in graph.objects(dataset, uri("dcat:distribution"))]
    return found


@pytest.mark.parametrize(("class_curie", "table"), CLASSES, ids=[name for name, _table in CLASSES])
def test_every_mandatory_and_recommended_property_class_by_class(graph, class_curie, table):
    subjects = instances(graph, class_curie)
    assert subjects, class_curie
    missing, too_many = [], []
    for subject, dataset in subjects:
        for prop, obligation, cardinality in table:
            values = list(graph.objects(subject, uri(prop)))
            excused = {(class_curie, prop, dataset), (class_curie, prop, None)} & NOT_GIVEN.keys()
            if not values and not excused:
                missing.append((dataset, prop, obligation))
            if excused and values:
                missing.append((dataset, prop, "given although excused: drop the exception"))
            limit = at_most(cardinality)
            if limit is not None and len(values) > limit:
                too_many.append((dataset, prop, len(values)))
    assert missing == []
    assert too_many == []


def test_there_are_three_distributions_per_dataset_and_two_for_the_eu_list_of_operations(graph):
    distributions = {}
    for subject, dataset in instances(graph, "dcat:Distribution"):
        distributions.setdefault(dataset, []).append(str(graph.value(subject, uri("dcat:accessURL"))))
    assert {dataset: len(urls) for dataset, urls in distributions.items()} == {
        "projects": 3,
        "news": 3,
        "regions": 3,
        "municipalities": 3,
        "programmes": 3,
        "operations": 2,
    }
    assert sorted(distributions["operations"]) == [
        "http://testserver/offene-daten/vorhaben.csv",
        "http://testserver/offene-daten/vorhaben.json",
    ]


def test_the_eu_list_of_operations_speaks_of_the_operations_period(graph):
    operations = next(subject for subject, dataset in instances(graph, "dcat:Dataset") if dataset == "operations")
    period = graph.value(operations, uri("dct:temporal"))
    bounds = FundingLine.objects.operations().aggregate(start=Min("start_date"), end=Max("end_date"))
    assert graph.value(period, uri("dcat:startDate")).toPython() == bounds["start"] == date(2021, 11, 30)
    assert graph.value(period, uri("dcat:endDate")).toPython() == bounds["end"] == date(2024, 5, 31)


GEOCODING = "http://dcat-ap.de/def/politicalGeocoding"
KEY_URI = re.compile(rf"{GEOCODING}/(districtKey/[0-9]{{5}}|regionalKey/[0-9]{{12}}|municipalityKey/[0-9]{{8}})")
LEVELS = {f"{GEOCODING}/Level/{level}" for level in ("federal", "state", "administrativeDistrict", "municipality")}


def test_spatial_coverage_in_official_key_uris(graph):
    [catalogue] = instances(graph, "dcat:Catalog")
    for subject, _dataset in [catalogue, *instances(graph, "dcat:Dataset")]:
        spatial = {str(value) for value in graph.objects(subject, uri("dct:spatial"))}
        assert all(KEY_URI.fullmatch(value) for value in spatial), spatial
        assert f"{GEOCODING}/districtKey/05978" in spatial  # Kreis Unna, a published district
        assert f"{GEOCODING}/districtKey/05958" in spatial  # Hochsauerlandkreis
        # Dortmund (Metropole Ruhr, outside both districts) by its ARS; Unna is inside Kreis Unna's key
        assert f"{GEOCODING}/regionalKey/{Municipality.objects.get(name='Dortmund').ars}" in spatial
        assert f"{GEOCODING}/regionalKey/059780036036" not in spatial
    for subject, _dataset in instances(graph, "dcat:Dataset"):
        geocoding = {str(value) for value in graph.objects(subject, uri("dcatde:politicalGeocodingURI"))}
        assert geocoding == {str(value) for value in graph.objects(subject, uri("dct:spatial"))}  # convention 11
        levels = {str(value) for value in graph.objects(subject, uri("dcatde:politicalGeocodingLevelURI"))}
        assert levels == {f"{GEOCODING}/Level/administrativeDistrict", f"{GEOCODING}/Level/municipality"}
        assert levels <= LEVELS


def test_contributor_contact_licence_and_period(graph):
    for subject, _dataset in instances(graph, "dcat:Dataset"):
        assert [str(value) for value in graph.objects(subject, uri("dcatde:contributorID"))] == [
            "http://dcat-ap.de/def/contributors/regionportalKreisUnna"
        ]
        contact = graph.value(subject, uri("dcat:contactPoint"))
        assert str(graph.value(contact, uri("vcard:hasEmail"))) == "mailto:offene-daten@example.org"
        assert str(graph.value(contact, uri("vcard:hasURL"))) == "http://testserver/impressum/"  # convention 1
        temporal = graph.value(subject, uri("dct:temporal"))
        if temporal is not None:
            assert (
                graph.value(temporal, uri("dcat:startDate")).toPython()
                <= graph.value(temporal, uri("dcat:endDate")).toPython()
            )
    for subject, _dataset in instances(graph, "dcat:Distribution"):
        assert str(graph.value(subject, uri("dct:license"))).startswith("http://dcat-ap.de/def/licenses/")
    projects = next(subject for subject, dataset in instances(graph, "dcat:Dataset") if dataset == "projects")
    period = graph.value(projects, uri("dct:temporal"))
    bounds = Project.objects.published().aggregate(start=Min("start_date"), end=Max("end_date"))
    assert graph.value(period, uri("dcat:startDate")).toPython() == bounds["start"]
    assert graph.value(period, uri("dcat:endDate")).toPython() == bounds["end"]


def test_without_configuration_no_contributor_and_the_imprint_as_contact(client, settings):
    settings.OPEN_DATA_CONTRIBUTOR_ID = ""
    settings.OPEN_DATA_CONTACT_EMAIL = ""
    body = client.get(reverse("opendata:catalogue")).json()
    for dataset in body["dcat:dataset"]:
        assert "dcatde:contributorID" not in dataset
        assert dataset["dcat:contactPoint"] == {
            "@type": "vcard:Organization",
            "vcard:fn": settings.PORTAL_NAME,
            "vcard:hasURL": {"@id": "http://testserver/impressum/"},
        }


def test_a_contributor_id_that_is_no_id_stops_the_catalogue(settings):
    settings.OPEN_DATA_CONTRIBUTOR_ID = "http://example.org/x"
    with pytest.raises(ImproperlyConfigured, match="OPEN_DATA_CONTRIBUTOR_ID"):
        contributor()
