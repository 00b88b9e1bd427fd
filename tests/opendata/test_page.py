"""The open-data page, its licence, the DCAT-AP.de catalogue and the "download this selection" links."""

import pytest
import rdflib
from django.core.exceptions import ImproperlyConfigured
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import resolve, reverse

from regionportal.opendata.catalogue import open_data_licence

from ..factories import make_article, make_project

pytestmark = pytest.mark.django_db

DL_DE_BY = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


@pytest.mark.parametrize(
    ("name", "path"),
    [("opendata:index", "/offene-daten/"), ("opendata:catalogue", "/offene-daten/catalog.jsonld")],
)
def test_url_round_trip(name, path):
    assert reverse(name) == path
    assert resolve(path).view_name == name


def test_page_lists_every_dataset_with_downloads_api_and_licence(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(reverse("opendata:index"))

    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert (
        '<a href="https://www.govdata.de/dl-de/by-2-0" rel="license">'
        "Datenlizenz Deutschland – Namensnennung 2.0</a>" in html
    )
    assert "Bitte nennen Sie als Quelle „Regionportal“." in html
    for path in (
        "/projekte/export.csv",
        "/projekte/export.csv?format=excel-de",
        "/aktuelles/export.json",
        "/kommunen/export.csv",
        "/api/municipalities/",
        "/api/openapi.json",
        "/offene-daten/catalog.jsonld",
        "/offene-daten/vorhaben.csv",
        "/offene-daten/vorhaben.csv?format=excel-de",
        "/offene-daten/vorhaben.json",
    ):
        assert f'href="{path}"' in html, path
    assert "<code>municipalities_ags</code>" in html
    assert '<h2 id="dataset-operations">EU-Liste der Vorhaben</h2>' in html
    assert "<code>Location_Indicator_NUTS_code</code>" in html


def test_english_page(client):
    html = client.get("/en/offene-daten/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/en/projekte/export.csv"' in html
    assert 'href="/en/offene-daten/vorhaben.csv"' in html


def test_licence_is_configurable(settings):
    settings.OPEN_DATA_LICENCE = "cc-by-4.0"
    assert open_data_licence().uri == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    settings.OPEN_DATA_LICENCE = "all-rights"
    with pytest.raises(ImproperlyConfigured, match="OPEN_DATA_LICENCE"):
        open_data_licence()


def test_page_names_a_configured_licence_without_attribution(client, settings):
    settings.OPEN_DATA_LICENCE = "cc0-1.0"
    html = client.get(reverse("opendata:index")).content.decode()
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license">CC0 1.0</a>' in html
    assert "Bitte nennen Sie" not in html


def test_catalogue_is_dcat_ap_de_json_ld(client):
    from rdflib.namespace import DCAT, DCTERMS, RDF  # not at module level, where pytest would inspect them

    project = make_project()
    make_article()

    response = client.get(reverse("opendata:catalogue"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert not response.cookies
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(catalogue) == "http://testserver/offene-daten/catalog.jsonld"
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert {str(dataset).rsplit("#", 1)[1] for dataset in datasets} == {
        "projects",
        "news",
        "regions",
        "municipalities",
        "programmes",
        "operations",
    }
    for dataset in datasets:
        assert graph.value(dataset, RDF.type) == DCAT.Dataset
        assert graph.value(dataset, DCTERMS.title)
        assert graph.value(dataset, DCTERMS.publisher)
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == (2 if str(dataset).endswith("#operations") else 3)  # no API for operations
        for distribution in distributions:
            assert str(graph.value(distribution, DCTERMS.license)) == DL_DE_BY
            assert str(graph.value(distribution, DCAT.accessURL)).startswith("http://testserver/")
            assert str(graph.value(distribution, DCTERMS.format)).startswith(
                "http://publications.europa.eu/resource/authority/file-type/"
            )
    projects = next(dataset for dataset in datasets if str(dataset).endswith("#projects"))
    assert graph.value(projects, DCTERMS.modified).toPython() == project.updated_at
    urls = {str(graph.value(d, DCAT.accessURL)) for d in graph.objects(projects, DCAT.distribution)}
    assert urls == {
        "http://testserver/projekte/export.csv",
        "http://testserver/projekte/export.json",
        "http://testserver/api/projects/",
    }


class TestDownloadLinks:
    def render(self, path, dataset):
        template = Template('{% include "includes/download_links.html" with dataset=dataset %}')
        return template.render(RequestContext(RequestFactory().get(path), {"dataset": dataset}))

    def test_links_carry_the_selection_without_the_page(self):
        html = self.render("/projekte/?region=kreis-unna&status=planned&page=2", "projects")
        assert "Diese Auswahl herunterladen" in html
        for href in (
            "/projekte/export.csv?region=kreis-unna&amp;status=planned",
            "/projekte/export.csv?region=kreis-unna&amp;status=planned&amp;format=excel-de",
            "/projekte/export.json?region=kreis-unna&amp;status=planned",
            "/projekte/feed.atom?region=kreis-unna&amp;status=planned",
            "/offene-daten/",
        ):
            assert f'href="{href}"' in html, href

    def test_links_without_a_selection(self):
        html = self.render("/aktuelles/", "news")
        for href in (
            "/aktuelles/export.csv",
            "/aktuelles/export.csv?format=excel-de",
            "/aktuelles/export.json",
            "/aktuelles/feed.atom",
        ):
            assert f'href="{href}"' in html, href
