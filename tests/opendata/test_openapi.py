"""The OpenAPI document validates, describes what the API answers, and schema-based fuzzing finds no 5xx."""

import re

import jsonschema
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from projects.models import Milestone
from regionportal.opendata.datasets import DATASETS
from regionportal.opendata.openapi import openapi_document

from ..factories import (
    make_article,
    make_municipality,
    make_organisation,
    make_programme,
    make_project,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """A little of everything, so that the API has records to describe."""
    municipality = make_municipality(slug="froendenberg", ags="05978012")
    region = make_region(slug="kreis-unna", members=[municipality])
    theme = make_theme(slug="energie")
    project = make_project(
        slug="smart-region", region=region, amount="1500000.50", lead_organisation=make_organisation()
    )
    project.themes.add(theme)
    project.municipalities.add(municipality)
    Milestone.objects.create(project=project, date="2025-01-01", title="Start")
    article = make_article(slug="neue-halle", author="Pressestelle")
    article.regions.add(region)
    article.related_projects.add(project)
    make_programme(slug="region-gestalten", parent=make_programme())


@pytest.fixture
def document(client):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert not response.cookies
    return response.json()


def test_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["license"] == {
        "name": "Datenlizenz Deutschland – Namensnennung 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
    }


def test_document_has_a_list_and_a_detail_path_per_dataset_with_the_list_pages_filters(document):
    assert set(document["paths"]) == {
        path for dataset in DATASETS for path in (f"/api/{dataset.slug}/", f"/api/{dataset.slug}/{{slug}}/")
    }
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/projects/"]["get"]["parameters"]}
    assert list(parameters) == [
        "limit",
        "offset",
        "q",
        "region",
        "municipality",
        "ags",
        "ars",
        "nuts",
        "theme",
        "programme",
        "status",
        "start_year_min",
        "start_year_max",
        "sort",
    ]
    assert parameters["status"] == {"type": "string", "enum": ["planned", "running", "completed"]}
    assert parameters["sort"]["enum"] == ["newest", "title", "start", "funding"]
    assert parameters["start_year_min"] == {"type": "integer", "minimum": 1950, "maximum": 2100}
    assert parameters["q"] == {"type": "string", "maxLength": 200}
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["ags"] == {"type": "string", "maxLength": 8, "pattern": "^(0[1-9]|1[0-6])[0-9]{0,6}$"}
    assert parameters["nuts"]["pattern"] == "^DE([0-9A-G]([0-9A-Z]{1,2})?)?$"
    documented = {p["name"]: p for p in document["paths"]["/api/projects/"]["get"]["parameters"]}
    for name in ("ags", "ars", "nuts", "region", "municipality"):
        for example in documented[name]["examples"].values():
            assert re.fullmatch(documented[name]["schema"].get("pattern", ".*"), example["value"]), example
    assert {example["value"] for example in documented["ags"]["examples"].values()} >= {"05978", "05978036"}
    assert "400" in document["paths"]["/api/projects/{slug}/"]["get"]["responses"]
    assert "parameter" in document["components"]["schemas"]["error"]["properties"]
    news = {p["name"]: p["schema"] for p in document["paths"]["/api/news/"]["get"]["parameters"]}
    assert news["year"] == {"type": "string"}  # the years that have news, so not enumerated


@pytest.mark.parametrize("dataset", [dataset.slug for dataset in DATASETS])
def test_responses_match_the_documented_schemas(client, content, document, dataset):
    def check(body, schema):
        jsonschema.validate(
            body,
            {"$ref": f"#/components/schemas/{schema}", "components": document["components"]},
            cls=jsonschema.Draft202012Validator,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )

    page = client.get(reverse("api:list", kwargs={"dataset": dataset})).json()
    check(page, f"{dataset}-page")
    assert page["results"]
    slug = page["results"][0]["slug"]
    check(client.get(reverse("api:detail", kwargs={"dataset": dataset, "slug": slug})).json(), dataset)
    check(client.get(reverse("api:list", kwargs={"dataset": dataset}), {"limit": "x"}).json(), "error")


@pytest.fixture
def wsgi_app(content):
    """The real WSGI handler, kept from closing the test's database connection around each request."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


# The document needs no database, so it is loaded once when the tests are collected.
schema = schemathesis.openapi.from_dict(openapi_document(RequestFactory().get(reverse("api:openapi"))))


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_fuzzed_requests_get_no_server_error_and_documented_answers(case, wsgi_app):
    """Valid and invalid parameters; a path that is no slug at all may get the site's HTML 404."""
    case.call_and_validate(
        app=wsgi_app, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
